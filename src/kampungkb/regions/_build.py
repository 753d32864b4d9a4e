"""Build the packaged region data from the Kemendagri editions (``kode,nama`` CSV files).

Run from the repository (the raw CSV files are not committed)::

    python -m kampungkb.regions._build /work/shared/data/wilayah

reads ``wilayah_2018.csv``, ``wilayah_2022.csv`` and ``wilayah_2025.csv`` and writes, under
``src/kampungkb/regions/data/``: ``editions.txt.gz`` (codes and names of every edition),
``crosswalk.csv.gz`` (the derived changes between consecutive editions) and
``undecided.csv.gz`` (what the derivation could not decide).  The output is reproducible
(byte for byte) from the same input.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
from pathlib import Path

from kampungkb.regions._crosswalk import Crosswalk, derive_crosswalk
from kampungkb.regions._editions import EDITIONS
from kampungkb.regions._store import (
    CROSSWALK_FILE,
    EDITIONS_FILE,
    UNDECIDED_FILE,
    encode_editions,
    write_csv_gz,
)

__all__ = ["build", "main", "read_edition_csv"]

DATA = Path(__file__).resolve().parent / "data"
CROSSWALK_HEADER = ("from_edition", "to_edition", "kind", "old_code", "new_code", "confidence",
                    "note")
UNDECIDED_HEADER = ("from_edition", "to_edition", "kind", "code", "name", "candidates", "reason")


def read_edition_csv(path: Path) -> dict[str, str]:
    """``{dotted code: name}`` from a ``kode,nama`` file."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        if [h.strip().lower() for h in header[:2]] != ["kode", "nama"]:
            raise ValueError(f"{path}: expected the header kode,nama")
        return {row[0].strip(): row[1].strip() for row in reader if row}


def build(source: Path, out: Path = DATA) -> dict[str, int]:
    """Write the packaged files from ``source/wilayah_<edition>.csv``; returns their sizes."""
    names = {ed.id: read_edition_csv(source / f"wilayah_{ed.id}.csv") for ed in EDITIONS}
    out.mkdir(parents=True, exist_ok=True)
    (out / EDITIONS_FILE).write_bytes(encode_editions(names))
    walks: list[Crosswalk] = []
    ids = [ed.id for ed in EDITIONS]
    for a, b in itertools.pairwise(ids):
        walks.append(derive_crosswalk(names[a], names[b], from_edition=a, to_edition=b))
    (out / CROSSWALK_FILE).write_bytes(write_csv_gz(CROSSWALK_HEADER, (
        (w.from_edition, w.to_edition, c.kind, c.old_code, c.new_code, c.confidence, c.note)
        for w in walks for c in w.changes)))
    (out / UNDECIDED_FILE).write_bytes(write_csv_gz(UNDECIDED_HEADER, (
        (w.from_edition, w.to_edition, u.kind, u.code, u.name, " ".join(u.candidates), u.reason)
        for w in walks for u in w.undecided)))
    return {f: (out / f).stat().st_size for f in (EDITIONS_FILE, CROSSWALK_FILE, UNDECIDED_FILE)}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m kampungkb.regions._build SOURCE [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder with wilayah_<edition>.csv files")
    parser.add_argument("--out", type=Path, default=DATA, help="where to write (default: the "
                        "package's data folder)")
    args = parser.parse_args(argv)
    for name, size in build(args.source, args.out).items():
        sys.stdout.write(f"{name}: {size:,} bytes\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
