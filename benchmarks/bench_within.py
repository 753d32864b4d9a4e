"""Benchmark: one province out of the national data, ``Dataset(…, within="19")`` (issue 12
point 1: partitions pruned when a region is asked for).

Variants, each the whole job (``Dataset.from_folder`` + the CIKAR evaluation 2017 → 2019) in a
fresh process (cold, bytecode compiled first), then once more in that process (warm):

* ``province``    — ``OUT/x1``: the province's own files (the floor: nothing else to skip);
* ``within_hive`` — ``OUT/hive`` with ``within="19"``: every province's parts, hive-partitioned
  by province; the other 19 provinces' parts are never opened;
* ``within_rows`` — ``OUT/x20`` with ``within="19"``: the same parts without province folders;
  every part is scanned and the rows filtered (what ``within=`` costs without the layout);
* ``nation``      — ``OUT/hive`` whole (``--nation``; for scale: what is skipped).

The first round checks that ``within_hive`` and ``within_rows`` give the province's values,
all of them; then per-round ratios to ``province`` with the 1-minute load.  Data: ``python
benchmarks/gen_national.py OUT`` (which writes ``OUT/hive``).

Run: ``python benchmarks/bench_within.py OUT [--rounds 3] [--nation]``.
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
from typing import Any

from _bytecode import ensure_bytecode

CODE = "19"
FOLDERS = {"province": ("x1", None), "within_hive": ("hive", CODE),
           "within_rows": ("x20", CODE), "nation": ("hive", None)}


def _vm_hwm_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(kind: str, root: Path, out: Path) -> None:
    start_cpu = time.process_time()
    import kampungkb

    folder, within = FOLDERS[kind]

    def job() -> Any:
        ds = kampungkb.Dataset.from_folder(root / folder, within=within)
        try:
            return kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019")
        finally:
            ds.close()

    ev = job()
    end = time.time()
    rec: dict[str, Any] = {"end": end, "cpu_cold": time.process_time() - start_cpu,
                           "rss_mb": _vm_hwm_mb()}
    t = ev.results.table
    rec["values"] = {f"{i}|{r}|{lv}|{p}": v for i, r, lv, p, v, d in zip(
        t["indicator_id"].to_pylist(), t["region_code"].to_pylist(), t["level"].to_pylist(),
        t["period"].to_pylist(), t["value"].to_pylist(), t["disaggregation"].to_pylist(),
        strict=True) if d is None}
    w, c = time.perf_counter(), time.process_time()
    job()
    rec["warm"], rec["cpu_warm"] = time.perf_counter() - w, time.process_time() - c
    out.write_text(json.dumps(rec))


def spawn(kind: str, root: Path, tmp: Path) -> dict[str, Any]:
    out = tmp / f"{kind}.json"
    load = os.getloadavg()[0]
    start = time.time()
    subprocess.run([sys.executable, __file__, "--child", kind, "--out", str(out), str(root)],
                   check=True)
    rec: dict[str, Any] = json.loads(out.read_text())
    rec["cold"] = rec.pop("end") - start
    rec["load"] = load
    return rec


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", type=Path, help="gen_national.py's OUT folder")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--nation", action="store_true", help="also the whole nation (slow)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.root, args.out)
        return 0
    kinds = ["province", "within_hive", "within_rows"] + (["nation"] if args.nation else [])
    print(ensure_bytecode(), flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-within-") as tmp:
        for r in range(args.rounds):
            res = {k: spawn(k, args.root, Path(tmp)) for k in kinds}
            if r == 0:
                want = res["province"]["values"]
                for k in ("within_hive", "within_rows"):
                    got = res[k]["values"]
                    bad = [x for x in want.keys() | got.keys() if want.get(x) != got.get(x)]
                    print(f"  agreement {k} vs province: {len(got):,} vs {len(want):,} "
                          f"values, {len(bad)} differ", flush=True)
            for v in res.values():
                v.pop("values", None)
            rows.append(res)
            print(f"round {r + 1}: " + "; ".join(
                f"{k} cold {v['cold']:.2f} s (cpu {v['cpu_cold']:.2f}) warm {v['warm']:.2f} s "
                f"(cpu {v['cpu_warm']:.2f}) rss {v['rss_mb']:.0f} MB load {v['load']:.2f}"
                for k, v in res.items()), flush=True)
    print("paired ratios to province (median):")
    for k in kinds[1:]:
        for field in ("cold", "warm", "cpu_cold"):
            vals = [row[k][field] / row["province"][field] for row in rows]
            print(f"  {k}/province {field}: {', '.join(f'{v:.2f}' for v in vals)} "
                  f"({statistics.median(vals):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
