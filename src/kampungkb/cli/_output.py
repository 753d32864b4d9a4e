"""Where a report goes and in which format: ``--format`` and ``-o/--out``.

* ``-o FILE`` alone: the format follows the suffix — the registered formats' suffixes
  (``.txt`` table, ``.md`` markdown, ``.html`` html, ``.xlsx`` xlsx, ``.json`` json, and a
  plugin's, e.g. ``.csv``), plus ``.htm`` and ``.markdown``; a file without a suffix gets
  ``table``; a suffix no format has (``.pdf``, ``.csv`` without a plugin) is refused.
* ``--format F -o FILE`` whose suffix belongs to another format is refused (no text table in a
  file Excel cannot open).
* ``-o -`` (or no ``-o``) is standard output; a binary format (xlsx) is refused when standard
  output is a terminal (or a text-only stream), and written as bytes to a pipe or a redirect.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from kampungkb._regioncodes import region_code
from kampungkb.engine._nodata import NoDataError, name_some
from kampungkb.errors import KampungKBError
from kampungkb.labels import Lang
from kampungkb.report import available_formats

__all__ = ["BINARY_SUFFIXES", "STDOUT", "check_region", "format_for_suffix", "resolve_output"]

#: ``-o -``: standard output.
STDOUT = "-"
#: Suffixes of formats written as bytes.
BINARY_SUFFIXES = frozenset({".xlsx", ".xlsm", ".parquet", ".pdf", ".zip", ".docx", ".odt"})
_ALIASES = {".htm": "html", ".markdown": "markdown", ".text": "table"}


def format_for_suffix(suffix: str) -> str | None:
    """The report format a file suffix means (``.xlsx`` → ``xlsx``), ``None`` if none."""
    suffix = suffix.lower()
    for name, spec in available_formats().items():
        if spec.suffix.lower() == suffix:
            return name
    return _ALIASES.get(suffix)


def _no_bytes_to_stdout() -> bool:
    """Standard output is a terminal, or a text-only stream (no binary buffer)."""
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty()) or not hasattr(sys.stdout, "buffer")


def resolve_output(args: argparse.Namespace, lang: Lang) -> None:
    """Settle ``args.format`` and ``args.out`` (``None``: standard output) or raise
    :class:`KampungKBError` with the reason in ``lang``."""
    out = args.out if args.out != STDOUT else None
    fmt = args.format
    inferred = format_for_suffix(Path(out).suffix) if out else None
    if fmt is None:
        suffix = Path(out).suffix if out else ""
        if out and suffix and inferred is None:
            # a text table in report.pdf or report.csv would open as a broken file
            known = sorted({s.suffix for s in available_formats().values()} | set(_ALIASES))
            raise KampungKBError.of("cli.out_unknown_suffix", path=out, suffix=suffix,
                                    known=" ".join(known))
        fmt = inferred or "table"
    elif inferred is not None and inferred != fmt:
        raise KampungKBError.of("cli.out_mismatch", path=out, suffix=Path(str(out)).suffix,
                                inferred=inferred, fmt=fmt)
    formats = available_formats()
    if fmt not in formats:
        raise KampungKBError.of("cli.unknown_format", fmt=fmt, known=", ".join(formats))
    suffix = formats[fmt].suffix
    if out is None and suffix.lower() in BINARY_SUFFIXES and _no_bytes_to_stdout():
        raise KampungKBError.of("cli.binary_to_terminal", fmt=fmt, suffix=suffix)
    args.format, args.out = fmt, out




def check_region(codes: Iterable[str], code: str | None, lang: Lang) -> str | None:
    """``--region``: the code in dotted form (``1901`` and `` 19.01 `` give ``19.01``, as
    ``--within`` takes them); a malformed code is a usage error (exit 2); a well-formed code
    the results do not hold is :class:`NoDataError` (exit 4), naming some that exist."""
    if code is None:
        return None
    dotted = region_code(code)
    if dotted is None:
        raise KampungKBError.of("cli.bad_region", code=code)
    code = dotted
    known = sorted(set(codes))
    if code not in known:
        same_level = [c for c in known if len(c) == len(code)]
        near = [c for c in same_level if c.startswith(code[:5])] or same_level
        raise NoDataError("nodata.region", asked=code, known=name_some(near))
    return code
