"""Benchmark: what the statistics add to an evaluation at national size (#15 point 6).

The intervals (Wilson/Byar on every result), Newcombe's change interval and verdict, and the
funnel significance of every village are computed by ``evaluate(..., confidence=0.95)`` (the
default); ``confidence=None`` skips all of them.  This script times both on the same data:

* data: a synthetic set of ``--villages`` villages (default 8,000, about the national count of
  Kampung KB villages in the issue) in 34 provinces, ``--persons`` persons per period, two
  periods, written once to Parquet;
* **cold**: each round runs both variants in fresh processes (``Dataset.from_folder`` +
  ``evaluate``, what a script and the CLI pay), in alternating order; **warm**: both in one
  process after a first call; ratios are paired per round and the load average is recorded.

The number of results (villages × indicators × periods × levels) is the national one; the
persons per village are fewer than a real census, which makes the evaluation *faster* and the
stats' share *larger* than at true scale, so the ratio printed is an upper bound.

Run: ``python benchmarks/bench_stats.py [--villages 8000] [--persons 1500000] [--rounds 3]``
Target: the statistics add at most 10 % (ratio ≤ 1.10).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def village_codes(n: int) -> list[tuple[str, str]]:
    """``n`` fictional village codes spread over 34 provinces, 10 regencies, 10 districts."""
    out = []
    for i in range(n):
        prov, rest = 11 + i % 34, i // 34
        reg, dist, vil = 1 + rest % 10, 1 + (rest // 10) % 10, rest // 100
        out.append((f"{prov:02d}.{reg:02d}.{dist:02d}.2{vil:03d}", f"Desa {i}"))
    return out


def generate(folder: Path, villages: int, persons: int) -> dict[str, int]:
    import pyarrow.parquet as pq

    from kampungkb.demo import generate_province

    tables = generate_province(villages=village_codes(villages), persons=persons,
                               periods=("2017", "2019"), seed=3)
    for name, table in tables.items():
        pq.write_table(table, folder / f"{name}.parquet")
    return {k: v.num_rows for k, v in tables.items()}


def child(folder: Path, confidence: str, warm: int) -> None:
    start = time.perf_counter()
    import kampungkb

    conf = None if confidence == "none" else float(confidence)
    ds = kampungkb.Dataset.from_folder(folder)
    ev = kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019",
                            confidence=conf)
    cold = time.perf_counter() - start
    warm_times = []
    for _ in range(warm):
        t = time.perf_counter()
        kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019", confidence=conf)
        warm_times.append(time.perf_counter() - t)
    print(json.dumps({"cold": cold, "warm": min(warm_times) if warm_times else None,
                      "rows": ev.scorecard.num_rows}))


def run(folder: Path, confidence: str, warm: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), "--confidence", confidence,
         "--warm", str(warm)], check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--villages", type=int, default=8000)
    ap.add_argument("--persons", type=int, default=1_500_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--warm", type=int, default=2)
    ap.add_argument("--child", type=Path)
    ap.add_argument("--confidence", default="0.95")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.confidence, args.warm)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        counts = generate(folder, args.villages, args.persons)
        print(f"generated {counts['villages']} villages, {counts['persons']:,} person rows "
              f"in {time.perf_counter() - t:.0f} s")
        cold, warm = [], []
        for i in range(args.rounds):
            order = ["0.95", "none"] if i % 2 == 0 else ["none", "0.95"]
            got = {c: run(folder, c, args.warm) for c in order}
            cold.append(got["0.95"]["cold"] / got["none"]["cold"])
            warm.append(got["0.95"]["warm"] / got["none"]["warm"])
            print(f"round {i + 1}: with stats cold {got['0.95']['cold']:.2f} s, warm "
                  f"{got['0.95']['warm']:.2f} s; without cold {got['none']['cold']:.2f} s, "
                  f"warm {got['none']['warm']:.2f} s; scorecard rows "
                  f"{got['0.95']['rows']:,}; load {os.getloadavg()[0]:.2f}")
        print(f"ratio with/without stats: cold median {statistics.median(cold):.3f} "
              f"(rounds {', '.join(f'{r:.3f}' for r in cold)}), warm median "
              f"{statistics.median(warm):.3f} (rounds {', '.join(f'{r:.3f}' for r in warm)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
