"""Benchmark: vectorised validation of a province-scale persons table vs row-wise pydantic.

Generates ~1.5 M persons columnar with numpy (NIKs consistent with sex and birth date, KK
numbers, ~1 % deliberately broken rows), writes them as Parquet and CSV, then runs each variant
in its own subprocess so that peak RSS is measured in isolation:

* ``parquet``  — ``kampungkb.io.validate_path`` on the Parquet file (read + map + pseudonymise
  + every rule + report + accepted/rejected split);
* ``csv``      — the same on the CSV file (every column read as text and converted);
* ``pydantic`` — ``kampungkb.models.Person(**row)`` for a sample of the same rows (the first
  ``--sample``, at least 50 000), scaled linearly to the full table; the rows come typed from
  the Parquet file (the baseline of the ``parquet`` variant);
* ``pydantic_csv`` — the same job row-wise for the CSV file: ``csv.DictReader`` over the file,
  an empty cell as ``None``, ``Person(**row)`` (pydantic turning the texts into numbers, dates
  and booleans), the first ``--sample`` rows, scaled (the baseline of the ``csv`` variant: it
  reads and converts the text, as the ``csv`` variant does; the ratio to ``pydantic`` is
  printed too);
* ``parquet_nik`` (information, not in the ratio) — the Parquet file without ``person_id`` /
  ``family_id``, so that both are derived as keyed HMAC pseudonyms of the NIK / KK number
  (pydantic cannot validate these rows: ``person_id`` is required there).

The headline seconds include reading the file; ``read`` is the reader alone (timed after the
validation, in the same process) to show where the time goes. Each variant runs ``--repeat``
times in its own process and the fastest run is reported (the machine may be shared); CPU
seconds count every thread of the process (``time.process_time``). The table gives wall and
CPU ratios to pydantic, the 1-minute load before each variant and the commit measured.

Usage::

    python benchmarks/bench_validate.py [--rows 1500000] [--sample 50000] [--repeat 3]

Targets: validation ≥ 20x faster than row-wise pydantic (the goal lines give wall and CPU
ratios; the CSV against both baselines); peak RSS < 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

KEY = "benchmark-key"
#: Validation must be at least this many times faster than row-wise pydantic (wall and CPU).
TARGET = 20.0


def _commit() -> str:
    """The checkout's commit (short), or ``?`` outside a git checkout."""
    git = shutil.which("git")
    if git is None:
        return "?"
    try:
        out = subprocess.run([git, "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True, cwd=Path(__file__).parent)  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return out.stdout.strip()


def _peak_rss_mb() -> float:
    """This process's peak RSS. Linux: ``VmHWM`` (ru_maxrss would also count the parent's
    pages, which a child started by fork + exec inherits as its high-water mark)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def generate(rows: int, seed: int = 7) -> pa.Table:
    """A persons table (canonical columns) with NIK/KK numbers, built columnar with numpy."""
    rng = np.random.default_rng(seed)
    villages = np.array(
        [f"19.{r:02d}.{d:02d}.2{v:03d}" for r in range(1, 8) for d in range(1, 8)
         for v in range(1, 9)]
    )  # fmt: skip
    village = villages[rng.integers(0, len(villages), rows)]
    sex = np.where(rng.random(rows) < 0.5, "f", "m")
    birth = np.datetime64("1940-01-01") + rng.integers(0, 365 * 78, rows).astype("timedelta64[D]")
    years = birth.astype("datetime64[Y]").astype(int) + 1970
    months = birth.astype("datetime64[M]").astype(int) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(int) + 1
    nik_day = days + np.where(sex == "f", 40, 0)
    district = np.char.replace(np.char.ljust(village, 8).astype("U8"), ".", "")
    serial = rng.integers(1, 9999, rows)
    nik = np.char.add(
        district,
        np.char.add(
            np.char.add(
                np.char.zfill(nik_day.astype(str), 2), np.char.zfill(months.astype(str), 2)
            ),
            np.char.add(
                np.char.zfill((years % 100).astype(str), 2), np.char.zfill(serial.astype(str), 4)
            ),
        ),
    )
    fam = rng.integers(0, rows // 4 + 1, rows)
    kk = np.char.add(
        np.char.add(district, "010120"), np.char.zfill((fam % 9999 + 1).astype(str), 4)
    )
    married = (rng.random(rows) < 0.7) & (years <= 1999)
    age_fm = np.where(married, rng.integers(15, 20, rows), -1)
    methods = np.array(["iud", "mow", "mop", "condom", "implant", "injectable", "pill", "", ""])
    method = np.where(married & (sex == "f"), methods[rng.integers(0, len(methods), rows)], "")
    # ~1 % broken rows: bad sex codes, NIKs that disagree, impossible ages
    broken = rng.random(rows) < 0.01
    sex = np.where(broken & (rng.random(rows) < 0.4), "x", sex)
    age_fm = np.where(broken & (rng.random(rows) < 0.4), 150, age_fm)
    return pa.table(
        {
            "person_id": pa.array(np.char.add("P", np.arange(rows).astype(str))),
            "nik": pa.array(nik),
            "family_id": pa.array(np.char.add("F", fam.astype(str))),
            "kk_number": pa.array(kk),
            "village_code": pa.array(village),
            "period": pa.array(np.full(rows, "2019")),
            "sex": pa.array(sex),
            "birth_date": pa.array(birth.astype("datetime64[D]")),
            "marital_status": pa.array(np.where(married, "married", "never_married")),
            "age_first_marriage": pa.array(age_fm, mask=age_fm < 0, type=pa.int32()),
            "contraceptive_method": pa.array(method, mask=method == ""),
            "has_birth_certificate": pa.array(rng.random(rows) < 0.9),
        }
    )


def _pydantic(folder: Path, sample: int, repeat: int) -> dict[str, float]:
    from kampungkb.models import Person

    table = pq.read_table(folder / "persons.parquet")
    total = table.num_rows
    rows = table.slice(0, sample).drop_columns(["kk_number"]).to_pylist()
    best = cpu = float("inf")
    ok = 0
    for _ in range(repeat):
        start, cpu0 = time.perf_counter(), time.process_time()
        ok = 0
        for row in rows:
            try:
                Person(**row)
                ok += 1
            except ValueError:
                pass
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - cpu0)
    return {"rows": total, "sample": len(rows), "sample_ok": ok, "sample_seconds": best,
            "seconds": best * total / len(rows), "cpu_seconds": cpu * total / len(rows),
            "peak_rss_mb": _peak_rss_mb()}  # fmt: skip


def _pydantic_csv(folder: Path, sample: int, repeat: int) -> dict[str, float]:
    import csv
    import itertools

    from kampungkb.models import Person

    total = pq.ParquetFile(folder / "persons.parquet").metadata.num_rows
    best = cpu = float("inf")
    ok = n = 0
    for _ in range(repeat):
        start, cpu0 = time.perf_counter(), time.process_time()
        ok = n = 0
        with open(folder / "persons.csv", newline="", encoding="utf-8") as fh:
            for row in itertools.islice(csv.DictReader(fh), sample):
                n += 1
                row.pop("kk_number", None)  # not a Person field (as in ``pydantic``)
                try:
                    Person(**{k: (v if v != "" else None) for k, v in row.items()})
                    ok += 1
                except ValueError:
                    pass
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - cpu0)
    return {"rows": total, "sample": n, "sample_ok": ok, "sample_seconds": best,
            "seconds": best * total / n, "cpu_seconds": cpu * total / n,
            "peak_rss_mb": _peak_rss_mb()}  # fmt: skip


def run_variant(variant: str, folder: Path, sample: int, repeat: int = 1) -> dict[str, float]:
    """Run one variant in this process; returns timings and peak RSS."""
    if variant == "pydantic":
        return _pydantic(folder, sample, repeat)
    if variant == "pydantic_csv":
        return _pydantic_csv(folder, sample, repeat)
    from kampungkb.io import validate_path
    from kampungkb.io.readers import read_csv, read_parquet

    name = {"parquet": "persons.parquet", "csv": "persons.csv", "parquet_nik": "nik.parquet"}
    path = folder / name[variant]
    best = cpu = float("inf")
    report = None
    for _ in range(repeat):
        start, cpu0 = time.perf_counter(), time.process_time()  # CPU of every thread
        result = validate_path(path, table="persons", pseudonym_key=KEY)
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - cpu0)
        report = result.report
        del result  # free the tables before the next run
    assert report is not None
    reader = read_csv if variant == "csv" else read_parquet
    read = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        reader(path)
        read = min(read, time.perf_counter() - start)
    return {
        "rows": report.rows_read,
        "accepted": report.rows_accepted,
        "problems": report.problems.num_rows,
        "seconds": best,
        "cpu_seconds": cpu,
        "read_seconds": read,
        "peak_rss_mb": _peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_500_000)
    parser.add_argument("--sample", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--variant",
                        choices=["parquet", "csv", "pydantic", "pydantic_csv", "parquet_nik"])
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.folder, args.sample, args.repeat)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        table = generate(args.rows)
        pq.write_table(table, folder / "persons.parquet")
        pacsv.write_csv(table, folder / "persons.csv")
        pq.write_table(table.drop_columns(["person_id", "family_id"]), folder / "nik.parquet")
        del table
        print(f"generated {args.rows:,} persons in {time.perf_counter() - t0:.1f} s")
        results = {}
        load0 = os.getloadavg()[0]
        for variant in ("parquet", "csv", "pydantic", "pydantic_csv", "parquet_nik"):
            cmd = [sys.executable, __file__, "--variant", variant, "--folder", str(folder),
                   "--sample", str(args.sample), "--repeat", str(args.repeat)]  # fmt: skip
            load = os.getloadavg()[0]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True)
            results[variant] = json.loads(out.stdout.strip().splitlines()[-1])
            results[variant]["load_before"] = load
    base = results["pydantic"]["seconds"]
    base_cpu = results["pydantic"]["cpu_seconds"]
    head = f"{'variant':<12} {'rows':>10} {'seconds':>8} {'read':>6} {'wall ratio':>10}"
    load = f"(1-min load {load0:.2f} before, {os.getloadavg()[0]:.2f} after; commit {_commit()})"
    print(f"{head} {'CPU s':>7} {'CPU ratio':>9} {'peak RSS MB':>12} {'load':>5}  {load}")
    for variant, r in results.items():
        read = f"{r['read_seconds']:>6.2f}" if "read_seconds" in r else f"{'':>6}"
        print(f"{variant:<12} {int(r['rows']):>10,} {r['seconds']:>8.2f} {read} "
              f"{base / r['seconds']:>9.1f}x {r['cpu_seconds']:>7.2f} "
              f"{base_cpu / r['cpu_seconds']:>8.1f}x {r['peak_rss_mb']:>12.0f} "
              f"{r['load_before']:>5.2f}")  # fmt: skip
    p, pc = results["pydantic"], results["pydantic_csv"]
    print(
        f"(ratios above: to pydantic on typed rows; pydantic: {int(p['sample']):,} rows in "
        f"{p['sample_seconds']:.2f} s, pydantic_csv: {int(pc['sample']):,} rows in "
        f"{pc['sample_seconds']:.2f} s, scaled linearly; fastest of {args.repeat} runs per "
        "variant; parquet_nik derives ids by HMAC; load: 1-min load average before the "
        "variant's process started)"
    )
    for variant, baseline in (("parquet", "pydantic"), ("csv", "pydantic_csv"),
                              ("csv", "pydantic")):
        r, b = results[variant], results[baseline]
        wall, cpu = b["seconds"] / r["seconds"], b["cpu_seconds"] / r["cpu_seconds"]
        verdict = ("met (wall and CPU)" if min(wall, cpu) >= TARGET
                   else "met by wall, not by CPU" if wall >= TARGET else "not met")
        print(f"goal ≥ {TARGET:g}x for {variant} against {baseline}: wall {wall:.1f}x, "
              f"CPU {cpu:.1f}x — {verdict}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
