"""Where a report goes and in which format: ``--format`` and ``-o/--out``.

* ``-o FILE`` alone: the format follows the suffix — the registered formats' suffixes
  (``.txt`` table, ``.md`` markdown, ``.html`` html, ``.xlsx`` xlsx, ``.json`` json, and a
  plugin's, e.g. ``.csv``), plus ``.htm`` and ``.markdown``; an unknown suffix gets ``table``.
* ``--format F -o FILE`` whose suffix belongs to another format is refused (no text table in a
  file Excel cannot open).
* ``-o -`` (or no ``-o``) is standard output; a binary format (xlsx) is refused when standard
  output is a terminal (or a text-only stream), and written as bytes to a pipe or a redirect.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kampungkb.errors import KampungKBError
from kampungkb.labels import Lang, text
from kampungkb.report import available_formats

__all__ = ["BINARY_SUFFIXES", "STDOUT", "format_for_suffix", "resolve_output"]

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
        fmt = inferred or "table"
    elif inferred is not None and inferred != fmt:
        raise KampungKBError(text("cli.out_mismatch", lang, path=out,
                                  suffix=Path(str(out)).suffix, inferred=inferred, fmt=fmt))
    formats = available_formats()
    if fmt not in formats:
        raise KampungKBError(text("cli.unknown_format", lang, fmt=fmt,
                                  known=", ".join(formats)))
    suffix = formats[fmt].suffix
    if out is None and suffix.lower() in BINARY_SUFFIXES and _no_bytes_to_stdout():
        raise KampungKBError(text("cli.binary_to_terminal", lang, fmt=fmt, suffix=suffix))
    args.format, args.out = fmt, out
