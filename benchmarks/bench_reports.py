"""Benchmark: the province report as HTML and as an Excel workbook (issue 13, point 2).

Builds a province-sized synthetic dataset once (the 393 villages of Bangka Belitung, or 393
fictional ones, two periods; ``--persons`` per period) and writes it to Parquet, then per
round:

* **cold** — ``kampungkb evaluate DIR -o report.html`` and ``… -o report.xlsx`` each in a
  fresh process (import, reading, validation, evaluation and the report: what a data officer
  waits for), in alternating order;
* **warm job** — in one process that has already run it once: the whole job of a script,
  ``Dataset.from_folder`` + ``evaluate`` + ``render`` to HTML and to xlsx (the goal as stated,
  warm);
* **render only** — in the same process, with the evaluation already computed: rendering
  alone (``render(ev, "html")`` and ``render(ev, "xlsx")``), wall and CPU seconds (a subset
  of the job: the two formats write different amounts — the page a scorecard, the top 20 and a
  roll-up, the workbook every region × indicator of every level).

It prints each round's times, the paired ratio xlsx/html and the machine's load averages
(``os.getloadavg``) at the start of the round: the machine these were recorded on has two
shared cores, so compare the ratios within a round.  Target (#13): the xlsx report within
2× of the HTML report, cold and warm (whole job).

``--writer-at COMMIT`` also times, warm and paired in each round, the workbook writer of an
earlier commit (its ``src/kampungkb/report/_excel.py``, loaded from git) on the same published
evaluation and options, e.g. ``--writer-at 2846f6f`` for the openpyxl write-only writer that
XlsxWriter replaced (a single-module writer: commits before 08e05cd, when the writer was split
into ``_excel_book``/``_excel_rows``; a later commit is refused).

Run: ``python benchmarks/bench_reports.py [--persons 1500000] [--rounds 5] [--cold-rounds N]
[--writer-at COMMIT]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _bytecode import ensure_bytecode
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


def writer_at(commit: str) -> object:
    """The ``kampungkb.report._excel`` module as it was at ``commit`` (from git)."""
    root = Path(__file__).resolve().parents[1]
    git = shutil.which("git") or "git"
    source = subprocess.run([git, "show", f"{commit}:src/kampungkb/report/_excel.py"],
                            cwd=root, capture_output=True, text=True, check=True).stdout
    if any(f"report.{m} import" in source or f"report import {m}" in source
           for m in ("_excel_book", "_excel_rows", "_sheet_xml")):
        # from 08e05cd the writer is split into modules: loading _excel.py alone would mix
        # that commit's file with today's helpers
        sys.exit(f"--writer-at {commit}: that commit's writer spans several modules; time it "
                 "from a checkout of that commit instead")
    path = Path(tempfile.mkdtemp()) / f"excel_{commit}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"kampungkb.report._excel_{commit}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(fn: object, *args: object) -> tuple[float, float]:
    """(wall, CPU) seconds of ``fn(*args)``."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - t0, time.process_time() - c0


def writer_pair(now: object, then: object, published: object, opts: object,
                flip: bool) -> dict[str, float]:
    """CPU seconds of this writer and an earlier one on the same evaluation, in turn."""
    pair = [("now", now), ("then", then)]
    return {name: timed(fn, published, opts)[1] for name, fn in (pair[::-1] if flip else pair)}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


def main() -> None:  # noqa: PLR0915 - one script, read top to bottom
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_500_000,
                        help="persons per period (default 1,500,000)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold-rounds", type=int, default=None,
                        help="rounds that also run the cold CLI pair (default: all)")
    parser.add_argument("--writer-at", default=None,
                        help="also time the workbook writer of this git commit (warm, paired)")
    args = parser.parse_args()
    print(ensure_bytecode())

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        t0 = time.perf_counter()
        rows = generate(folder, args.persons)
        print(f"generated in {time.perf_counter() - t0:.1f} s: "
              + ", ".join(f"{k} {v:,}" for k, v in rows.items() if v))

        import kampungkb
        from kampungkb.report import region_names, render
        from kampungkb.report._api import _published
        from kampungkb.report._excel import workbook_bytes
        from kampungkb.report._model import ReportOptions

        ds = kampungkb.Dataset.from_folder(folder)
        ev = kampungkb.evaluate(ds, "cikar", baseline=PERIODS[0], followup=PERIODS[1])
        names = region_names(ds)
        render(ev, "xlsx", names=names)  # first call imports the writer: not timed
        published = _published(ev, {})  # what render() writes, for the writer-only pair
        earlier = writer_at(args.writer_at) if args.writer_at else None

        def job(fmt: str) -> None:
            data = kampungkb.Dataset.from_folder(folder)
            evaluation = kampungkb.evaluate(data, "cikar", baseline=PERIODS[0],
                                            followup=PERIODS[1])
            render(evaluation, fmt, names=region_names(data))
            data.close()

        job("html")  # the process has run the job once: warm

        print("\nround  load 1/5 min   cold html   cold xlsx   ratio   "
              "job html   job xlsx   ratio   "
              "render html   render xlsx   ratio   (CPU html / xlsx)"
              + (f"   writer CPU now / {args.writer_at}" if earlier else ""))
        cold_ratios, warm_ratios, cpu_ratios, writer_ratios = [], [], [], []
        job_ratios: list[float] = []
        sizes: dict[str, int] = {}
        cold_rounds = args.rounds if args.cold_rounds is None else args.cold_rounds
        for i in range(args.rounds):
            where = load()
            times: dict[str, float] = {}
            order = ("html", "xlsx") if i % 2 == 0 else ("xlsx", "html")
            if i < cold_rounds:
                for fmt in order:
                    out = Path(tmp) / f"report.{fmt}"
                    out.unlink(missing_ok=True)
                    times[fmt] = cold(folder, out)
                    sizes[fmt] = out.stat().st_size
                cold_ratios.append(times["xlsx"] / times["html"])
            whole: dict[str, float] = {}
            for fmt in order:
                whole[fmt], _ = timed(job, fmt)
            job_ratios.append(whole["xlsx"] / whole["html"])
            warm: dict[str, float] = {}
            cpu: dict[str, float] = {}
            for fmt in order:
                warm[fmt], cpu[fmt] = timed(lambda f=fmt: render(ev, f, names=names))
            warm_ratios.append(warm["xlsx"] / warm["html"])
            cpu_ratios.append(cpu["xlsx"] / cpu["html"])
            writer = ""
            if earlier is not None:
                spent = writer_pair(workbook_bytes, earlier.workbook_bytes,  # type: ignore[attr-defined]
                                    published, ReportOptions.from_kwargs(names=names), i % 2 == 1)
                writer_ratios.append(spent["then"] / spent["now"])
                writer = (f"   {spent['now']:.2f} / {spent['then']:.2f} s "
                          f"({writer_ratios[-1]:.2f}× faster)")
            cold_text = (f"{times['html']:8.2f} s  {times['xlsx']:8.2f} s  "
                         f"{cold_ratios[-1]:5.2f}×" if times else f"{'—':>10}  {'—':>10}  {'':6}")
            print(f"{i + 1:>5}  {where:>12}   {cold_text}  {whole['html']:7.2f} s  "
                  f"{whole['xlsx']:7.2f} s  {job_ratios[-1]:5.2f}×  {warm['html']:8.3f} s  "
                  f"{warm['xlsx']:8.3f} s  {warm_ratios[-1]:5.1f}×   "
                  f"({cpu['html']:.3f} / {cpu['xlsx']:.2f} s, {cpu_ratios[-1]:.1f}×){writer}")
        cold_median = f"{statistics.median(cold_ratios):.2f}×" if cold_ratios else "—"
        print(f"\nmedian ratio xlsx/html: cold {cold_median} (target ≤ 2×), "
              f"warm job {statistics.median(job_ratios):.2f}× (target ≤ 2×), "
              f"render only {statistics.median(warm_ratios):.1f}× wall, "
              f"{statistics.median(cpu_ratios):.1f}× CPU"
              + (f"; writer {statistics.median(writer_ratios):.2f}× faster than "
                 f"{args.writer_at}'s" if writer_ratios else "")
              + (f"; files: html {sizes['html'] / 1e3:.0f} kB, xlsx {sizes['xlsx'] / 1e3:.0f} kB"
                 if sizes else "")
              + f"; load now {load()}")


if __name__ == "__main__":
    main()
