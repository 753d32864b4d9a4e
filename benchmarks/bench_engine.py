"""Benchmark: the CIKAR evaluation at province scale, against simple alternatives.

Generates a province-scale synthetic dataset (about 1.5 M persons, 430 k families, the 393
villages of Bangka Belitung, two periods) once, writes it to Parquet, then times in separate
processes (so each has its own peak memory):

(a) the full CIKAR evaluation through kampungkb (``Dataset.from_folder`` over the Parquet files
    + ``evaluate``: every indicator,
    every village, rolled up to district, regency/city and province, scorecards, ranking);
(a') kampungkb computing only the indicators (b) and (c) compute, for a like-for-like ratio;
(b) one hand-written DuckDB query computing the same numbers for the persons-, families- and
    marriages-based indicators at every level;
(c) a straightforward pandas implementation of (b).

It checks that the three agree on every shared number and prints times, ratios and peak RSS.
Run: ``python benchmarks/bench_engine.py [--persons 1500000] [--repeat 5]`` (best of the repeats;
the machine this was written on is shared and noisy, so compare ratios within one run).
Targets (issue 3): (a) within 1.5x of (b), at least 3x faster than (c), peak RSS < 1 GB.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wilayah"
PERIODS = ("2017", "2019")
IND = ("cpr", "unmet_need", "mkjp_acceptors", "male_acceptors", "birth_certificates",
       "pre_prosperous", "child_marriage")
LEVELS = {"village": 13, "district": 8, "regency": 5, "province": 2}


def babel_villages() -> list[tuple[str, str]] | None:
    path = SHARED / "wilayah_2025.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        return [(r["kode"], r["nama"]) for r in csv.DictReader(fh)
                if r["kode"].startswith("19.") and len(r["kode"]) == 13]


def generate(folder: Path, persons: int) -> dict[str, int]:
    import pyarrow.parquet as pq

    from kampungkb.demo import generate_province

    tables = generate_province(villages=babel_villages(), persons=persons,
                               periods=PERIODS, seed=1)
    for name, table in tables.items():
        pq.write_table(table, folder / f"{name}.parquet")
    return {k: v.num_rows for k, v in tables.items()}


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; unlike ru_maxrss it resets at exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------------------- (a) library
def run_library(folder: Path) -> tuple[float, dict[str, float | None]]:
    import kampungkb

    t0 = time.perf_counter()
    ds = kampungkb.Dataset.from_folder(folder)  # DuckDB scans the Parquet files lazily
    ev = kampungkb.evaluate(ds, "cikar", baseline=PERIODS[0], followup=PERIODS[1])
    elapsed = time.perf_counter() - t0
    res = ev.results.table.to_pylist()
    values = {f"{r['indicator_id']}|{r['region_code']}|{r['period']}": r["value"]
              for r in res if r["indicator_id"] in IND}
    return elapsed, values


def run_library_same(folder: Path) -> tuple[float, dict[str, float | None]]:
    """(a') the library computing exactly the indicators (b) and (c) compute."""
    import pyarrow.parquet as pq

    import kampungkb
    from kampungkb.indicators.cikar import cikar_2018

    full = cikar_2018()
    subset = full.model_copy(update={
        "id": "cikar_subset",
        "indicators": tuple(i.model_copy(update={"parent": None})
                            for i in full.indicators if i.id in IND),
    })
    tables = {k: pq.read_table(folder / f"{k}.parquet")
              for k in ("persons", "families", "marriages", "villages")}
    t0 = time.perf_counter()
    ds = kampungkb.Dataset.from_tables(tables)  # in-memory Arrow, like (b) and (c)
    res = kampungkb.compute(ds, [subset], list(PERIODS))
    elapsed = time.perf_counter() - t0
    values = {f"{r['indicator_id']}|{r['region_code']}|{r['period']}": r["value"]
              for r in res.table.to_pylist()}
    return elapsed, values


# ----------------------------------------------------------------------------- (b) duckdb
HAND_SQL = """
WITH p AS (
  SELECT village_code AS v, period,
    CAST(period AS INTEGER) - year(birth_date) AS age,
    sex = 'f' AND marital_status = 'married' AS married_woman, contraceptive_method AS m,
    pregnant, fertility_intention AS fi, has_birth_certificate AS akta
  FROM persons WHERE period IN ('2017', '2019')
),
pv AS (
  SELECT v, period,
    count(*) FILTER (WHERE married_woman AND age BETWEEN 15 AND 49) AS pus,
    count(*) FILTER (WHERE married_woman AND age BETWEEN 15 AND 49 AND m IS NOT NULL) AS users,
    count(*) FILTER (WHERE married_woman AND age BETWEEN 15 AND 49
                     AND m IN ('iud', 'implant', 'mow', 'mop')) AS mkjp,
    count(*) FILTER (WHERE married_woman AND age BETWEEN 15 AND 49
                     AND m IN ('mop', 'condom')) AS male,
    count(*) FILTER (WHERE married_woman AND age BETWEEN 15 AND 49 AND m IS NULL
                     AND NOT coalesce(pregnant, false) AND fi IN ('later', 'no_more')) AS unmet,
    count(*) FILTER (WHERE age < 18) AS kids,
    count(*) FILTER (WHERE age < 18 AND akta) AS kids_akta
  FROM p GROUP BY ALL
),
fv AS (
  SELECT village_code AS v, period, count(*) FILTER (WHERE welfare_stage = 'pra_sejahtera') AS pra
  FROM families WHERE period IN ('2017', '2019') GROUP BY ALL
),
mv AS (
  SELECT village_code AS v, strftime(date, '%Y') AS period, count(*) AS marr,
    count(*) FILTER (WHERE wife_age < 18 OR husband_age < 18) AS child
  FROM marriages GROUP BY ALL
),
vv AS (
  SELECT * FROM pv FULL JOIN fv USING (v, period) FULL JOIN mv USING (v, period)
  WHERE period IN ('2017', '2019')
),
lv AS (
  SELECT * FROM (VALUES ('village', 13), ('district', 8), ('regency', 5), ('province', 2))
    AS l(level, len)
),
agg AS (
  SELECT left(v, len) AS region, period, sum(pus) AS pus, sum(users) AS users,
    sum(mkjp) AS mkjp, sum(male) AS male, sum(unmet) AS unmet, sum(kids) AS kids,
    sum(kids_akta) AS kids_akta, sum(pra) AS pra, sum(marr) AS marr, sum(child) AS child
  FROM vv CROSS JOIN lv GROUP BY ALL
)
SELECT region, period,
  round(users * 100 / pus, 2) AS cpr, round(unmet * 100 / pus, 2) AS unmet_need,
  mkjp AS mkjp_acceptors, male AS male_acceptors,
  round(kids_akta * 100 / kids, 2) AS birth_certificates, pra AS pre_prosperous,
  round(child * 100 / marr, 2) AS child_marriage
FROM agg
"""


def run_duckdb(folder: Path) -> tuple[float, dict[str, float | None]]:
    import duckdb
    import pyarrow.parquet as pq

    tables = {k: pq.read_table(folder / f"{k}.parquet")
              for k in ("persons", "families", "marriages")}
    t0 = time.perf_counter()
    con = duckdb.connect()
    for name, table in tables.items():
        con.register(name, table)
    # Age in completed years on 31 December is the difference of years.
    rows = con.execute(HAND_SQL).fetchall()
    elapsed = time.perf_counter() - t0
    cols = ["region", "period", *IND]
    values: dict[str, float | None] = {}
    for row in rows:
        rec = dict(zip(cols, row, strict=True))
        for ind in IND:
            v = rec[ind]
            values[f"{ind}|{rec['region']}|{rec['period']}"] = None if v is None else float(v)
    return elapsed, values


# ----------------------------------------------------------------------------- (c) pandas
def run_pandas(folder: Path) -> tuple[float, dict[str, float | None]]:
    import numpy as np
    import pandas as pd

    p = pd.read_parquet(folder / "persons.parquet",
                        columns=["village_code", "period", "sex", "birth_date", "marital_status",
                                 "contraceptive_method", "pregnant", "fertility_intention",
                                 "has_birth_certificate"])
    f = pd.read_parquet(folder / "families.parquet", columns=["village_code", "period",
                                                               "welfare_stage"])
    mr = pd.read_parquet(folder / "marriages.parquet")
    t0 = time.perf_counter()
    p = p[p["period"].isin(PERIODS)]
    ref_year = p["period"].astype(int)
    age = ref_year - pd.to_datetime(p["birth_date"]).dt.year
    pus = (p["sex"] == "f") & (p["marital_status"] == "married") & age.between(15, 49)
    m = p["contraceptive_method"]
    users = pus & m.notna()
    frame = pd.DataFrame({
        "v": p["village_code"], "period": p["period"], "pus": pus, "users": users,
        "mkjp": pus & m.isin(["iud", "implant", "mow", "mop"]),
        "male": pus & m.isin(["mop", "condom"]),
        "unmet": pus & m.isna() & ~p["pregnant"].fillna(False).astype(bool)
        & p["fertility_intention"].isin(["later", "no_more"]),
        "kids": age < 18,
        "kids_akta": (age < 18) & p["has_birth_certificate"].fillna(False).astype(bool),
    })
    pv = frame.groupby(["v", "period"]).sum()
    f = f[f["period"].isin(PERIODS)]
    fv = (f.assign(pra=f["welfare_stage"] == "pra_sejahtera")
          .rename(columns={"village_code": "v"}).groupby(["v", "period"])[["pra"]].sum())
    mr = mr.assign(period=pd.to_datetime(mr["date"]).dt.year.astype(str),
                   child=(mr["wife_age"] < 18) | (mr["husband_age"] < 18), marr=1)
    mv = mr.rename(columns={"village_code": "v"}).groupby(["v", "period"])[["marr", "child"]].sum()
    vv = pv.join(fv, how="outer").join(mv, how="outer").reset_index()
    vv = vv[vv["period"].isin(PERIODS)]
    values: dict[str, float | None] = {}
    for length in LEVELS.values():
        g = vv.assign(region=vv["v"].str[:length]).groupby(["region", "period"]).sum(
            numeric_only=True, min_count=1)

        def r(a: Any, b: Any) -> Any:
            # half away from zero, as the published tables (and DuckDB's round) do
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.floor(a * 100 / b * 100 + 0.5) / 100

        out = pd.DataFrame({
            "cpr": r(g["users"], g["pus"]), "unmet_need": r(g["unmet"], g["pus"]),
            "mkjp_acceptors": g["mkjp"], "male_acceptors": g["male"],
            "birth_certificates": r(g["kids_akta"], g["kids"]), "pre_prosperous": g["pra"],
            "child_marriage": r(g["child"], g["marr"]),
        })
        for (region, period), row in out.iterrows():
            for ind in IND:
                v = row[ind]
                values[f"{ind}|{region}|{period}"] = None if pd.isna(v) else float(v)
    elapsed = time.perf_counter() - t0
    return elapsed, values


RUNNERS = {"library": run_library, "library_same": run_library_same, "duckdb": run_duckdb,
           "pandas": run_pandas}


def child(kind: str, folder: Path, repeat: int, out: Path) -> None:
    times = []
    values: dict[str, float | None] = {}
    for _ in range(repeat):
        t, values = RUNNERS[kind](folder)
        times.append(t)
    out.write_text(json.dumps({"best": min(times), "times": times, "rss_mb": peak_rss_mb(),
                               "values": values}))


def compare(a: dict[str, float | None], b: dict[str, float | None]) -> list[str]:
    bad = []
    for key, va in a.items():
        vb = b.get(key)
        if (va is None) != (vb is None) or (va is not None and vb is not None
                                            and abs(va - vb) > 1e-9):
            bad.append(f"{key}: {va} vs {vb}")
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=1_500_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--child", choices=list(RUNNERS))
    ap.add_argument("--folder", type=Path)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.folder, args.repeat, args.out)
        return 0
    with tempfile.TemporaryDirectory(prefix="kampungkb-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        sizes = generate(folder, args.persons)
        print(f"generated in {time.perf_counter() - t0:.1f} s: "
              + ", ".join(f"{k}={v:,}" for k, v in sizes.items() if v))
        results = {}
        for kind in RUNNERS:
            out = folder / f"{kind}.json"
            subprocess.run([sys.executable, __file__, "--child", kind, "--folder", str(folder),
                            "--repeat", str(args.repeat), "--out", str(out)], check=True)
            results[kind] = json.loads(out.read_text())
    lib = results["library"]
    same = results["library_same"]
    for kind in ("library_same", "duckdb", "pandas"):
        shared = {k: v for k, v in lib["values"].items() if k in results[kind]["values"]}
        bad = compare(shared, results[kind]["values"])
        print(f"agreement library vs {kind}: {len(shared):,} numbers, {len(bad)} differ")
        for line in bad[:5]:
            print("   ", line)
    print(f"{'variant':<10}{'best s':>9}{'peak RSS MB':>13}")
    for kind, r in results.items():
        print(f"{kind:<10}{r['best']:>9.3f}{r['rss_mb']:>13.0f}")
    duck, pand = results["duckdb"]["best"], results["pandas"]["best"]
    print(f"same indicators: library / hand-written duckdb = {same['best'] / duck:.2f}x "
          "(target <= 1.5x)")
    print(f"same indicators: pandas / library = {pand / same['best']:.2f}x (target >= 3x)")
    print(f"full CIKAR evaluation (26 indicators, every table, scorecards, ranking) / "
          f"hand-written 7-indicator query = {lib['best'] / duck:.2f}x; "
          f"pandas 7 indicators / full evaluation = {pand / lib['best']:.2f}x")
    print(f"library peak RSS: {lib['rss_mb']:.0f} MB (target < 1024 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
