"""Remote backends (#16): the province inside PostgreSQL, the nation on Spark, against DuckDB.

Two comparisons, each run in fresh processes (one per engine, so peak memory is per process)
and each checking that the engines agree exactly (the CIKAR results tables are equal):

* **province in PostgreSQL** — ``OUT/x1`` of ``gen_national.py`` (Bangka Belitung, 3.1 M
  person-rows) copied into a throwaway PostgreSQL 15 server (``initdb`` in a temporary folder,
  unix socket; the copy is timed as "load"), then ``evaluate(cikar, 2017 → 2019)`` computed
  in-database, against DuckDB over the same Parquet files (``Dataset.from_folder``);
* **nation on Spark** — ``OUT/x20`` (20 provinces, 62.5 M person-rows) on Spark ``local[2]``
  (``Dataset.from_spark(path=…)`` reads the Parquet parts) against DuckDB over the same files.

Reported per run: wall time (build + evaluate), the Python process's peak RSS and, for Spark,
the driver JVM's (local mode: the JVM does the work), and the largest PostgreSQL server
process (sampled every 0.5 s while the evaluation runs); with the 1-minute load average
before and after (the machine is shared).

Run::

    python benchmarks/gen_national.py /tmp/kkb-nat         # once, ~100 s, ~1 GB
    python benchmarks/bench_backends.py /tmp/kkb-nat [--only postgres|spark]
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
import threading
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("KAMPUNGKB_PG_BIN", "/usr/lib/postgresql/15/bin"))


def peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _parent(pid: str) -> str:
    try:
        return (Path("/proc") / pid / "stat").read_text().rsplit(")", 1)[1].split()[1]
    except (OSError, IndexError):
        return "0"


def _children_peak(name: str) -> float:
    """The largest peak RSS among this process's descendants whose command holds ``name``."""
    me, best = str(os.getpid()), 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if name not in cmd:
            continue
        pid = proc.name
        while pid not in ("0", "1", me):
            pid = _parent(pid)
        if pid == me:
            best = max(best, peak_rss_mb(proc.name))
    return best


# ---------------------------------------------------------------------------- one run
def run_one(engine: str, data: Path, out: Path, conninfo: str | None, schema: str) -> None:
    """In a fresh process: build the dataset, evaluate CIKAR, write the results and figures."""
    from kampungkb import Dataset, evaluate

    start = time.perf_counter()
    session = None
    if engine == "duckdb":
        dataset = Dataset.from_folder(data)
    elif engine == "postgres":
        dataset = Dataset.from_postgres(conninfo, schema=schema)
    else:
        from kampungkb.backends._spark import local_session

        session = local_session("local[2]", app="kampungkb-bench")
        dataset = Dataset.from_spark(session, path=data)
    built = time.perf_counter() - start
    ev = evaluate(dataset, "cikar@2018", baseline="2017", followup="2019")
    seconds = time.perf_counter() - start
    import pyarrow.parquet as pq

    pq.write_table(ev.results.table, out / f"{engine}.parquet")
    java = _children_peak("java") if session is not None else 0.0
    figures = {"engine": engine, "seconds": round(seconds, 2), "build_seconds": round(built, 2),
               "peak_rss_mb": round(peak_rss_mb(), 1), "jvm_peak_rss_mb": round(java, 1),
               "rows": ev.results.table.num_rows}
    (out / f"{engine}.json").write_text(json.dumps(figures))


def _spawn(engine: str, data: Path, out: Path, conninfo: str = "", schema: str = "") -> dict:
    load = os.getloadavg()[0]
    cmd = [sys.executable, __file__, "--run", engine, "--data", str(data), "--out", str(out),
           "--conninfo", conninfo, "--schema", schema]
    subprocess.run(cmd, check=True)
    figures = json.loads((out / f"{engine}.json").read_text())
    figures["load_before"], figures["load_after"] = round(load, 2), round(os.getloadavg()[0], 2)
    return figures


def _same(out: Path, a: str, b: str) -> bool:
    import pyarrow.parquet as pq

    return bool(pq.read_table(out / f"{a}.parquet").equals(pq.read_table(out / f"{b}.parquet")))


# ---------------------------------------------------------------------------- PostgreSQL
class Server:
    """A throwaway PostgreSQL server (as in tests/backends_support.py)."""

    def __init__(self) -> None:
        import socket

        self.root = Path(tempfile.mkdtemp(prefix="kampungkb-bench-pg-"))
        self.run_as = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
        if self.run_as:
            shutil.chown(self.root, user="nobody")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        data = self.root / "data"
        self.ctl = [*self.run_as, str(PG_BIN / "pg_ctl"), "-D", str(data)]
        initdb = [*self.run_as, str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres",
                  "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]
        subprocess.run(initdb, check=True, capture_output=True)
        options = f"-p {port} -k {self.root} -c listen_addresses='' -c fsync=off"
        start = [*self.ctl, "-o", options, "-l", str(self.root / "log"), "-w", "start"]
        subprocess.run(start, check=True, capture_output=True)
        self.conninfo = f"host={self.root} port={port} user=postgres dbname=postgres"

    def backend_peak_mb(self) -> float:
        """The largest peak RSS among the server's processes (the query's backend)."""
        best = 0.0
        for proc in Path("/proc").iterdir():
            try:
                cmd = (proc / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if proc.name.isdigit() and cmd.startswith("postgres:"):
                best = max(best, peak_rss_mb(proc.name))
        return best

    def stop(self) -> None:
        stop = [*self.ctl, "-m", "fast", "-w", "stop"]
        subprocess.run(stop, check=False, capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


def bench_postgres(data: Path, out: Path) -> dict:
    from kampungkb.backends import to_postgres
    from kampungkb.engine._dataset import _read_folder_parts

    server = Server()
    try:
        tables = {p.name: _read_folder_parts(p) for p in sorted(data.iterdir()) if p.is_dir()}
        start = time.perf_counter()
        rows = to_postgres(tables, server.conninfo, schema="kb")
        load_seconds = time.perf_counter() - start
        peak, done = [0.0], threading.Event()

        def sample() -> None:  # the per-call backends end with their call: watch them live
            while not done.wait(0.5):
                peak[0] = max(peak[0], server.backend_peak_mb())

        watcher = threading.Thread(target=sample)
        watcher.start()
        try:
            pg = _spawn("postgres", data, out, server.conninfo, "kb")
        finally:
            done.set()
            watcher.join()
        pg["server_backend_peak_rss_mb"] = round(peak[0], 1)
        pg["load_seconds"] = round(load_seconds, 1)
        pg["rows_loaded"] = sum(rows.values())
    finally:
        server.stop()
    duck = _spawn("duckdb", data, out)
    return {"postgres": pg, "duckdb": duck, "identical": _same(out, "postgres", "duckdb")}


def bench_spark(data: Path, out: Path) -> dict:
    spark = _spawn("spark", data, out)
    duck = _spawn("duckdb", data, out)
    return {"spark": spark, "duckdb": duck, "identical": _same(out, "spark", "duckdb")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", help="the folder gen_national.py wrote")
    parser.add_argument("--only", choices=("postgres", "spark"))
    parser.add_argument("--run", choices=("duckdb", "postgres", "spark"), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--conninfo", default="", help=argparse.SUPPRESS)
    parser.add_argument("--schema", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_one(args.run, args.data, args.out, args.conninfo or None, args.schema)
        return
    if args.root is None:
        parser.error("give the folder gen_national.py wrote (e.g. /tmp/kkb-nat)")
    report: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="kampungkb-bench-") as tmp:
        if args.only in (None, "postgres"):
            out = Path(tmp) / "province"
            out.mkdir()
            report["province_postgres"] = bench_postgres(args.root / "x1", out)
            print(json.dumps(report["province_postgres"], indent=1), flush=True)
        if args.only in (None, "spark"):
            out = Path(tmp) / "national"
            out.mkdir()
            report["national_spark"] = bench_spark(args.root / "x20", out)
            print(json.dumps(report["national_spark"], indent=1), flush=True)


if __name__ == "__main__":
    main()
