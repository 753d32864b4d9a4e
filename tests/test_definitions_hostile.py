"""Hostile and careless indicator definitions (issue #11): limits, safe SQL, column roles.

Every case ends either in a computed result or in an ``IndicatorDefinitionError`` naming the
set and the measure — never a ``RecursionError``, a DuckDB error blamed on the data, a list of
individual records, or a silently wrong number.
"""

from __future__ import annotations

import math
import time
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kampungkb
import kampungkb.demo
from kampungkb import IndicatorDefinitionError
from kampungkb.engine._compile import (
    MeasureQuery,
    PlannedMeasure,
    compile_queries,
    explain_failure,
    non_finite_sql,
    quote_identifier,
    quote_text,
)
from kampungkb.engine._periods import parse_period
from kampungkb.indicators import Indicator, IndicatorSet, Measure
from kampungkb.indicators._check import (
    MAX_IN_VALUES,
    MAX_NESTING,
    MAX_SQL_CHARS,
    check_filter,
)
from kampungkb.models._schema import Column
from kampungkb.models.tables import CANONICAL_TABLES

PERSONS = CANONICAL_TABLES["persons"]
V1 = "19.01.01.2001"


def _set(*measures: Measure, num: str = "hit", den: str | None = "all") -> IndicatorSet:
    return IndicatorSet(
        id="hostile", version="1", title_id="t", title_en="t",
        measures=(Measure(id="all", table="persons"), *measures),
        indicators=(Indicator(id="ind", label_id="i", label_en="i", numerator=num,
                              denominator=den, kind="ratio" if den else "count"),),
    )


def _filter_set(sql: str) -> IndicatorSet:
    return _set(Measure(id="hit", table="persons", filter=sql))


def _refused(s: IndicatorSet, *words: str, item: str = "hit") -> IndicatorDefinitionError:
    with pytest.raises(IndicatorDefinitionError) as info:
        kampungkb.validate_indicator_set(s)
    err = info.value
    assert err.set_id == "hostile@1"
    assert err.item_id == item
    for word in words:
        assert word in str(err), str(err)
    return err


def _people(n: int = 6) -> pa.Table:
    rows = [{"person_id": f"p{i}", "family_id": f"f{i // 2}", "village_code": V1,
             "period": "2019", "sex": "f" if i % 2 else "m", "birth_date": date(1980 + i, 1, 1),
             "marital_status": "married", "age_first_marriage": 20 + i}
            for i in range(n)]
    return pa.Table.from_pylist(rows)


def _row(res: kampungkb.Results, category: str | None = None) -> dict[str, Any]:
    rows = [r for r in res.to_pylist() if r["indicator_id"] == "ind" and r["level"] == "village"
            and r["category"] == category]
    assert len(rows) == 1
    return rows[0]


# -- size and nesting limits, checked before SQLGlot's recursive parser ---------------------

@pytest.mark.parametrize("sql", [
    "(" * 43 + "pregnant" + ")" * 43,
    "NOT " * 200 + "pregnant",
    "abs(" * 60 + "age_years" + ")" * 60 + " > 1",
    "CASE WHEN " * 40 + "pregnant" + " THEN TRUE ELSE FALSE END" * 40,
    "- " * 500 + "age_years > 1",
    "(" * 5000,
])
def test_deep_nesting_is_a_definition_error(sql: str) -> None:
    _refused(_filter_set(sql), "nested too deeply", str(MAX_NESTING))


@pytest.mark.parametrize("sql", [
    "age_years" + "::INTEGER" * 900 + " > 1",
    "TRUE" + " = TRUE" * 1200,
    "pregnant" + " IS NOT NULL" * 700,
])
def test_long_chains_of_nested_operators_are_a_definition_error(sql: str) -> None:
    _refused(_filter_set(sql), "nested too deeply")


def test_many_or_terms_check_and_compute() -> None:
    sql = " OR ".join(f"age_first_marriage = {i}" for i in range(331))
    kampungkb.validate_indicator_set(_filter_set(sql))
    res = kampungkb.compute(kampungkb.Dataset.from_tables({"persons": _people()}),
                            [_filter_set(sql)], ["2019"])
    assert _row(res)["numerator"] == 6


def test_too_long_text_is_refused_before_parsing() -> None:
    sql = " OR ".join(f"age_years = {i}" for i in range(2000))
    assert len(sql) > MAX_SQL_CHARS
    _refused(_filter_set(sql), "characters long", f"{MAX_SQL_CHARS:,}")


def test_huge_in_list_fails_fast() -> None:
    sql = "contraceptive_method IN (" + ", ".join(["'iud'"] * 150_000) + ")"  # ~1 MB
    start = time.perf_counter()
    _refused(_filter_set(sql), "characters long")
    assert time.perf_counter() - start < 1.0


def test_in_list_length_limit() -> None:
    sql = "age_years IN (" + ",".join(["1"] * (MAX_IN_VALUES + 1)) + ")"
    assert len(sql) <= MAX_SQL_CHARS
    _refused(_filter_set(sql), "IN list", f"{MAX_IN_VALUES:,}")
    ok = "age_years IN (" + ",".join(["1"] * MAX_IN_VALUES) + ")"
    kampungkb.validate_indicator_set(_filter_set(ok))


def test_limits_also_apply_to_summed_values_and_reports() -> None:
    deep = "(" * 40 + "age_first_marriage" + ")" * 40
    _refused(_set(Measure(id="hit", table="persons", agg="sum", column=deep)), "nested")
    _refused(_set(Measure(id="hit", table="persons", report=deep.replace(
        "age_first_marriage", "pus"))), "nested")


def test_recursion_error_never_escapes_even_deep_in_the_stack() -> None:
    def deep(n: int) -> None:
        if n:
            deep(n - 1)
            return
        with pytest.raises(IndicatorDefinitionError):
            check_filter("(" * 16 + "NOT " * 8 + "pregnant" + ")" * 16 + " AND" + " NOT" * 40
                         + " pregnant", PERSONS, set_id="s", item_id="m",
                         extra_columns={"age_years": "INTEGER"})

    deep(500)


# -- division by zero, failed casts and overflow: NULL (not counted), never an error -------

@pytest.mark.parametrize("sql", [
    "age_first_marriage / 0 > 1",
    "age_first_marriage // 0 = 1",
    "age_first_marriage % 0 = 1",
    "age_first_marriage / (age_first_marriage - age_first_marriage) > 0",
    "NOT (age_first_marriage / 0 > 1)",
    "age_first_marriage / 0.0 < 1",
])
def test_division_by_zero_is_null_not_true(sql: str) -> None:
    res = kampungkb.compute(kampungkb.Dataset.from_tables({"persons": _people()}),
                            [_filter_set(sql)], ["2019"])
    row = _row(res)
    assert row["numerator"] == 0
    assert row["value"] == 0.0


def test_division_by_zero_leaves_other_conditions_alone() -> None:
    sql = "age_first_marriage // 0 = 1 OR sex = 'f'"
    res = kampungkb.compute(kampungkb.Dataset.from_tables({"persons": _people()}),
                            [_filter_set(sql)], ["2019"])
    assert _row(res)["numerator"] == 3


@pytest.mark.parametrize(("sql", "counted"), [
    ("CAST(sex AS INTEGER) = 1", 0),
    ("CAST('abc' AS INTEGER) = 1", 0),
    ("sex::DATE > DATE '2000-01-01'", 0),
    ("age_first_marriage * 2147483647 * 2147483647 > 1", 0),
    ("abs(age_first_marriage - 2147483647 - 2147483647) > 1", 0),
    ("age_first_marriage = '1e400'", 0),
    ("birth_date + INTERVAL 999999999 YEAR > DATE '2000-01-01'", 0),
    ("age_first_marriage * 9223372036854775807 * 9223372036854775807 > 1", 0),
    ("age_first_marriage * 2147483647 * 2147483647 > 1 OR sex = 'f'", 3),
])
def test_bad_casts_and_overflow_do_not_fail(sql: str, counted: int) -> None:
    res = kampungkb.compute(kampungkb.Dataset.from_tables({"persons": _people()}),
                            [_filter_set(sql)], ["2019"])
    assert _row(res)["numerator"] == counted


def test_overflowing_sum_is_infinite_not_an_error() -> None:
    s = _set(Measure(id="hit", table="persons", agg="sum",
                     column="age_first_marriage * 2147483647 * 2147483647 * 1e300"), den=None)
    res = kampungkb.compute(kampungkb.Dataset.from_tables({"persons": _people()}), [s],
                            ["2019"])
    assert math.isinf(_row(res)["numerator"])


def test_sum_divided_by_zero_adds_nothing() -> None:
    s = _set(Measure(id="hit", table="persons", agg="sum", column="age_first_marriage / 0"),
             den=None)
    res = kampungkb.compute(kampungkb.Dataset.from_tables({"persons": _people()}), [s],
                            ["2019"])
    assert _row(res)["numerator"] == 0


def test_demo_data_with_hostile_filters() -> None:
    ds = kampungkb.Dataset.from_tables(kampungkb.demo.generate_demo())
    s = _set(Measure(id="hit", table="persons",
                     filter="age_years / 0 > 1 OR age_years % 0 = 0 OR CAST(sex AS INTEGER) = 1"))
    res = kampungkb.compute(ds, [s], ["2019"])
    rows = [r for r in res.to_pylist() if r["level"] == "province"]
    assert rows
    assert all(r["numerator"] == 0 for r in rows)


def test_non_finite_sql() -> None:
    cond = non_finite_sql("x", "y")
    con = duckdb.connect()
    got = con.execute(f"SELECT {cond} FROM (VALUES (1.0, 2.0), ('inf'::DOUBLE, 1.0), "
                      f"('nan'::DOUBLE, 1.0), (NULL, NULL)) t(x, y)").fetchall()
    assert [g[0] for g in got] == [False, True, True, False]


# -- column roles: by, latest_per, count_distinct -------------------------------------------

@pytest.mark.parametrize(("attr", "column", "words"), [
    ("by", "person_id", ("identifies individual records", "sex")),
    ("by", "family_id", ("identifies individual records",)),
    ("by", "nik", ("personal data",)),
    ("by", "name", ("personal data",)),
    ("by", "birth_date", ("not a category column",)),
    ("by", "age_first_marriage", ("not a category column",)),
    ("by", "period_end", ("not a category column",)),
    ("latest_per", "birth_date", ("latest_per",)),
    ("latest_per", "nik", ("personal data",)),
    ("by", "no_such_column", ("no such column",)),
])
def test_by_and_latest_per_roles(attr: str, column: str, words: tuple[str, ...]) -> None:
    _refused(_set(Measure(id="hit", table="persons", **{attr: column})), *words)


@pytest.mark.parametrize(("column", "word"), [
    ("nik", "personal data"), ("name", "personal data"), ("birth_date", "count_distinct"),
    ("contraception_start", "count_distinct"),
])
def test_count_distinct_roles(column: str, word: str) -> None:
    _refused(_set(Measure(id="hit", table="persons", agg="count_distinct", column=column)),
             word)


def test_allowed_roles() -> None:
    kampungkb.validate_indicator_set(_set(
        Measure(id="hit", table="persons", by="sex"),
        Measure(id="b", table="persons", by="contraceptive_method"),
        Measure(id="c", table="persons", by="age_years"),
        Measure(id="d", table="persons", by="is_pus"),
        Measure(id="e", table="persons", agg="count_distinct", column="family_id"),
        Measure(id="f", table="child_measurements", latest_per="child_id", by="haz_class"),
        Measure(id="g", table="interventions", agg="count_distinct", column="agency"),
    ))


def test_schema_marks_roles() -> None:
    assert PERSONS.column("sex").is_dimension
    assert PERSONS.column("village_code").is_dimension
    assert not PERSONS.column("person_id").is_dimension
    assert PERSONS.column("person_id").identifier
    assert not PERSONS.column("nik").is_dimension
    assert "nik" not in PERSONS.entity_columns
    assert "birth_date" not in PERSONS.dimension_columns


def test_by_person_id_never_lists_people() -> None:
    s = _set(Measure(id="hit", table="persons", filter="sex = 'm'", by="person_id"))
    with pytest.raises(IndicatorDefinitionError, match="individual records"):
        kampungkb.compute(kampungkb.Dataset.from_tables({"persons": _people()}), [s], ["2019"])


# -- identifiers are quoted everywhere, including plugin-added columns ----------------------

def test_plugin_column_with_an_odd_name_is_quoted() -> None:
    extended = PERSONS.with_columns((
        Column(name="Jumlah anak", type="INTEGER"),
        Column(name="group", type="VARCHAR", enum=("a", "b")),
        Column(name="it's", type="BOOLEAN"),
    ))
    schemas = {**CANONICAL_TABLES, "persons": extended}
    people = _people()
    people = people.append_column("Jumlah anak", pa.array([0, 1, 2, 3, 4, 5], pa.int32()))
    people = people.append_column("group", pa.array(["a", "b", "a", "b", "a", "b"]))
    people = people.append_column("it's", pa.array([True] * 6))
    s = _set(Measure(id="hit", table="persons", filter='"Jumlah anak" >= 2 AND "it\'s"',
                     by="group"))
    checked = kampungkb.validate_indicator_set(s, schemas=schemas)
    assert checked.measures["hit"].filter_sql == '"Jumlah anak" >= 2 AND "it\'s"'
    ds = kampungkb.Dataset.from_tables({"persons": people}, schemas=schemas)
    res = kampungkb.compute(ds, [s], ["2019"])
    assert _row(res)["numerator"] == 4
    assert _row(res, "a")["numerator"] == 2
    assert _row(res, "b")["numerator"] == 2


@pytest.mark.parametrize("name", ['a"b', "", " x", "x\n", "x" * 64, "SEX"])
def test_plugin_column_names_that_cannot_be_used(name: str) -> None:
    with pytest.raises(ValueError, match="column"):
        PERSONS.with_columns((Column(name=name, type="INTEGER"),))


def test_quote_helpers() -> None:
    assert quote_identifier('a"b') == '"a""b"'
    assert quote_text("it's") == "'it''s'"
    con = duckdb.connect()
    odd = quote_identifier('x" y')
    assert con.execute(f"SELECT 1 AS {odd}").description[0][0] == 'x" y'


# -- errors at compute name the set and the measure ----------------------------------------

def _failing_query(con: duckdb.DuckDBPyConnection, filter_sql: str) -> tuple[
        MeasureQuery, list[PlannedMeasure]]:
    planned = [PlannedMeasure("m0", Measure(id="ok", table="persons"), None, None),
               PlannedMeasure("m1", Measure(id="bad", table="persons"), filter_sql, None)]
    q = compile_queries(planned, dict(CANONICAL_TABLES), [parse_period("2019")],
                        parse_period("2019").type)[0]
    with pytest.raises(duckdb.Error):
        con.execute(q.sql).fetchall()
    return q, planned


def test_explain_failure_names_set_and_measure() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE persons AS SELECT * FROM (VALUES ('19.01.01.2001', '2019', 5)) "
                "t(village_code, period, age_years)")
    q, planned = _failing_query(con, '"age_years" // 0 = 1')  # unguarded SQL
    err = explain_failure(con, q, planned=planned, schemas=dict(CANONICAL_TABLES),
                          periods=[parse_period("2019")], ptype="year",
                          alias_of={("a@1", "ok"): "m0", ("a@1", "bad"): "m1",
                                    ("b@2", "bad_too"): "m1"})
    assert isinstance(err, IndicatorDefinitionError)
    assert (err.set_id, err.item_id) == ("a@1", "bad")
    assert "'bad_too' of set 'b@2'" in str(err)


def test_explain_failure_blames_the_data_when_a_column_cannot_be_read() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE raw AS SELECT * FROM (VALUES ('19.01.01.2001', '2019', 'x')) "
                "t(village_code, period, a)")
    con.execute("CREATE VIEW persons AS SELECT village_code, period, CAST(a AS INTEGER) AS "
                "age_years FROM raw")
    q, planned = _failing_query(con, '"age_years" > 1')
    assert explain_failure(con, q, planned=planned, schemas=dict(CANONICAL_TABLES),
                           periods=[parse_period("2019")], ptype="year",
                           alias_of={("a@1", "ok"): "m0", ("a@1", "bad"): "m1"}) is None


# -- any text: checks, or an IndicatorDefinitionError --------------------------------------

_FRAGMENTS = st.sampled_from([
    "(", ")", "NOT ", " AND ", " OR ", "-", "+", "*", "/", "//", "%", "::INTEGER", "::DATE",
    "age_years", "sex", "'f'", "'x'", "0", "1", "1e400", "9223372036854775807", "NULL",
    "TRUE", "pregnant", "birth_date", "DATE '2019-01-01'", " IN (", ", ", " = ", " < ",
    " BETWEEN ", "CASE WHEN ", " THEN ", " ELSE ", " END", "abs(", "coalesce(", "[", "]",
    "nik", '"', "'", ";", "--", "/*", "*/", "SELECT ", "read_csv('x')", "INTERVAL 5 YEAR",
    " IS NULL", "list_contains(", "date_part('year', ", "?", "$1", "CAST(", " AS VARCHAR)",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(_FRAGMENTS, max_size=60).map("".join)))
def test_any_text_checks_or_is_a_definition_error(sql: str) -> None:
    where: tuple[str | None, str | None] = ("s", "m")
    try:
        check_filter(sql, PERSONS, set_id="s", item_id="m",
                     extra_columns={"age_years": "INTEGER", "is_pus": "BOOLEAN"})
    except IndicatorDefinitionError as err:
        where = (err.set_id, err.item_id)
    assert where == ("s", "m")
