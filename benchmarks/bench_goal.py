"""Benchmark: the whole CIKAR job against a hand-written DuckDB query and pandas (issue 12).

Data: a folder written by ``benchmarks/gen_national.py`` (``OUT/x1`` is the province,
``OUT/x20`` the nation; each table a folder of Parquet parts).  Variants, each run in its own
fresh process per round:

``library``  ``Dataset.from_folder`` + ``kampungkb.evaluate(…, "cikar@2018", 2017 → 2019)`` —
             the whole evaluation (every indicator and level, scorecards, ranking);
``compute``  ``Dataset.from_folder`` + ``kampungkb.compute`` (indicators only);
``hand``     one hand-written DuckDB query (``benchmarks/hand_cikar.sql``) computing the 24
             non-composite CIKAR indicators at every level from the Parquet files, WHO
             height-for-age z-scores from ``kampungkb.growth.height_for_age``;
``pandas``   vectorised pandas computing the same 24 (same z-score function);
``cli``      ``kampungkb evaluate DIR --set cikar@2018 --baseline 2017 --followup 2019
             -o /dev/null --format json`` (``kampungkb.cli.main`` in the child process).

The first round checks that library, compute, hand and pandas agree on every value (indicator,
region, level, period).  Per round and variant: **cold** = from starting the process to the end
of the first call (interpreter start, imports, reading the files), **warm** = the second call
in the same process, CPU seconds of each, peak RSS (``VmHWM``) after the first call, and the
1-minute load average; the ratios are paired within the round.

Run: ``python benchmarks/bench_goal.py OUT/x1 --rounds 3`` (goals) and
``python benchmarks/bench_goal.py --series OUT --sizes 1,2,5,10,20`` (size series: time and
peak RSS of the library evaluation, API, one cold process per size; add ``--cli`` for the CLI).
A watchdog kills a child whose RSS passes ``--rss-cap-gb`` (default 8) and reports it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _bytecode import ensure_bytecode

HERE = Path(__file__).resolve().parent
PERIODS = ("2017", "2019")
LEVELS = {"village": 13, "district": 8, "regency": 5, "province": 2}
TABLES = ("persons", "families", "poktan_groups", "kampung_kb_profiles", "marriages",
          "interventions", "violence_cases", "patbm", "home_industries", "villages")
Values = dict[str, "float | None"]


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s() -> float:
    t = os.times()
    return t.user + t.system


# ----------------------------------------------------------------------------- variants
# Each returns (result object, function turning it into values); only the first is timed.
def run_library(folder: Path) -> Any:
    import kampungkb

    ds = kampungkb.Dataset.from_folder(folder)
    return kampungkb.evaluate(ds, "cikar@2018", baseline=PERIODS[0], followup=PERIODS[1]).results


def run_compute(folder: Path) -> Any:
    import kampungkb

    ds = kampungkb.Dataset.from_folder(folder)
    return kampungkb.compute(ds, "cikar@2018", list(PERIODS))


def library_values(results: Any) -> Values:
    t = results.table.to_pydict()
    return {f"{i}|{r}|{lv}|{p}": v
            for i, r, lv, p, v, d in zip(t["indicator_id"], t["region_code"], t["level"],
                                         t["period"], t["value"], t["disaggregation"],
                                         strict=True) if d is None}


def run_hand(folder: Path) -> Any:
    import duckdb

    from kampungkb.growth import height_for_age

    con = duckdb.connect()

    def scan(table: str) -> str:
        return f"read_parquet('{folder}/{table}/**/*.parquet')"

    cm = arrow(con.sql(
        "SELECT village_code, child_id, date, sex, birth_date, height_cm, measured FROM "
        f"{scan('child_measurements')} WHERE year(date) IN (2017, 2019)"))
    z = height_for_age(cm["sex"], cm["height_cm"], cm["measured"], birth_date=cm["birth_date"],
                       measurement_date=cm["date"])
    cm = cm.append_column("haz", z["haz"]).append_column("haz_flag", z["haz_flag"])
    con.register("cm", cm)
    sql = (HERE / "hand_cikar.sql").read_text(encoding="utf-8").replace("{cm}", "cm")
    for table in TABLES:
        sql = sql.replace("{" + table + "}", scan(table))
    return arrow(con.sql(sql))


def arrow(relation: Any) -> Any:
    """A DuckDB result as an Arrow table (``to_arrow_table`` in DuckDB 1.4+)."""
    fetch = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table
    return fetch()


def hand_values(table: Any) -> Values:
    t = table.to_pydict()
    return {f"{i}|{r}|{lv}|{p}": None if v is None else float(v)
            for i, r, lv, p, v in zip(t["indicator_id"], t["region_code"], t["level"],
                                      t["period"], t["value"], strict=True)}


def _round2(x: Any) -> Any:
    """DuckDB's round(x, 2): std::round(x * 100) / 100 (half away from zero)."""
    import numpy as np

    y = x * 100
    return np.sign(y) * np.floor(np.abs(y) + 0.5) / 100


def run_pandas(folder: Path) -> Any:  # noqa: PLR0915 - one straight pipeline
    import numpy as np
    import pandas as pd
    import pyarrow.parquet as pq

    from kampungkb.growth import height_for_age

    def read(table: str, cols: list[str], cats: tuple[str, ...] = ()) -> pd.DataFrame:
        t = pq.read_table(folder / table, columns=cols, read_dictionary=list(cats))
        return t.to_pandas(date_as_object=False)

    ends = {p: pd.Timestamp(f"{p}-12-31") for p in PERIODS}
    key = ["village_code", "period"]
    # persons
    p = read("persons", ["village_code", "period", "sex", "birth_date", "marital_status",
                         "contraceptive_method", "pregnant", "fertility_intention",
                         "has_birth_certificate"],
             ("village_code", "period", "sex", "marital_status", "contraceptive_method",
              "fertility_intention"))
    p = p[p["period"].isin(PERIODS)]
    pe = p["period"].map(ends).astype("datetime64[ns]")
    b = p["birth_date"]
    age = (pe.dt.year - b.dt.year
           - ((pe.dt.month < b.dt.month)
              | ((pe.dt.month == b.dt.month) & (pe.dt.day < b.dt.day))).astype(int))
    pus = (p["sex"] == "f") & (p["marital_status"] == "married") & age.between(15, 49)
    m = p["contraceptive_method"]
    kid = age < 18
    pv = pd.DataFrame({
        "village_code": p["village_code"], "period": p["period"],
        "pus": pus, "users": pus & m.notna(),
        "mkjp": pus & m.isin(["iud", "implant", "mow", "mop"]),
        "male": pus & m.isin(["mop", "condom"]),
        "unmet": pus & m.isna() & ~p["pregnant"].fillna(False).astype(bool)
        & p["fertility_intention"].isin(["later", "no_more"]),
        "kids": kid, "kids_akta": kid & p["has_birth_certificate"].fillna(False).astype(bool),
    }).groupby(key, observed=True).sum()
    del p, pe, b, age, pus, m, kid
    pv.index = pv.index.set_levels([lv.astype(str) for lv in pv.index.levels])
    # families, groups, profiles (snapshots)
    f = read("families", ["village_code", "period", "welfare_stage"])
    f = f[f["period"].isin(PERIODS)]
    fv = (f.assign(pra=f["welfare_stage"] == "pra_sejahtera").groupby(key)[["pra"]].sum())
    g = read("poktan_groups", ["village_code", "period", "kind", "active"])
    g = g[g["period"].isin(PERIODS)]
    active = g["active"].fillna(True).astype(bool)
    gv = pd.DataFrame({"village_code": g["village_code"], "period": g["period"],
                       **{k: (g["kind"] == k) & active
                          for k in ("bkb", "bkl", "bkr", "uppka", "pikr")}}).groupby(key).sum()
    k = read("kampung_kb_profiles", ["village_code", "period", "has_regulation", "has_pokja",
                                     "pokja_decree", "funding_sources", "data_sources",
                                     "freq_planning", "freq_monitoring"])
    k = k[k["period"].isin(PERIODS)]

    def true(s: pd.Series) -> pd.Series:
        return s.fillna(False).astype(bool)

    def length(s: pd.Series) -> pd.Series:
        return s.map(lambda x: 0 if x is None else len(x))

    kv = pd.DataFrame({
        "village_code": k["village_code"], "period": k["period"],
        "reg": true(k["has_regulation"]), "pokja": true(k["has_pokja"]) & true(k["pokja_decree"]),
        "funds": length(k["funding_sources"]), "datas": length(k["data_sources"]),
        "plan": k["freq_planning"].notna() & (k["freq_planning"] != "none"),
        "mon": k["freq_monitoring"].notna() & (k["freq_monitoring"] != "none"),
    }).groupby(key).sum()
    # events and registers: every covered village, zero when none
    cov = read("villages", ["village_code"])["village_code"].unique()
    grid = pd.MultiIndex.from_product([cov, list(PERIODS)], names=key)

    def events(table: str, cols: list[str]) -> pd.DataFrame:
        e = read(table, ["village_code", "date", *cols])
        return e.assign(period=e["date"].dt.year.astype(str))

    mr = events("marriages", ["wife_age", "husband_age"])
    mv = mr.assign(marr=1, child_marr=(mr["wife_age"] < 18) | (mr["husband_age"] < 18)
                   ).groupby(key)[["marr", "child_marr"]].sum()
    iv = events("interventions", []).assign(interv=1).groupby(key)[["interv"]].sum()
    xv = events("violence_cases", []).assign(viol=1).groupby(key)[["viol"]].sum()
    cm = events("child_measurements", ["child_id", "sex", "birth_date", "height_cm", "measured"])
    cm = cm[cm["period"].isin(PERIODS)]
    z = height_for_age(cm["sex"], cm["height_cm"], cm["measured"], birth_date=cm["birth_date"],
                       measurement_date=cm["date"])
    cm = cm.assign(haz=z["haz"].to_numpy(zero_copy_only=False),
                   flag=z["haz_flag"].to_pandas().to_numpy())
    cm = cm[cm["haz"].notna() & (cm["flag"] != "implausible")]  # the latest *valid* one
    cm = cm.sort_values("date").drop_duplicates(["village_code", "child_id", "period"],
                                                keep="last")
    plausible = cm["flag"] != "implausible"
    sv = cm.assign(measured=cm["haz"].notna() & plausible,
                   stunted=(cm["haz"] < -2) & plausible).groupby(key)[["measured",
                                                                       "stunted"]].sum()
    regs = []
    for table, start, end, name, extra in (
            ("patbm", "formed_on", "dissolved_on", "patbm", "decree_number"),
            ("home_industries", "started_on", "closed_on", "industries", None)):
        r = read(table, ["village_code", start, end] + ([extra] if extra else []))
        per = []
        for period, pend in ends.items():
            alive = (r[start] <= pend) & (r[end].isna() | (r[end] > pend))
            if extra:
                alive &= r[extra].notna()
            per.append(pd.DataFrame({"village_code": r["village_code"], "period": period,
                                     name: alive}))
        regs.append(pd.concat(per).groupby(key)[[name]].sum())
    ev = pd.concat([mv, iv, xv, sv, *regs], axis=1).reindex(grid).fillna(0)
    vt = pd.concat([ev, pv, fv, gv, kv], axis=1).astype("float64").reset_index()
    # indicators: numerator, denominator, kind per village; ratio of sums above
    spec = {
        "cpr": ("ratio", "users", "pus"), "unmet_need": ("ratio", "unmet", "pus"),
        "mkjp_acceptors": ("count", "mkjp", None), "male_acceptors": ("count", "male", None),
        "pre_prosperous": ("count", "pra", None), "bkb_groups": ("count", "bkb", None),
        "bkl_groups": ("count", "bkl", None), "bkr_groups": ("count", "bkr", None),
        "uppks_groups": ("count", "uppka", None), "pikr_groups": ("count", "pikr", None),
        "patbm": ("presence", "patbm", None), "home_industry": ("presence", "industries", None),
        "birth_certificates": ("ratio", "kids_akta", "kids"),
        "child_marriage": ("ratio", "child_marr", "marr"),
        "interventions": ("count", "interv", None), "stunting_cases": ("count", "stunted", None),
        "regulation": ("presence", "reg", None), "pokja": ("presence", "pokja", None),
        "budget_sources": ("count", "funds", None), "data_use": ("count", "datas", None),
        "planning": ("presence", "plan", None), "monitoring": ("presence", "mon", None),
        "violence_cases": ("count", "viol", None),
        "stunting_prevalence": ("ratio", "stunted", "measured"),
    }
    parts = []
    for ind, (kind, ncol, dcol) in spec.items():
        n = vt[ncol]
        if kind == "presence":
            num, den = (n >= 1).astype(float).where(n.notna()), n.notna().astype(float).where(
                n.notna())
        else:
            num = n
            den = vt[dcol] if dcol else pd.Series(np.nan, index=vt.index)
        ok = num.notna() & (den.notna() if kind == "ratio" else True)
        base = pd.DataFrame({"period": vt["period"], "num": num.where(ok), "den": den.where(ok),
                             "n": ok.astype(int)})
        for level, width in LEVELS.items():
            a = base.assign(region_code=vt["village_code"].str[:width]).groupby(
                ["region_code", "period"]).agg(num=("num", "sum"), den=("den", "sum"),
                                               n=("n", "sum"))
            with np.errstate(divide="ignore", invalid="ignore"):
                share = _round2(a["num"] * 100 / a["den"])  # multiplied first, as the library
            if kind == "ratio":
                value = share.where(a["den"] > 0)
            elif kind == "count" or level == "village":
                value = a["num"]
            else:
                value = share
            parts.append(pd.DataFrame({"indicator_id": ind, "level": level,
                                       "value": value.where(a["n"] > 0)}).reset_index())
    return pd.concat(parts, ignore_index=True)


def pandas_values(frame: Any) -> Values:
    import pandas as pd

    return {f"{i}|{r}|{lv}|{p}": None if pd.isna(v) else float(v)
            for i, r, lv, p, v in zip(frame["indicator_id"], frame["region_code"],
                                      frame["level"], frame["period"], frame["value"],
                                      strict=True)}


def run_cli(folder: Path) -> Any:
    from kampungkb.cli import main

    rc = main(["evaluate", str(folder), "--set", "cikar@2018", "--baseline", PERIODS[0],
               "--followup", PERIODS[1], "-o", os.devnull, "--format", "json"])
    if rc != 0:
        raise SystemExit(f"kampungkb evaluate exited with {rc}")
    return None


RUNNERS = {"library": (run_library, library_values), "compute": (run_compute, library_values),
           "hand": (run_hand, hand_values), "pandas": (run_pandas, pandas_values),
           "cli": (run_cli, None)}


def child(kind: str, folder: Path, out: Path, warm: bool, values: bool) -> None:
    run, to_values = RUNNERS[kind]
    c0 = cpu_s()
    result = run(folder)
    end = time.time()
    rec: dict[str, Any] = {"end": end, "cpu_cold": cpu_s(), "rss_cold_mb": peak_rss_mb(),
                           "cpu_startup_s": c0}
    if values and to_values is not None:
        rec["values"] = to_values(result)
    del result
    if warm:
        c1, t1 = cpu_s(), time.perf_counter()
        run(folder)
        rec["warm"] = time.perf_counter() - t1
        rec["cpu_warm"] = cpu_s() - c1
        rec["rss_warm_mb"] = peak_rss_mb()
    out.write_text(json.dumps(rec))


# ----------------------------------------------------------------------------- parent
def spawn(kind: str, folder: Path, *, warm: bool, values: bool, cap_gb: float,
          tmp: Path) -> dict[str, Any]:
    out = tmp / f"{kind}-{time.monotonic_ns()}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--out", str(out),
           str(folder)] + (["--warm"] if warm else []) + (["--values"] if values else [])
    load = os.getloadavg()[0]
    start = time.time()
    proc = subprocess.Popen(cmd)
    hwm = 0.0
    killed = False
    while proc.poll() is None:
        try:
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]) / 1024)
        except OSError:
            pass
        if hwm > cap_gb * 1024 and not killed:
            os.kill(proc.pid, signal.SIGKILL)  # our own child, by its id
            killed = True
        time.sleep(0.05)
    if killed or proc.returncode != 0:
        return {"failed": True, "killed": killed, "rss_cold_mb": hwm, "load": load,
                "rc": proc.returncode}
    rec: dict[str, Any] = json.loads(out.read_text())
    out.unlink()
    rec["cold"] = rec.pop("end") - start
    rec["load"] = load
    return rec


def compare(name: str, a: Values, b: Values) -> int:
    bad = [k for k in a.keys() | b.keys()
           if (a.get(k) is None) != (b.get(k) is None)
           or (a.get(k) is not None and abs(a[k] - b[k]) > 1e-9)]  # type: ignore[operator]
    print(f"  agreement {name}: {len(a):,} vs {len(b):,} values, {len(bad)} differ")
    for k in sorted(bad)[:8]:
        print(f"    {k}: {a.get(k, 'absent')} vs {b.get(k, 'absent')}")
    return len(bad)


def goals(folder: Path, rounds: int, variants: list[str], *, cap: float, check: bool,
          cli_folder: Path | None) -> int:
    print(f"data: {folder}; variants: {', '.join(variants)}; {rounds} round(s)", flush=True)
    print(ensure_bytecode(), flush=True)
    rows: list[dict[str, dict[str, Any]]] = []
    bad = 0
    with tempfile.TemporaryDirectory(prefix="bench-goal-") as tmp:
        for r in range(rounds):
            order = variants[r % len(variants):] + variants[:r % len(variants)]
            res = {}
            for kind in order:
                data = cli_folder if kind == "cli" and cli_folder else folder
                res[kind] = spawn(kind, data, warm=True, values=check and r == 0,
                                  cap_gb=cap, tmp=Path(tmp))
            if check and r == 0:
                have = [k for k in ("library", "compute", "hand", "pandas")
                        if k in res and "values" in res[k]]
                for other in have[1:]:
                    bad += compare(f"{have[0]} vs {other}", res[have[0]]["values"],
                                   res[other]["values"])
                for v in res.values():
                    v.pop("values", None)
            rows.append(res)
            line = [f"round {r + 1}"]
            for kind in variants:
                x = res[kind]
                if x.get("failed"):
                    line.append(f"{kind}: FAILED (killed={x['killed']}, peak {x['rss_cold_mb']:.0f}"
                                f" MB, load {x['load']:.2f})")
                else:
                    line.append(f"{kind}: cold {x['cold']:.2f} s (cpu {x['cpu_cold']:.2f}) warm "
                                f"{x['warm']:.2f} s (cpu {x['cpu_warm']:.2f}) rss "
                                f"{x['rss_cold_mb']:.0f}/{x['rss_warm_mb']:.0f} MB "
                                f"load {x['load']:.2f}")
            print("\n  ".join(line), flush=True)
    ok = [r for r in rows if all(not r[k].get("failed") for k in variants)]

    def ratios(a: str, b: str, field: str) -> str:
        vals = [r[a][field] / r[b][field] for r in ok]
        if not vals:
            return "n/a"
        median = sorted(vals)[len(vals) // 2]
        return ", ".join(f"{v:.2f}" for v in vals) + f" (median {median:.2f})"

    print("paired ratios per round:")
    for a, b in (("library", "hand"), ("compute", "hand"), ("pandas", "library"),
                 ("pandas", "compute"), ("cli", "library")):
        if a in variants and b in variants:
            for field in ("cold", "warm", "cpu_cold", "cpu_warm"):
                print(f"  {a}/{b} {field}: {ratios(a, b, field)}")
    return 1 if bad else 0


def series(root: Path, sizes: list[int], cli: bool, cap: float, rounds: int, *,
           cli_only: bool = False, cli_flat: bool = False) -> int:
    """Cold runs per size: the API on OUT/xN, the CLI (``--cli``) on OUT/xN too (tables as
    folders of parts, validated batch by batch), or on OUT/flatN with ``--cli-flat``."""
    kinds = ([] if cli_only else ["library"]) + (["cli"] if cli or cli_only else [])
    print(ensure_bytecode(), flush=True)
    print(f"{'size':>5}{'variant':>9}{'cold s':>9}{'cpu s':>8}{'peak RSS MB':>13}{'load':>7}"
          f"{'× 1× time':>11}")
    base: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-goal-") as tmp:
        for n in sizes:
            for kind in kinds:
                for _ in range(rounds):
                    data = root / (f"flat{n}" if kind == "cli" and cli_flat else f"x{n}")
                    if not data.exists():
                        print(f"{n:>4}×{kind:>9}   skipped: no {data}", flush=True)
                        break
                    x = spawn(kind, data, warm=False, values=False, cap_gb=cap,
                              tmp=Path(tmp))
                    if x.get("failed"):
                        print(f"{n:>4}×{kind:>9}   FAILED (killed={x['killed']}) peak "
                              f"{x['rss_cold_mb']:.0f} MB, load {x['load']:.2f}", flush=True)
                        continue
                    base.setdefault(kind, x["cold"])
                    print(f"{n:>4}×{kind:>9}{x['cold']:>9.2f}{x['cpu_cold']:>8.2f}"
                          f"{x['rss_cold_mb']:>13.0f}{x['load']:>7.2f}"
                          f"{x['cold'] / base[kind]:>10.1f}×", flush=True)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, nargs="?", help="data folder (e.g. OUT/x1)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--variants", default="library,compute,hand,pandas,cli")
    ap.add_argument("--no-check", action="store_true", help="skip the agreement check")
    ap.add_argument("--series", type=Path, metavar="OUT", help="size series over OUT/xN")
    ap.add_argument("--sizes", default="1,2,5,10,20")
    ap.add_argument("--cli", action="store_true", help="series: the CLI too")
    ap.add_argument("--cli-only", action="store_true", help="series: the CLI alone")
    ap.add_argument("--cli-flat", action="store_true",
                    help="series: the CLI on OUT/flatN (one file per table) instead of OUT/xN")
    ap.add_argument("--cli-folder", type=Path,
                    help="data for the cli variant (default: the folder; the CLI reads one "
                    "file per table: gen_national.py --flat N writes OUT/flatN)")
    ap.add_argument("--rss-cap-gb", type=float, default=8.0)
    ap.add_argument("--child", choices=list(RUNNERS), help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--values", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.folder, args.out, args.warm, args.values)
        return 0
    if args.series:
        return series(args.series, [int(s) for s in args.sizes.split(",")], args.cli,
                      args.rss_cap_gb, args.rounds if args.rounds != 3 else 1,
                      cli_only=args.cli_only, cli_flat=args.cli_flat)
    if args.folder is None:
        ap.error("give a data folder or --series OUT")
    return goals(args.folder, args.rounds, args.variants.split(","), cap=args.rss_cap_gb,
                 check=not args.no_check, cli_folder=args.cli_folder)


if __name__ == "__main__":
    raise SystemExit(main())
