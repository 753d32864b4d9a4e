"""The packaged region data: the editions (one compact file) and the derived crosswalk.

``editions.txt.gz`` holds every distinct (code, name) pair of the shipped editions once, with
the set of editions it appears in, in three columns one after the other (codes, edition
masks, names) so gzip finds the repetition: codes are written as their depth and last part
(``4 2001`` for a village under the district on the line before), sorted so that a parent
always comes before its children.  About 0.45 MB for three editions of ~91,000 regions each.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
from collections.abc import Iterable, Mapping
from importlib import resources

__all__ = [
    "CROSSWALK_FILE",
    "EDITIONS_FILE",
    "UNDECIDED_FILE",
    "decode_editions",
    "encode_editions",
    "packaged_names",
    "packaged_rows",
]

EDITIONS_FILE = "editions.txt.gz"
CROSSWALK_FILE = "crosswalk.csv.gz"
UNDECIDED_FILE = "undecided.csv.gz"
_MAGIC = "# kampungkb region editions v1"


def encode_editions(editions: Mapping[str, Mapping[str, str]]) -> bytes:
    """Pack ``{edition id: {dotted code: name}}`` (edition ids in order) into the file format."""
    ids = list(editions)
    if len(ids) > 4:
        raise ValueError("the format holds at most 4 editions (one hex digit of flags)")
    pairs: dict[tuple[str, str], int] = {}
    for bit, ed in enumerate(ids):
        for code, name in editions[ed].items():
            if "\n" in name or "\t" in name:
                raise ValueError(f"{code}: a name with a line break or tab")
            key = (code, name)
            pairs[key] = pairs.get(key, 0) | (1 << bit)
    items = sorted(pairs.items())
    codes = []
    for (code, _), _mask in items:
        parts = code.split(".")
        codes.append(f"{len(parts)}{parts[-1]}")
    masks = "".join(f"{mask:x}" for _, mask in items)
    names = [name for (_, name), _ in items]
    text = "\n".join(
        [_MAGIC, "editions " + " ".join(ids), str(len(items)), *codes, masks, *names]
    )
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def decode_editions(blob: bytes) -> dict[str, dict[str, str]]:
    """Unpack :func:`encode_editions`' bytes into ``{edition id: {code: name}}``."""
    lines = gzip.decompress(blob).decode("utf-8").split("\n")
    if lines[0] != _MAGIC or not lines[1].startswith("editions "):
        raise ValueError("not a kampungkb region editions file")
    ids = lines[1].split()[1:]
    n = int(lines[2])
    codes = lines[3 : 3 + n]
    masks = lines[3 + n]
    names = lines[4 + n : 4 + 2 * n]
    out: dict[str, dict[str, str]] = {ed: {} for ed in ids}
    stack = ["", "", "", ""]
    bits = [(1 << i, out[ed]) for i, ed in enumerate(ids)]
    for code, flag, name in zip(codes, masks, names, strict=True):
        depth = int(code[0])
        stack[depth - 1] = code[1:]
        dotted = ".".join(stack[:depth])
        mask = int(flag, 16)
        for bit, target in bits:
            if mask & bit:
                target[dotted] = name
    return out


@functools.cache
def packaged_names() -> dict[str, dict[str, str]]:
    """``{edition id: {code: name}}`` of the shipped editions (read once, then cached)."""
    blob = resources.files("kampungkb.regions").joinpath("data", EDITIONS_FILE).read_bytes()
    return decode_editions(blob)


def write_csv_gz(header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    """A gzip'd UTF-8 CSV (reproducible bytes: no timestamp)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(list(header))
    writer.writerows([("" if v is None else v) for v in row] for row in rows)
    return gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def packaged_rows(file: str) -> list[dict[str, str]]:
    """The rows of a packaged gzip'd CSV as dicts."""
    blob = resources.files("kampungkb.regions").joinpath("data", file).read_bytes()
    text = gzip.decompress(blob).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))
