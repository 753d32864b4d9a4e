"""Benchmark: the province report as HTML and as an Excel workbook (issue 13, point 2).

Builds a province-sized synthetic dataset once (the 393 villages of Bangka Belitung, or 393
fictional ones, two periods; ``--persons`` per period) and writes it to Parquet, then per
round:

* **cold** — ``kampungkb evaluate DIR -o report.html`` and ``… -o report.xlsx`` each in a
  fresh process (import, reading, validation, evaluation and the report: what a data officer
  waits for), in alternating order;
* **warm** — in one process, with the evaluation already computed: rendering only
  (``render(ev, "html")`` and ``render(ev, "xlsx")``), wall and CPU seconds.

It prints each round's times, the paired ratio xlsx/html and the machine's load averages
(``os.getloadavg``) at the start of the round: the machine these were recorded on has two
shared cores, so compare the ratios within a round.  Target (#13): the cold xlsx report
within 2× of the cold HTML report.

Run: ``python benchmarks/bench_reports.py [--persons 1500000] [--rounds 5]``.
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

from bench_engine import babel_villages  # one reader of the real village list

PERIODS = ("2017", "2019")


def generate(folder: Path, persons: int) -> dict[str, int]:
    import pyarrow.parquet as pq

    from kampungkb.demo import generate_province

    tables = generate_province(villages=babel_villages(), persons=persons,
                               periods=PERIODS, seed=1)
    for name, table in tables.items():
        pq.write_table(table, folder / f"{name}.parquet")
    return {k: v.num_rows for k, v in tables.items()}


def cold(folder: Path, out: Path) -> float:
    """One ``kampungkb evaluate`` in a fresh process; wall seconds."""
    cmd = [sys.executable, "-m", "kampungkb.cli", "evaluate", str(folder),
           "--baseline", PERIODS[0], "--followup", PERIODS[1], "-o", str(out)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_500_000,
                        help="persons per period (default 1,500,000)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        t0 = time.perf_counter()
        rows = generate(folder, args.persons)
        print(f"generated in {time.perf_counter() - t0:.1f} s: "
              + ", ".join(f"{k} {v:,}" for k, v in rows.items() if v))

        import kampungkb
        from kampungkb.report import region_names, render

        ds = kampungkb.Dataset.from_folder(folder)
        ev = kampungkb.evaluate(ds, "cikar", baseline=PERIODS[0], followup=PERIODS[1])
        names = region_names(ds)
        render(ev, "xlsx", names=names)  # first call imports openpyxl: not timed

        print("\nround  load 1/5 min   cold html   cold xlsx   ratio   "
              "warm html   warm xlsx   ratio   (CPU html / xlsx)")
        cold_ratios, warm_ratios = [], []
        sizes: dict[str, int] = {}
        for i in range(args.rounds):
            where = load()
            times: dict[str, float] = {}
            order = ("html", "xlsx") if i % 2 == 0 else ("xlsx", "html")
            for fmt in order:
                out = Path(tmp) / f"report.{fmt}"
                out.unlink(missing_ok=True)
                times[fmt] = cold(folder, out)
                sizes[fmt] = out.stat().st_size
            warm: dict[str, float] = {}
            cpu: dict[str, float] = {}
            for fmt in order:
                t0, c0 = time.perf_counter(), time.process_time()
                render(ev, fmt, names=names)
                warm[fmt] = time.perf_counter() - t0
                cpu[fmt] = time.process_time() - c0
            cold_ratios.append(times["xlsx"] / times["html"])
            warm_ratios.append(warm["xlsx"] / warm["html"])
            print(f"{i + 1:>5}  {where:>12}   {times['html']:8.2f} s  {times['xlsx']:8.2f} s"
                  f"  {cold_ratios[-1]:5.2f}×  {warm['html']:8.3f} s  {warm['xlsx']:8.3f} s"
                  f"  {warm_ratios[-1]:5.0f}×   ({cpu['html']:.3f} / {cpu['xlsx']:.2f} s)")
        print(f"\nmedian ratio xlsx/html: cold {statistics.median(cold_ratios):.2f}× "
              f"(target ≤ 2×), warm {statistics.median(warm_ratios):.0f}×; "
              f"files: html {sizes['html'] / 1e3:.0f} kB, xlsx {sizes['xlsx'] / 1e3:.0f} kB; "
              f"load now {load()}")


if __name__ == "__main__":
    main()
