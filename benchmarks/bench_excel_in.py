"""Benchmark: reading a 77,000-row persons sheet from .xlsx (issue 13, point 3).

Writes the persons table of a synthetic province (``--rows`` rows, 23 columns, as
``kampungkb demo --export`` writes it) to one workbook, then per round reads it in fresh
processes with ``kampungkb.io.readers.read_excel``:

* **calamine** — the reader as it is (python-calamine into Arrow);
* **openpyxl** — the same reader made to take its openpyxl path (calamine refused), which is
  how every workbook was read before (``openpyxl.load_workbook(data_only=True)``).

Both must give the same Arrow table (checked).  Prints each round's times, the paired ratio
and the load averages (``os.getloadavg``).  Target (#13): calamine ≥ 5× faster.

Run: ``python benchmarks/bench_excel_in.py [--rows 77000] [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import sys, time
import pyarrow.parquet as pq
if sys.argv[2] == "openpyxl":
    import python_calamine
    def refuse(*args, **kwargs):
        raise python_calamine.CalamineError("benchmark: take the openpyxl path")
    python_calamine.CalamineWorkbook.from_filelike = refuse
from kampungkb.io.readers import read_excel
t0 = time.perf_counter()
tables = read_excel(sys.argv[1])
print(time.perf_counter() - t0)
pq.write_table(next(iter(tables.values())), sys.argv[3])
"""


def make(path: Path, rows: int) -> int:
    from kampungkb.demo import export_tables, generate_province

    persons = generate_province(persons=int(rows * 1.05), periods=("2019",), seed=3)["persons"]
    persons = persons.slice(0, rows)
    written = export_tables({"persons": persons}, path.parent, "xlsx")
    written[0].rename(path)
    return int(persons.num_rows)


def read(path: Path, how: str, out: Path) -> float:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), how, str(out)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{how} failed:\n{done.stderr}")
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=77_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "persons.xlsx"
        n = make(path, args.rows)
        print(f"{path.name}: {n:,} rows, {path.stat().st_size / 1e6:.1f} MB")
        print("\nround  load 1/5 min   calamine    openpyxl    ratio")
        ratios = []
        for i in range(args.rounds):
            one, five, _ = os.getloadavg()
            times = {}
            for how in (("calamine", "openpyxl") if i % 2 == 0 else ("openpyxl", "calamine")):
                times[how] = read(path, how, Path(tmp) / f"{how}.parquet")
            ratios.append(times["openpyxl"] / times["calamine"])
            print(f"{i + 1:>5}  {one:5.2f}/{five:5.2f}  {times['calamine']:8.2f} s "
                  f"{times['openpyxl']:8.2f} s  {ratios[-1]:5.1f}×")
        same = pq.read_table(Path(tmp) / "calamine.parquet").equals(
            pq.read_table(Path(tmp) / "openpyxl.parquet"))
        print(f"\nmedian ratio {statistics.median(ratios):.1f}× (target ≥ 5×); "
              f"identical tables: {same}; load now {os.getloadavg()[0]:.2f}")
        if not same:
            raise SystemExit("the two paths disagree")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t0:.0f} s")
