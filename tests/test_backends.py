"""PostgreSQL and Spark compute exactly what DuckDB computes (#16), on real servers.

The differential tests compare whole Arrow tables with ``equals``: every measure (data values),
indicator, level, period, interval and flag; the evaluation's scorecard and summary; the BKKBN
classification.  No tolerance: the backends only compute the per-village aggregates (counts and
sums of whole numbers, exact in any order), everything after runs in-process on the same
numbers.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kampungkb import Dataset, compute, evaluate
from kampungkb.errors import DatasetError
from kampungkb.evaluate import classify
from kampungkb.testing._data import demo_tables
from kampungkb.testing.strategies import tables
from tests.backends_support import PostgresServer

pytestmark = [
    pytest.mark.backends,
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]

SETS = ("cikar", "bkkbn", "sdg")
PERIODS = ("2017", "2019")


def _demo() -> dict[str, pa.Table]:
    return dict(demo_tables())


def _same_results(
    remote: Dataset,
    local: Dataset,
    sets: tuple[str, ...] = SETS,
    periods: tuple[str, ...] = PERIODS,
) -> None:
    # every set in one call: one query per table computes the measures of all of them
    ours, theirs = (
        compute(remote, list(sets), list(periods)),
        compute(local, list(sets), list(periods)),
    )
    assert ours.data_values.equals(theirs.data_values)
    assert ours.table.equals(theirs.table)


def _same_evaluation(remote: Dataset, local: Dataset) -> None:
    ours = evaluate(remote, "cikar", baseline="2017", followup="2019")
    theirs = evaluate(local, "cikar", baseline="2017", followup="2019")
    assert ours.scorecard.equals(theirs.scorecard)
    assert ours.summary.equals(theirs.summary)
    a = classify(remote, "bkkbn-2020", "2019")
    b = classify(local, "bkkbn-2020", "2019")
    assert a.villages.equals(b.villages)
    assert a.shares.equals(b.shares)


# ---------------------------------------------------------------------------- PostgreSQL
@pytest.fixture(scope="module")
def pg_demo(postgres: PostgresServer) -> Any:
    schema = postgres.load(_demo())
    dataset = Dataset.from_postgres(postgres.conninfo, schema=schema)
    yield dataset
    dataset.close()
    postgres.drop(schema)


def test_postgres_demo_identical(pg_demo: Dataset) -> None:
    local = Dataset.from_tables(_demo())
    assert pg_demo.row_counts() == local.row_counts()
    assert pg_demo.periods("persons") == local.periods("persons")
    _same_results(pg_demo, local)
    _same_evaluation(pg_demo, local)


def test_postgres_personal_columns_never_leave(postgres: PostgresServer) -> None:
    demo = _demo()
    persons = demo["persons"]
    fake = pa.array([f"19{i:014d}" for i in range(persons.num_rows)], pa.string())
    persons = persons.set_column(persons.column_names.index("nik"), "nik", fake)
    schema = postgres.load({"persons": persons, "families": demo["families"]})
    start = postgres.log.stat().st_size
    dataset = Dataset.from_postgres(postgres.conninfo, schema=schema)
    compute(dataset, "cikar", list(PERIODS))
    seen = dataset.to_arrow("persons")
    with postgres.log.open("rb") as fh:
        fh.seek(start)
        statements = fh.read().decode("utf-8", "replace")
    assert "GROUP BY" in statements  # the measure queries ran in PostgreSQL, and were logged
    assert '"nik"' not in statements
    assert '"name"' not in statements
    assert "nik" not in seen.column_names
    assert "name" not in seen.column_names
    assert "19000000000000" not in repr(dataset)
    postgres.drop(schema)


def test_postgres_caller_connection_is_left_as_it_was(postgres: PostgresServer) -> None:
    import psycopg  # noqa: PLC0415

    demo = _demo()
    schema = postgres.load({"persons": demo["persons"], "families": demo["families"]})
    with psycopg.connect(postgres.conninfo) as conn:
        conn.execute("CREATE TEMP TABLE mine (x int)")
        dataset = Dataset.from_postgres(conn, schema=schema)
        local = Dataset.from_tables({"persons": demo["persons"], "families": demo["families"]})
        _same_results(dataset, local, sets=("cikar",))
        # the caller's session: its own table is there, nothing of ours is, no transaction left
        assert conn.execute("SELECT count(*) FROM mine").fetchone() == (0,)
        temp = conn.execute(
            "SELECT count(*) FROM pg_class WHERE relpersistence = 't' AND relname <> 'mine'"
        ).fetchone()
        assert temp == (0,)
    postgres.drop(schema)


def test_postgres_many_threads(pg_demo: Dataset) -> None:
    expected = compute(pg_demo, "bkkbn", ["2019"]).table
    out: list[pa.Table] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            out.append(compute(pg_demo, "bkkbn", ["2019"]).table)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(out) == 4
    assert all(t.equals(expected) for t in out)


def test_postgres_errors_are_bilingual_and_mask_values(postgres: PostgresServer) -> None:
    persons = _demo()["persons"].slice(0, 20)
    births = pa.array(["Budi Santoso"] * 20, pa.string())  # a name in a date column
    i = persons.column_names.index("birth_date")
    schema = postgres.load({"persons": persons.set_column(i, "birth_date", births)})
    dataset = Dataset.from_postgres(postgres.conninfo, schema=schema)
    with pytest.raises(DatasetError) as info:
        compute(dataset, "cikar", ["2017"])
    assert "Budi" not in str(info.value)
    assert "Budi" not in info.value.message("id")
    assert "PostgreSQL" in info.value.message("id")
    postgres.drop(schema)


def test_missing_extra_says_which_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(DatasetError) as info:
        Dataset.from_postgres("host=/nonexistent")
    assert "kampungkb[postgres]" in str(info.value)
    assert "kampungkb[postgres]" in info.value.message("id")
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(DatasetError) as info:
        Dataset.from_spark(object(), path=".")
    assert "kampungkb[spark]" in info.value.message("en")


_SMALL = tables(
    names=(
        "villages",
        "kampung_kb_profiles",
        "families",
        "persons",
        "poktan_groups",
        "patbm",
        "marriages",
        "monthly_reports",
    ),
    periods=PERIODS,
    max_rows=12,
)

#: PostgreSQL is quick enough for every kind of table: events, registers, WHO z-scores.
_WIDE = tables(
    names=(
        "villages",
        "kampung_kb_profiles",
        "families",
        "persons",
        "poktan_groups",
        "patbm",
        "home_industries",
        "interventions",
        "marriages",
        "violence_cases",
        "child_measurements",
        "monthly_reports",
    ),
    periods=PERIODS,
    max_rows=12,
)


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=_WIDE)
def test_postgres_generated_data_identical(
    postgres: PostgresServer, data: dict[str, pa.Table]
) -> None:
    schema = postgres.load(data)
    try:
        remote = Dataset.from_postgres(postgres.conninfo, schema=schema)
        _same_results(remote, Dataset.from_tables(data))
    finally:
        postgres.drop(schema)


# ---------------------------------------------------------------------------- Spark
@pytest.fixture(scope="module")
def spark_demo(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    import pyarrow.parquet as pq  # noqa: PLC0415

    folder = tmp_path_factory.mktemp("spark-demo")
    for name, table in _demo().items():
        pq.write_table(table, folder / f"{name}.parquet")
    dataset = Dataset.from_spark(spark, path=folder)
    yield dataset
    dataset.close()


def test_spark_demo_identical(spark_demo: Dataset) -> None:
    local = Dataset.from_tables(_demo())
    assert spark_demo.row_counts() == local.row_counts()
    _same_results(spark_demo, local)
    _same_evaluation(spark_demo, local)


def test_spark_tables_as_dataframes_and_names(spark: Any) -> None:
    demo = _demo()
    before = {t.name for t in spark.catalog.listTables()}
    persons = spark.createDataFrame(demo["persons"])
    spark.createDataFrame(demo["families"]).createOrReplaceTempView("kkb_test_families")
    dataset = Dataset.from_spark(
        spark, tables={"persons": persons, "families": "kkb_test_families"}
    )
    local = Dataset.from_tables({"persons": demo["persons"], "families": demo["families"]})
    try:
        _same_results(dataset, local, sets=("cikar",), periods=("2019",))
        assert "nik" not in dataset.to_arrow("persons").column_names
    finally:
        dataset.close()
        spark.catalog.dropTempView("kkb_test_families")
    assert {t.name for t in spark.catalog.listTables()} == before  # close() dropped its views


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=_SMALL, set_id=st.sampled_from(SETS))
def test_spark_generated_data_identical(spark: Any, data: dict[str, pa.Table], set_id: str) -> None:
    frames = {n: spark.createDataFrame(t) for n, t in data.items()}
    dataset = Dataset.from_spark(spark, tables=frames)
    try:
        local = Dataset.from_tables({n: data[n] for n in frames})
        _same_results(dataset, local, sets=(set_id,))
    finally:
        dataset.close()


_MEANING = (
    "SELECT date_diff('month', DATE '2020-01-31', DATE '2020-02-01') AS m, len(x) AS n, "
    "len(y) AS z, (SELECT arg_max(v, p) FROM (VALUES (CAST(NULL AS INTEGER), 2), (5, 1)) "
    "AS t(v, p)) AS a, (SELECT arg_max_null(v, p) FROM (VALUES (CAST(NULL AS INTEGER), 2), "
    "(5, 1), (7, NULL)) AS t(v, p)) AS b, (SELECT arg_max_null(v, p) FROM (VALUES (3, 2), "
    "(5, 1)) AS t(v, p)) AS c FROM (SELECT CAST(NULL AS VARCHAR[]) AS x, ['a', 'b'] AS y) AS s"
)


def test_rendering_keeps_duckdb_meaning(postgres: PostgresServer, spark: Any) -> None:
    """What SQLGlot alone renders differently: month boundaries, list sizes, arg_max (and
    arg_max_null, whose value at the largest key may be NULL)."""
    import duckdb  # noqa: PLC0415
    import psycopg  # noqa: PLC0415

    from kampungkb.backends import render  # noqa: PLC0415

    expected = duckdb.sql(_MEANING).fetchall()
    assert expected == [(1, None, 2, 5, None, 3)]
    with psycopg.connect(postgres.conninfo) as conn:
        got = conn.execute(render(_MEANING, "postgres", list_columns=["x", "y"])).fetchall()
    assert got == expected
    rows = spark.sql(render(_MEANING, "spark", list_columns=["x", "y"])).collect()
    assert [tuple(r) for r in rows] == expected


def test_cli_evaluates_inside_postgres(
    pg_demo: Dataset, postgres: PostgresServer, tmp_path: Any
) -> None:
    """``kampungkb evaluate postgresql://…`` writes the report the demo run writes."""
    params = dict(p.split("=", 1) for p in postgres.conninfo.split())
    url = (
        f"postgresql://{params['user']}@/{params['dbname']}?host={params['host']}"
        f"&port={params['port']}"
    )
    schema = pg_demo.source.rsplit(" ", 1)[-1]
    _cli_report_is_the_demos(tmp_path, [url, "--schema", schema], "PostgreSQL postgres@")


def _cli_report_is_the_demos(tmp_path: Any, where: list[str], source: str) -> None:
    """``kampungkb evaluate`` on ``where`` writes the JSON report of the demo run (but for
    the source, which starts with ``source``)."""
    import json  # noqa: PLC0415

    from kampungkb.cli import main  # noqa: PLC0415

    ours, theirs = tmp_path / "ours.json", tmp_path / "demo.json"
    args = ["evaluate", *where, "--set", "cikar@2018", "--baseline", "2017", "--followup",
            "2019", "--exact", "--format", "json", "-o", str(ours)]
    assert main(args) == 0
    assert main(["evaluate", "--demo", "--format", "json", "-o", str(theirs)]) == 0
    a, b = json.loads(ours.read_text()), json.loads(theirs.read_text())
    assert a["provenance"].pop("source").startswith(source)
    b["provenance"].pop("source")
    assert a == b


def test_postgres_data_validates_through_an_export(
    pg_demo: Dataset, postgres: PostgresServer, tmp_path: Any
) -> None:
    """The supported way to validate data in PostgreSQL: export_postgres, then the same rules
    on the files; the report and the validated tables are those of the demo's own files."""
    from kampungkb.backends import export_postgres  # noqa: PLC0415
    from kampungkb.demo import export_demo  # noqa: PLC0415
    from kampungkb.io import validate_path  # noqa: PLC0415

    schema = pg_demo.source.rsplit(" ", 1)[-1]
    written = export_postgres(postgres.conninfo, tmp_path / "pg", schema=schema)
    assert set(written) == set(pg_demo.table_names)
    export_demo(tmp_path / "files", "csv")
    key = "kampungkb-test-key"
    ours = validate_path(tmp_path / "pg", pseudonym_key=key)
    theirs = validate_path(tmp_path / "files", pseudonym_key=key)
    assert ours.report.error_count == theirs.report.error_count
    keep = [c for c in ours.report.problems.column_names if c not in ("file", "source")]
    assert ours.report.problems.select(keep).equals(theirs.report.problems.select(keep))
    a, b = Dataset.from_tables(ours.tables), Dataset.from_tables(theirs.tables)
    _same_results(a, b, sets=("cikar",))


def test_cli_evaluates_on_spark(spark_demo: Dataset, tmp_path: Any) -> None:
    """``kampungkb evaluate DATA --engine spark`` writes the report the demo run writes."""
    folder = spark_demo.source.removeprefix("Spark (").removesuffix(")")
    _cli_report_is_the_demos(tmp_path, [folder, "--engine", "spark", "--spark-master",
                                         "local[2]"], "Spark (")
