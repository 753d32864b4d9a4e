"""Real servers for the backend tests: a throwaway PostgreSQL 15 and a local Spark session.

``postgres`` starts a server with ``initdb`` + ``pg_ctl`` from ``/usr/lib/postgresql/15/bin`` in
a temporary folder, listening only on a unix socket there (port chosen free), logging every
statement (the tests read the log); it is stopped at the end of the session.  As root (CI
containers) the server runs as ``nobody``, since PostgreSQL refuses to run as root.

``spark`` is a ``local[2]`` session, quiet and small (2 shuffle partitions, no UI).

Without the server binaries or the extras the tests are skipped, unless
``KAMPUNGKB_REQUIRE_BACKENDS=1`` (set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

PG_BIN = Path(os.environ.get("KAMPUNGKB_PG_BIN", "/usr/lib/postgresql/15/bin"))
REQUIRED = os.environ.get("KAMPUNGKB_REQUIRE_BACKENDS") == "1"


def _missing(what: str) -> None:
    if REQUIRED:
        pytest.fail(f"{what} (KAMPUNGKB_REQUIRE_BACKENDS=1)")
    pytest.skip(what)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """A running throwaway server: ``conninfo``, the statement ``log`` and a schema maker."""

    def __init__(self, conninfo: str, log: Path) -> None:
        self.conninfo = conninfo
        self.log = log

    def load(self, tables: dict[str, pa.Table]) -> str:
        """Copy ``tables`` into a new schema; its name."""
        from kampungkb.backends import to_postgres  # noqa: PLC0415

        schema = f"t_{uuid.uuid4().hex[:10]}"
        to_postgres(tables, self.conninfo, schema=schema)
        return schema

    def drop(self, schema: str) -> None:
        import psycopg  # noqa: PLC0415

        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    try:
        import psycopg  # noqa: F401, PLC0415
    except ModuleNotFoundError:
        _missing("psycopg is not installed (pip install 'kampungkb[postgres]')")
    if not (PG_BIN / "initdb").exists():
        _missing(f"PostgreSQL server binaries not found in {PG_BIN}")
    root = Path(tempfile.mkdtemp(prefix="kampungkb-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        run_as = ["runuser", "-u", "nobody", "--"]
        shutil.chown(root, user="nobody")
        root.chmod(0o755)
    data, log = root / "data", root / "server.log"
    port = _free_port()
    initdb = [
        *run_as,
        str(PG_BIN / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    ]
    options = (
        f"-p {port} -k {root} -c listen_addresses='' -c fsync=off "
        "-c log_statement=all -c shared_buffers=32MB -c max_connections=40"
    )
    pg_ctl = [*run_as, str(PG_BIN / "pg_ctl"), "-D", str(data)]
    subprocess.run(initdb, check=True, capture_output=True)  # noqa: S603 - fixed binaries
    start = [*pg_ctl, "-o", options, "-l", str(log), "-w", "start"]
    subprocess.run(start, check=True, capture_output=True)  # noqa: S603 - fixed binaries
    try:
        yield PostgresServer(f"host={root} port={port} user=postgres dbname=postgres", log)
    finally:
        stop = [*pg_ctl, "-m", "immediate", "-w", "stop"]
        subprocess.run(stop, check=False, capture_output=True)  # noqa: S603 - fixed binaries
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    try:
        import pyspark  # noqa: F401, PLC0415
    except ModuleNotFoundError:
        _missing("pyspark is not installed (pip install 'kampungkb[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _missing("no Java runtime for Spark")
    from kampungkb.backends._spark import local_session  # noqa: PLC0415

    session = local_session("local[2]", app="kampungkb-tests")
    try:
        yield session
    finally:
        session.stop()
