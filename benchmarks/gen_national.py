"""Generate the national-scale benchmark data: Bangka Belitung ×20 (issue 12, point 6).

Each of 20 provinces is a copy of Bangka Belitung's 393 real villages (codes from
``../shared/data/wilayah/wilayah_2025.csv``; fictional codes when that file is absent) renumbered
into another province code, filled by :func:`kampungkb.demo.generate_province` with its own seed
(``persons`` per period, 2017 and 2019).  Village codes, NIK and KK numbers take the province's
two digits; row ids get a ``PP-`` prefix so they stay unique nationally.

Layout (nothing is downloaded, nothing is committed — write it outside the repository)::

    OUT/provinces/PP/<table>.parquet          the real files, one per table per province
    OUT/x1/<table>/part-PP.parquet            symlinks: the first province   (393 villages)
    OUT/x2/…, OUT/x5/…, OUT/x10/…, OUT/x20/…  the first 2, 5, 10, 20 provinces
    OUT/hive/<table>/province=PP/part-0.parquet  symlinks: every province, hive-partitioned
    OUT/flatN/<table>.parquet                 with --flat N: one file per table (for the CLI)

Every ``OUT/xN`` is a folder ``kampungkb.Dataset.from_folder`` and ``kampungkb evaluate`` read
(a table is a folder of part files).  Provinces already written are kept, so an interrupted run
resumes.  Run: ``python benchmarks/gen_national.py OUT [--provinces 20] [--persons 1500000]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from bench_engine import babel_villages  # one reader of the real village list

PERIODS = ("2017", "2019")
#: 20 real province codes; Bangka Belitung (19) first, so x1 is the province itself.
PROVINCES = ("19", "11", "12", "13", "14", "15", "16", "17", "18", "21",
             "31", "32", "33", "34", "35", "36", "51", "52", "53", "61")
SIZES = (1, 2, 5, 10, 20)


def renumber(table, code: str):  # type: ignore[no-untyped-def]
    """The table with province 19 replaced by ``code`` (village codes, NIK, KK, row ids)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if code == "19":
        return table
    for i, field in enumerate(table.schema):
        if not pa.types.is_string(field.type):
            continue
        col = table.column(i)
        if field.name == "village_code" or field.name in ("nik", "kk_number"):
            new = pc.utf8_replace_slice(col, start=0, stop=2, replacement=code)
        elif field.name.endswith("_id"):
            new = pc.binary_join_element_wise(pa.scalar(code), col, "-")
        else:
            continue
        table = table.set_column(i, field.name, new)
    return table


def generate_one(out: Path, index: int, persons: int) -> dict[str, int]:
    import pyarrow.parquet as pq

    from kampungkb.demo import generate_province

    code = PROVINCES[index]
    folder = out / "provinces" / code
    done = folder / ".done"
    if done.exists():
        return {}
    tmp = out / "provinces" / f".{code}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    tables = generate_province(villages=babel_villages(), persons=persons, periods=PERIODS,
                               seed=1 + index)
    sizes = {}
    for name in list(tables):
        table = renumber(tables.pop(name), code)
        pq.write_table(table, tmp / f"{name}.parquet")
        sizes[name] = table.num_rows
    (tmp / ".done").write_text("ok\n")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return sizes


def link_sizes(out: Path, provinces: int) -> None:
    """``OUT/xN/<table>/part-PP.parquet`` symlinks to the first N provinces' files, and
    ``OUT/hive/<table>/province=PP/part-0.parquet`` to every province's."""
    for n in SIZES:
        if n > provinces:
            continue
        target = out / f"x{n}"
        shutil.rmtree(target, ignore_errors=True)
        for code in PROVINCES[:n]:
            for f in sorted((out / "provinces" / code).glob("*.parquet")):
                (target / f.stem).mkdir(parents=True, exist_ok=True)
                os.symlink(f.resolve(), target / f.stem / f"part-{code}.parquet")
    # every province, hive-partitioned by province (for Dataset(within=…): bench_within.py)
    target = out / "hive"
    shutil.rmtree(target, ignore_errors=True)
    for code in PROVINCES[:provinces]:
        for f in sorted((out / "provinces" / code).glob("*.parquet")):
            folder = target / f.stem / f"province={code}"
            folder.mkdir(parents=True, exist_ok=True)
            os.symlink(f.resolve(), folder / "part-0.parquet")


def write_flat(out: Path, n: int) -> Path:
    """``OUT/flatN/<table>.parquet``: the first N provinces as one file per table.

    For ``kampungkb evaluate`` and ``validate``, which (as of this benchmark) read a folder of
    one file per table, not a table as a folder of parts.
    """
    import duckdb

    target = out / f"flat{n}"
    target.mkdir(exist_ok=True)
    con = duckdb.connect()
    for table in sorted(p.name for p in (out / f"x{n}").iterdir() if p.is_dir()):
        dest = target / f"{table}.parquet"
        if not dest.exists():
            con.execute(f"COPY (SELECT * FROM read_parquet('{out}/x{n}/{table}/*.parquet')) "
                        f"TO '{dest}' (FORMAT parquet)")
    return target


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*.parquet") if not p.is_symlink()) / 2**20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="output folder (outside the repository)")
    ap.add_argument("--provinces", type=int, default=20, choices=range(1, 21), metavar="1..20")
    ap.add_argument("--persons", type=int, default=1_500_000, help="persons per period each")
    ap.add_argument("--flat", default="", metavar="N,N",
                    help="also write OUT/flatN (one file per table) for these sizes, e.g. 1,2")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    t_all = time.perf_counter()
    for i in range(args.provinces):
        t0 = time.perf_counter()
        sizes = generate_one(args.out, i, args.persons)
        if sizes:
            print(f"province {PROVINCES[i]}: {time.perf_counter() - t0:.1f} s, "
                  f"persons={sizes['persons']:,}, on disk so far {du_mb(args.out):,.0f} MB "
                  f"(load {os.getloadavg()[0]:.2f})", flush=True)
    link_sizes(args.out, args.provinces)
    for n in (int(x) for x in args.flat.split(",") if x):
        t0 = time.perf_counter()
        write_flat(args.out, n)
        print(f"flat{n}: {time.perf_counter() - t0:.1f} s", flush=True)
    print(f"done in {time.perf_counter() - t_all:.1f} s; {du_mb(args.out):,.0f} MB of Parquet "
          f"in {args.out}/provinces; folders: "
          + ", ".join(f"x{n}" for n in SIZES if n <= args.provinces) + ", hive",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
