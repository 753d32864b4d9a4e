"""WHO z-scores in SQL (kampungkb.growth._sql) equal the numpy kernels value for value."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st

from kampungkb.errors import DatasetError
from kampungkb.growth import GROWTH_COLUMNS, add_growth_columns
from kampungkb.growth._core import _round2_exact, round2
from kampungkb.growth._sql import (
    LMS_RELATIONS,
    OUTPUT_COLUMNS,
    _round2_parts,  # the SQL fragment itself
    growth_sql,
    lms_tables,
)
from kampungkb.growth._tables import age_table, lenhei_table
from tests.test_growth_columns import child_measurements, who_waz, who_whz

BORN = dt.date(2020, 1, 1)
SEXES = ["m", "f", "M", "F", "L", "P", "l", "p", "1", "2", "male", "Female", "laki-laki",
         "perempuan", " m ", "", None]  # fmt: skip
POSITIONS = ["lying", "standing", "l", "h", "L", "H", "recumbent", "length", "height",
             "Standing", " lying ", "", None]  # fmt: skip
#: Heights at the table edges, around them and where the 0.7 cm correction lands on them.
EDGE_HEIGHTS = [45.0, 110.0, 65.0, 120.0, 44.95, 45.05, 109.95, 110.05, 64.95, 65.05, 119.95,
                120.05, 44.3, 64.3, 109.3, 119.3, 45.7, 65.7, 110.7, 120.7, 87.0, 86.3, 86.95,
                87.05, 0.0, 0.7, -0.5, 0.3]  # fmt: skip


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    for key, table in lms_tables().items():
        connection.register(LMS_RELATIONS[key], table)
    yield connection
    connection.close()


def sql_growth(con: duckdb.DuckDBPyConnection, table: pa.Table) -> pa.Table:
    """The SQL path on ``table`` (which has a ``row`` column), in input order."""
    con.register("cm", table)
    sql = growth_sql("cm", table.column_names)
    return con.sql(f"SELECT * FROM ({sql}) ORDER BY row").to_arrow_table()


def assert_same(numpy_side: pa.Table, sql_side: pa.Table) -> None:
    assert sql_side.column_names == [*numpy_side.column_names, "age_months"]
    for col in GROWTH_COLUMNS:
        assert sql_side.schema.field(col.name).type == col.arrow_type, col.name
        expected = numpy_side.column(col.name).to_pylist()
        got = sql_side.column(col.name).to_pylist()
        bad = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if a != b]
        assert not bad, (col.name, [(numpy_side.slice(i, 1).to_pylist(), got[i]) for i in bad[:3]])
    days = numpy_side.column("age_days").to_pylist()
    months = [None if d is None else d / 30.4375 for d in days]
    assert sql_side.column("age_months").to_pylist() == months


def measurements(rows: list[tuple[Any, ...]]) -> pa.Table:
    """Rows of (sex, age days or None, height, position, weight) as a canonical table."""
    born = [None if r[1] is None else BORN for r in rows]
    date = [BORN + dt.timedelta(days=r[1]) if r[1] is not None else BORN for r in rows]
    return pa.table({
        "row": pa.array(range(len(rows)), pa.int64()),
        "sex": pa.array([r[0] for r in rows], pa.string()),
        "birth_date": pa.array(born, pa.date32()),
        "date": pa.array(date, pa.date32()),
        "height_cm": pa.array([r[2] for r in rows], pa.float64()),
        "measured": pa.array([r[3] for r in rows], pa.string()),
        "weight_kg": pa.array([r[4] for r in rows], pa.float64()),
    })  # fmt: skip


heights = st.one_of(
    st.sampled_from(EDGE_HEIGHTS),
    st.integers(800, 2500).map(lambda k: k * 0.05),  # exact 0.05 cm boundaries
    st.integers(3500, 13000).map(lambda k: k / 100),
    st.floats(30, 130, allow_nan=False),
    st.sampled_from([None, math.nan, math.inf, -math.inf]),
)
weights = st.one_of(
    st.integers(30, 4000).map(lambda k: k / 100),
    st.floats(0.2, 60, allow_nan=False),
    st.sampled_from([None, 0.0, -1.0, math.nan, math.inf]),
)
ages = st.one_of(
    st.integers(0, 2000),
    st.sampled_from([None, -1, 0, 273, 274, 730, 731, 1826, 1827, 1856, 1857]),
)
rows = st.tuples(st.sampled_from(SEXES), ages, heights, st.sampled_from(POSITIONS), weights)


@settings(max_examples=100, deadline=None)
@given(st.lists(rows, min_size=1, max_size=40))
def test_sql_equals_numpy_kernels(
    con: duckdb.DuckDBPyConnection, data: list[tuple[Any, ...]]
) -> None:
    table = measurements(data)
    assert_same(add_growth_columns(table), sql_growth(con, table))


def test_sql_equals_numpy_on_many_random_children(con: duckdb.DuckDBPyConnection) -> None:
    rng = np.random.default_rng(20061)
    n = 60_000
    age = rng.integers(-10, 1900, n)
    height = rng.uniform(40, 125, n)
    height = np.where(rng.random(n) < 0.5, np.round(height, 1), np.round(height, 2))
    table = measurements(list(zip(
        rng.choice(["m", "f", "L", "P", ""], n).tolist(),
        [None if a % 97 == 0 else int(a) for a in age],
        height.tolist(),
        rng.choice(["lying", "standing", "h", ""], n).tolist(),
        np.round(rng.uniform(1, 28, n), 2).tolist(),
        strict=True,
    )))  # fmt: skip
    assert_same(add_growth_columns(table), sql_growth(con, table))


def test_golden_cases(con: duckdb.DuckDBPyConnection) -> None:
    table = child_measurements()
    table = table.append_column("row", pa.array(range(table.num_rows), pa.int64()))
    out = sql_growth(con, table)
    assert out.column("age_days").to_pylist() == [44, 882, 60, 2191, None]
    assert out.column("haz")[0].as_py() == -3.29  # WHO's own test: boy, 44 days, 50.0 cm lying
    assert out.column("haz_flag").to_pylist() == [
        None,
        None,
        "implausible",
        "age_out_of_range",
        "missing_input",
    ]
    assert out.column("haz_class").to_pylist() == [
        "severely_stunted",
        "severely_stunted",
        None,
        None,
        None,
    ]
    assert out.column("waz")[0].as_py() == who_waz("m", 44, 3.5)
    assert out.column("whz_flag")[4].as_py() == "missing_input"
    # weight-for-length/height: interpolation, table choice at 730/731 days, -0.7 cm lying
    cases = [("m", 10, 50.34, "lying", 3.0, "wfl", 50.34), ("f", 400, 75.0, "lying", 9.0, "wfl",
             75.0), ("m", 730, 85.0, "lying", 11.0, "wfl", 85.0),
             ("m", 731, 85.0, "standing", 11.0, "wfh", 85.0),
             ("f", 1200, 99.96, "standing", 15.0, "wfh", 99.96),
             ("m", 731, 85.7, "lying", 11.0, "wfh", 85.0)]  # fmt: skip
    whz = sql_growth(con, measurements([c[:5] for c in cases])).column("whz").to_pylist()
    assert whz == [who_whz(c[0], c[5], c[6], c[4]) for c in cases]
    # WAZ beyond +/-3 SD (SD23) and its asymmetric flags (z < -6 or z > 5)
    t = sql_growth(con, measurements([("m", 30, 50.0, "lying", 1.2), ("f", 700, 80.0, "lying",
                                       30.0), ("m", 100, 60.0, "lying", 0.5),
                                      ("m", 100, 60.0, "lying", 11.5)]))  # fmt: skip
    assert t.column("waz").to_pylist()[:2] == [who_waz("m", 30, 1.2), who_waz("f", 700, 30.0)]
    assert t.column("waz_flag").to_pylist()[2:] == ["implausible", "implausible"]
    assert t.column("waz_class").to_pylist()[2:] == [None, None]


def test_rounding_is_rs_not_numpys() -> None:
    # 9.975 is stored as 9.97499999999999964...: R (and the SQL) give 9.97, np.round 9.98.
    z = np.array([9.975, -9.975, 1.005, 0.125, 0.375, -0.125, 2.5, 0.0, np.nan, 2.0**44 + 0.5])
    assert round2(z)[:8].tolist() == [9.97, -9.97, 1.0, 0.12, 0.38, -0.12, 2.5, 0.0]
    assert np.isnan(round2(z)[8])
    assert round2(z)[9] == 2.0**44 + 0.5
    assert np.round(9.975, 2) == 9.98  # numpy's rint(z * 100) / 100 rounds the product


def test_round2_fast_path_equals_the_exact_rule() -> None:
    rng = np.random.default_rng(4)
    grid = (np.arange(-100_000, 100_000) + 0.5) / 100
    z = np.concatenate([
        rng.normal(0, 3, 200_000), rng.normal(0, 1e9, 10_000), grid,
        np.nextafter(grid, np.inf), np.nextafter(grid, -np.inf), grid + 1e-9, grid - 1e-9,
        [np.nan, np.inf, -np.inf, 0.0, -0.0, 2.0**43, -(2.0**43) - 0.5],
    ])  # fmt: skip
    assert np.array_equal(round2(z), _round2_exact(z), equal_nan=True)


def test_sql_rounding_equals_numpy_side(con: duckdb.DuckDBPyConnection) -> None:
    grid = (np.arange(-1200, 1200) + 0.5) / 100  # every half-hundredth: the risky values
    values = np.concatenate([grid, np.nextafter(grid, np.inf), np.nextafter(grid, -np.inf)])
    con.register("v", pa.table({"x": values}))
    prep, rounded = _round2_parts("x", "p")
    got = con.sql(f"SELECT {rounded} AS r FROM (SELECT x, {prep} FROM v)").to_arrow_table()["r"]
    assert got.to_pylist() == round2(values).tolist()


def test_lms_tables_shape_and_values() -> None:
    tables = lms_tables()
    assert set(tables) == {"lhfa", "wfa", "wfl", "wfh"}
    for key, source in (("lhfa", age_table("lhfa")), ("wfa", age_table("wfa")),
                        ("wfl", lenhei_table("wfl")), ("wfh", lenhei_table("wfh"))):  # fmt: skip
        t = tables[key]
        assert t.column_names == ["sex", "key", "l", "m", "s"]
        assert t.num_rows == 2 * source.size
        assert t.schema.field("key").type == pa.int32()
        female = t.filter(pa.compute.equal(t["sex"], 2))
        assert female["key"].to_pylist() == list(range(source.start, source.stop + 1))
        assert female["m"].to_pylist() == source.m[2].tolist()
    assert tables["wfl"]["key"][0].as_py() == 450
    assert tables["wfh"]["key"][0].as_py() == 650


def test_input_columns_kept_and_growth_columns_replaced(con: duckdb.DuckDBPyConnection) -> None:
    table = measurements([("m", 44, 50.0, "lying", 3.5)])
    stale = table.append_column("haz", pa.array([99.0])).append_column(
        "age_months", pa.array([1.0])
    )
    out = sql_growth(con, stale)
    assert out.column_names == [*table.column_names, *(c for c, _ in OUTPUT_COLUMNS)]
    assert out.column("haz")[0].as_py() == -3.29
    no_weight = measurements([("m", 44, 50.0, None, None)]).drop_columns(["weight_kg", "measured"])
    out = sql_growth(con, no_weight)
    assert out.column("waz_flag")[0].as_py() == "missing_input"
    assert out.column("haz_flag")[0].as_py() == "position_unknown"
    with pytest.raises(DatasetError, match="birth_date") as missing:
        growth_sql("cm", ["sex", "date", "height_cm"])
    assert missing.value.fields["columns"] == ["birth_date"]
    assert "tidak ada" in missing.value.message("id")
    with pytest.raises(ValueError, match="wfh"):
        growth_sql("cm", table.column_names, lms={"lhfa": "a", "wfa": "b", "wfl": "c"})


def test_unknown_codes_count_as_missing(con: duckdb.DuckDBPyConnection) -> None:
    out = sql_growth(con, measurements([("x", 44, 50.0, "sitting", 3.5)]))
    assert out.column("haz_flag")[0].as_py() == "missing_input"
    assert out.column("haz")[0].as_py() is None


@pytest.mark.parametrize("dialect", ["postgres", "spark"])
def test_transpiles_to_postgres_and_spark(con: duckdb.DuckDBPyConnection, dialect: str) -> None:
    table = child_measurements()
    table = table.append_column("row", pa.array(range(table.num_rows), pa.int64()))
    sql = growth_sql("child_measurements__base", table.column_names)
    (out,) = sqlglot.transpile(sql, read="duckdb", write=dialect, unsupported_level="raise")
    parsed = sqlglot.parse_one(out, read=dialect)
    assert parsed.find(sqlglot.exp.Select) is not None
    assert "ROUND(" not in out.upper()  # PostgreSQL has no round(double precision, int)
    if dialect == "postgres":
        assert 'CAST("date" AS DATE) - CAST("birth_date" AS DATE)' in out.replace("src.", "")
    else:
        assert "DATEDIFF(DAY, src.`birth_date`, src.`date`)" in out
    # read back into DuckDB, the transpiled query still gives the same numbers
    back = sqlglot.transpile(out, read=dialect, write="duckdb")[0]
    con.register("child_measurements__base", table)
    got = con.sql(f"SELECT * FROM ({back}) ORDER BY row").to_arrow_table()
    expected = sql_growth(con, table)
    for name, _ in OUTPUT_COLUMNS:
        assert got.column(name).to_pylist() == expected.column(name).to_pylist(), name


@pytest.mark.parametrize("scores", [(), ("haz",), ("waz",), ("whz",), ("haz", "waz"),
                                    ("haz", "whz"), ("waz", "whz")])
def test_a_subset_of_scores_gives_the_same_values(con: duckdb.DuckDBPyConnection,
                                                  scores: tuple[str, ...]) -> None:
    """Only the scores asked for are added, with the values of the whole query, and only
    their LMS tables are joined."""
    rng = np.random.default_rng(7)
    n = 3000
    table = measurements(list(zip(
        rng.choice(["m", "f", "x"], n).tolist(),
        [None if a % 97 == 0 else int(a) for a in rng.integers(-10, 1900, n)],
        np.round(rng.uniform(40, 125, n), 1).tolist(),
        rng.choice(["lying", "standing", ""], n).tolist(),
        np.round(rng.uniform(0, 28, n), 2).tolist(),
        strict=True,
    )))  # fmt: skip
    con.register("cm", table)
    sql = growth_sql("cm", table.column_names, scores=scores)
    got = con.sql(f"SELECT * FROM ({sql}) ORDER BY row").to_arrow_table()
    whole = sql_growth(con, table)
    kept = [c for c, _ in OUTPUT_COLUMNS if c.split("_")[0] not in ("haz", "waz", "whz")
            or c.split("_")[0] in scores]
    assert got.column_names == [*table.column_names, *kept]
    for name in kept:
        assert got.column(name).to_pylist() == whole.column(name).to_pylist(), name
    joined = {key for key, rel in LMS_RELATIONS.items() if rel in sql}
    uses = {"haz": {"lhfa"}, "waz": {"wfa"}, "whz": {"wfl", "wfh"}}
    assert joined == set().union(*(uses[z] for z in scores))
    # only the LMS tables the scores use need a name
    growth_sql("cm", table.column_names, lms={"lhfa": "a"}, scores=["haz"])
    with pytest.raises(ValueError, match="bmi"):
        growth_sql("cm", table.column_names, scores=["haz", "bmi"])
