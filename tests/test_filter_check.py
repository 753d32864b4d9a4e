"""Tests for the definition-filter checker (kampungkb.indicators._check)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st

from kampungkb.errors import IndicatorDefinitionError, KampungKBError
from kampungkb.indicators._check import (
    ALLOWED_FUNCTIONS,
    check_filter,
    check_value_expression,
    referenced_columns,
    render,
)
from kampungkb.models._schema import Column, TableSchema

METHODS = ("iud", "mow", "mop", "condom", "implant", "injectable", "pill", "lam", "traditional")
FUNDING = ("apbn", "apbd_province", "apbd_regency", "dana_desa", "add", "csr", "swadaya", "other")
PERSONS = TableSchema(
    name="persons",
    kind="snapshot",
    key=("person_id", "period"),
    period_column="period",
    columns=(
        Column("person_id", "VARCHAR", required=True),
        Column("period", "VARCHAR", required=True),
        Column("nik", "VARCHAR", personal=True),
        Column("name", "VARCHAR", personal=True),
        Column("sex", "VARCHAR", enum=("m", "f")),
        Column("marital_status", "VARCHAR",
               enum=("never_married", "married", "divorced", "widowed")),
        Column("contraceptive_method", "VARCHAR", enum=METHODS),
        Column("funding_sources", "VARCHAR[]", enum=FUNDING),
        Column("age_first_marriage", "INTEGER", ge=0, le=120),
        Column("ibangga", "DOUBLE", ge=0, le=100),
        Column("pregnant", "BOOLEAN"),
        Column("date", "DATE"),
        Column("birth_date", "DATE"),
        Column("age_years", "INTEGER", derived=True),
    ),
)
EXTRA = {"is_pus": "BOOLEAN", "period_end": "DATE"}
SET_ID, ITEM_ID = "cikar@2018", "pus_mkjp"
KNOWN = {c.name.lower() for c in PERSONS.columns} | set(EXTRA)


def check(sql: str) -> sqlglot.exp.Expression:
    return check_filter(sql, PERSONS, set_id=SET_ID, item_id=ITEM_ID, extra_columns=EXTRA)


def rejected(sql: str, *, value: bool = False) -> str:
    """The message of the error ``sql`` raises (it must name the set and the item)."""
    checker = check_value_expression if value else check_filter
    with pytest.raises(IndicatorDefinitionError) as info:
        checker(sql, PERSONS, set_id=SET_ID, item_id=ITEM_ID, extra_columns=EXTRA)
    assert info.value.set_id == SET_ID
    assert info.value.item_id == ITEM_ID
    message = str(info.value)
    assert SET_ID in message
    assert ITEM_ID in message
    return message


ACCEPTED = [
    "sex = 'f' AND marital_status = 'married' AND age_years BETWEEN 15 AND 49",
    "contraceptive_method IN ('iud','implant','mow','mop')",
    "contraceptive_method NOT IN ('condom', 'traditional')",
    "contraceptive_method IS NULL AND NOT coalesce(pregnant, false)",
    "contraceptive_method IS NOT NULL",
    "list_contains(funding_sources, 'csr')",
    "array_contains(funding_sources, 'dana_desa') OR list_has(funding_sources, 'add')",
    "list_has_any(funding_sources, ['csr', 'swadaya'])",
    "list_has_all(funding_sources, ['apbn', 'csr'])",
    "len(funding_sources) >= 2",
    "array_length(funding_sources) = 0",
    "date >= DATE '2019-01-01'",
    "date BETWEEN DATE '2019-01-01' AND '2019-12-31'",
    "CAST(date AS DATE) < period_end",
    "year(date) = 2019 AND month(date) IN (1, 2, 3) AND quarter(date) = 1 AND day(date) < 15",
    "extract(year FROM birth_date) < 2000",
    "date_part('year', birth_date) < 2000",
    "date_diff('year', birth_date, period_end) >= 15",
    "datediff('day', date, period_end) <= 365",
    "date - INTERVAL 5 YEAR < period_end",
    "is_pus",
    "is_pus AND contraceptive_method IN ('iud', 'implant', 'mow', 'mop')",
    "pregnant IS TRUE",
    "NOT pregnant",
    "ibangga > 50.5 AND round(ibangga, 0) <= 100 AND abs(ibangga - 50) < 10",
    "least(age_first_marriage, age_years) < 19",
    "greatest(age_years, 0) >= 15",
    "age_years = '15'",
    "age_first_marriage < 19 OR age_first_marriage IS NULL",
    "nullif(age_first_marriage, 0) < 21",
    "lower(sex) = 'f' OR upper(sex) = 'M' OR trim(marital_status) LIKE 'mar%'",
    "marital_status ILIKE 'MARRIED'",
    "length(person_id) > 3",
    "CASE WHEN pregnant THEN 1 ELSE 0 END = 1",
    "CASE sex WHEN 'f' THEN TRUE ELSE FALSE END",
    "if(pregnant, 1, 0) = 1",
    "try_cast(age_years AS DOUBLE) >= 15.0",
    "age_years % 5 = 0 AND age_years // 5 = 3 AND -age_years < 0",
    "sex IS DISTINCT FROM 'm'",
    "TRUE",
    "SEX = 'f'",
    "(sex = 'f') AND (age_years >= 15 /* inclusive */)",
]


@pytest.mark.parametrize("sql", ACCEPTED)
def test_accepted_filters(sql: str) -> None:
    rendered = render(check(sql))
    assert render(check(rendered)) == rendered  # re-rendering is a fixed point


def test_accepted_filters_run_in_duckdb() -> None:
    duckdb = pytest.importorskip("duckdb")
    types = {c.name: c.type for c in PERSONS.columns} | EXTRA
    con = duckdb.connect()
    columns = ", ".join(f'"{name}" {sql_type}' for name, sql_type in types.items())
    con.execute(f"CREATE TABLE persons ({columns})")
    con.execute(
        "INSERT INTO persons VALUES ('p1', '2019', 'x', 'y', 'f', 'married', 'iud', "
        "['csr', 'apbn'], 18, 60.5, false, DATE '2019-02-03', DATE '1990-01-01', 29, true, "
        "DATE '2019-12-31')"
    )
    for sql in ACCEPTED:
        con.execute(f"SELECT count(*) FILTER (WHERE {render(check(sql))}) FROM persons")


def test_render_quotes_columns_and_drops_comments() -> None:
    rendered = render(check("sex = 'f' AND age_years >= 15 -- */ DROP TABLE persons"))
    assert rendered == "\"sex\" = 'f' AND \"age_years\" >= 15"
    assert "DROP" not in rendered


def test_render_other_dialect() -> None:
    assert render(check("sex = 'f'"), "postgres") == "\"sex\" = 'f'"


def test_column_names_are_normalised() -> None:
    assert render(check('SEX = \'f\' AND "Age_Years" > 1')) == "\"sex\" = 'f' AND \"age_years\" > 1"


def test_referenced_columns() -> None:
    expr = check("sex = 'f' AND is_pus AND (sex = 'm' OR age_years > 1)")
    assert referenced_columns(expr) == ("sex", "is_pus", "age_years")


REJECTED = [
    # syntax
    ("sex = ", "syntax error in a filter at line 1, column"),
    ("(sex = 'f'", "syntax error"),
    ("sex = 'f' AND", "something is missing after 'AND'"),
    ("", "a filter is empty"),
    # statements
    ("SELECT 1", "not an SQL statement (SELECT)"),
    ("1; DROP TABLE x", "found 2 statements"),
    ("DROP TABLE persons", "not an SQL statement (DROP)"),
    ("CREATE TABLE t (a INT)", "not an SQL statement (CREATE)"),
    ("INSERT INTO persons VALUES (1)", "not an SQL statement (INSERT)"),
    ("UPDATE persons SET sex = 'm'", "not an SQL statement (UPDATE)"),
    ("DELETE FROM persons", "not an SQL statement (DELETE)"),
    ("ATTACH 'other.db'", "not an SQL statement (ATTACH)"),
    ("COPY persons TO 'out.csv'", "not an SQL statement (COPY)"),
    ("PRAGMA version", "not an SQL statement (PRAGMA)"),
    ("SET threads = 1", "not an SQL statement (SET)"),
    ("INSTALL httpfs", "not an SQL statement (INSTALL)"),
    # beyond plain expressions
    ("sex IN (SELECT 'f')", "subqueries are not allowed in a filter"),
    ("age_years = (SELECT 1)", "subqueries are not allowed in a filter"),
    ("EXISTS (SELECT 1)", "subqueries are not allowed in a filter"),
    ("age_years = ANY (SELECT 1)", "subqueries are not allowed in a filter"),
    ("sex IN 'file.csv'", "IN needs a list of values"),
    ("sex IN ()", "IN needs at least one value"),
    ("age_years IS age_first_marriage", "IS takes NULL, TRUE or FALSE"),
    ("'csr' = ANY(funding_sources)", "ANY / ALL (use list_contains(column, 'code')"),
    ("sex ~ 'f'", "function regexp_like is not allowed"),
    ("sex = 'f' COLLATE nocase", "is not allowed"),
    ("funding_sources[1] = 'csr'", "BRACKET ('funding_sources[1]') is not allowed"),
    ("sex = $$f$$", "is not allowed"),
    ("age_years::JSON IS NULL", "cast to JSON is not allowed"),
    ("date > TIMESTAMP '2019-01-01 00:00:00'", "cast to TIMESTAMP is not allowed"),
    ("CAST(age_years AS DECIMAL(read_csv('x'), 2)) > 1", "function read_csv is not allowed"),
    ("CASE WHEN pregnant THEN 'a' ELSE 1 END = 1", "CASE mixes"),
    ("read_csv('people.csv') IS NULL", "function read_csv is not allowed in a filter; allowed:"),
    ("read_parquet('x.parquet') IS NULL", "function read_parquet is not allowed"),
    ("read_json('x.json') IS NULL", "function read_json is not allowed"),
    ("glob('*') IS NULL", "function glob is not allowed"),
    ("getvariable('x') = 1", "function getvariable is not allowed"),
    ("now() > date", "function now is not allowed"),
    ("count(*) > 1", "aggregate function count is not allowed"),
    ("sum(age_years) > 1", "aggregate function sum is not allowed"),
    ("row_number() OVER () = 1", "window functions (OVER …) are not allowed"),
    ("age_years = ?", "parameters and placeholders are not allowed"),
    ("age_years = $1", "parameters and placeholders are not allowed"),
    ("age_years = $name", "parameters and placeholders are not allowed"),
    ("persons.* IS NULL", "'*' is not allowed"),
    ("persons.sex = 'f'", "qualified column names are not allowed in a filter"),
    ("sex = 'f' AS x", "ALIAS"),
    ("list_filter(funding_sources, x -> x = 'csr') = []", "function"),
    ("date_diff('day); drop table x; --', date, period_end) > 1", "unknown date part"),
    ("extract(foo FROM date) = 1", "unknown date part"),
    ("CAST(age_years AS BLOB) IS NULL", "cast to BLOB is not allowed"),
    # columns
    ("contraceptive_methd = 'iud'",
     "unknown column 'contraceptive_methd' in table 'persons' "
     "(did you mean 'contraceptive_method'?)"),
    ("is_ps", "unknown column 'is_ps' in table 'persons' (did you mean 'is_pus'?)"),
    ('sex = "f"', "unknown column 'f' in table 'persons' (text values take single quotes"),
    ("nik = '3171010101010001'",
     "column 'nik' holds personal data and cannot be used in an indicator filter"),
    ("name LIKE 'A%'", "column 'name' holds personal data"),
    # types and codes
    ("contraceptive_method = 'mow2'",
     "'mow2' is not a code of column 'contraceptive_method'; codes: iud, mow"),
    ("contraceptive_method IN ('iud', 'implnt')", "(did you mean 'implant'?)"),
    ("list_contains(funding_sources, 'cs')", "'cs' is not a code of column 'funding_sources'"),
    ("list_has_any(funding_sources, ['csr', 'bank'])", "'bank' is not a code"),
    ("sex <> 'x'", "'x' is not a code of column 'sex'; codes: m, f"),
    ("sex = 1", "type mismatch: column 'sex' (VARCHAR) is text but the number 1 is a number"),
    ("age_years = 'abc'", "type mismatch: column 'age_years' (INTEGER) is a number but the text"),
    ("age_years IN (15, 'x')", "type mismatch"),
    ("pregnant = 'true'", "(write TRUE or FALSE without quotes)"),
    ("date >= '2019-13-01'", "(dates are written DATE 'yyyy-mm-dd')"),
    ("date >= 2019", "type mismatch: column 'date' (DATE) is a date"),
    ("date >= DATE '2019-02-30'", "'2019-02-30' is not a date"),
    ("age_years BETWEEN 'a' AND 'b'", "type mismatch"),
    ("funding_sources = 'csr'", "is a list of codes and cannot be compared using =; "
                                "use list_contains(funding_sources, 'code')"),
    ("list_contains(sex, 'f')", "list_contains needs a list of codes"),
    ("sex LIKE 1", "LIKE needs text"),
    ("sex + 1 > 2", "arithmetic (+) needs numbers"),
    ("abs(sex) > 1", "abs needs a number"),
    ("year(age_years) = 1", "year needs a date"),
    ("coalesce(sex, 1) = 'f'", "coalesce mixes"),
    ("sex = NULL", "comparing with NULL using = is never true"),
    ("age_years AND pregnant", "AND needs true/false, but column 'age_years'"),
    ("age_years IS TRUE", "IS TRUE / IS FALSE needs true/false"),
    ("CASE WHEN age_years THEN 1 END = 1", "CASE WHEN needs true/false"),
    # not a condition
    ("age_years", "a filter must be a true/false condition, but column 'age_years' (INTEGER)"),
    ("age_years + 1", "a filter must be a true/false condition"),
    ("'persons.csv'", "a filter must be a true/false condition"),
    ("NULL", "a filter must be a true/false condition"),
]


@pytest.mark.parametrize(("sql", "expected"), REJECTED)
def test_rejected_filters(sql: str, expected: str) -> None:
    assert expected in rejected(sql)


INJECTIONS = [
    "1=1) UNION SELECT nik FROM persons --",
    "x'; DROP TABLE persons; --",
    "sex = 'f'; DROP TABLE persons; --",
    "sex = 'f') OR (1=1",
    "sex = 'f' UNION SELECT 1",
    "sex = 'f' OR 1=1) FILTER (WHERE TRUE",
    "1=1) AS x FROM read_csv('/etc/passwd') --",
    "sex = 'f' /* */ ; COPY persons TO 'x.csv'",
]


@pytest.mark.parametrize("sql", INJECTIONS)
def test_injection_like_strings_are_rejected(sql: str) -> None:
    rejected(sql)


def test_syntax_error_says_where() -> None:
    message = rejected("1=1) UNION SELECT 1 --")
    assert "line 1, column 4" in message
    assert "unexpected ')'" in message


def test_unknown_column_without_close_match_names_the_table() -> None:
    message = rejected("zzzz = 1")
    assert message.endswith("unknown column 'zzzz' in table 'persons'")


def test_personal_columns_are_never_suggested() -> None:
    assert "nik" not in rejected("nikk = '1'").split("unknown column 'nikk'")[1]


def test_error_is_a_value_error_and_a_kampungkb_error() -> None:
    with pytest.raises(ValueError, match="unknown column"):
        check("foo = 1")
    with pytest.raises(KampungKBError):
        check("foo = 1")


def test_function_message_lists_the_allowed_functions() -> None:
    message = rejected("read_csv('x.csv') IS NULL")
    assert message.endswith(", ".join(ALLOWED_FUNCTIONS))
    assert "list_contains" in ALLOWED_FUNCTIONS
    assert "read_csv" not in ALLOWED_FUNCTIONS


def test_without_extra_columns_derived_schema_columns_still_work() -> None:
    expr = check_filter("age_years >= 15", PERSONS, set_id=SET_ID, item_id=ITEM_ID)
    assert render(expr) == '"age_years" >= 15'
    with pytest.raises(IndicatorDefinitionError, match="unknown column 'is_pus'"):
        check_filter("is_pus", PERSONS, set_id=SET_ID, item_id=ITEM_ID)


def test_unsupported_extra_column_type() -> None:
    with pytest.raises(IndicatorDefinitionError, match="unsupported type 'MAP"):
        check_filter("x", PERSONS, set_id=SET_ID, item_id=ITEM_ID,
                     extra_columns={"x": "MAP(VARCHAR, INTEGER)"})


@pytest.mark.parametrize("sql", [
    "age_years",
    "ibangga * 2 + age_first_marriage",
    "coalesce(age_first_marriage, 0)",
    "CASE WHEN pregnant THEN 1 ELSE 0 END",
    "date_diff('day', birth_date, period_end)",
])
def test_accepted_value_expressions(sql: str) -> None:
    expr = check_value_expression(sql, PERSONS, set_id=SET_ID, item_id=ITEM_ID,
                                  extra_columns=EXTRA)
    assert check_value_expression(render(expr), PERSONS, set_id=SET_ID, item_id=ITEM_ID,
                                  extra_columns=EXTRA) == expr


@pytest.mark.parametrize(("sql", "expected"), [
    ("sex", "a measure's value must be a number"),
    ("pregnant", "a measure's value must be a number"),
    ("age_years > 1", "a measure's value must be a number"),
    ("sum(age_years)", "aggregate function sum is not allowed in a measure's value"),
    ("nik", "column 'nik' holds personal data"),
    ("agee_years", "did you mean 'age_years'?"),
    ("(SELECT 1)", "subqueries are not allowed in a measure's value"),
])
def test_rejected_value_expressions(sql: str, expected: str) -> None:
    assert expected in rejected(sql, value=True)


# -- properties ------------------------------------------------------------------------------
IDENTIFIERS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,24}", fullmatch=True).filter(
    lambda s: s.lower() not in KNOWN)


@given(IDENTIFIERS)
def test_unknown_quoted_identifiers_are_always_rejected(name: str) -> None:
    assert f"unknown column {name!r} in table 'persons'" in rejected(f'"{name}" IS NULL')


@given(IDENTIFIERS, st.sampled_from(["= 1", "IS NULL", "= 'f'", "> DATE '2019-01-01'", ""]))
def test_unknown_bare_identifiers_are_always_rejected(name: str, rest: str) -> None:
    rejected(f"{name} {rest}")


def _comparison() -> st.SearchStrategy[str]:
    numbers = st.integers(0, 120).map(str)
    return st.one_of(
        st.tuples(st.sampled_from(["=", "<>"]), st.sampled_from(["m", "f"])).map(
            lambda t: f"sex {t[0]} '{t[1]}'"),
        st.lists(st.sampled_from(METHODS), min_size=1, max_size=4).map(
            lambda ms: f"contraceptive_method IN ({', '.join(repr(m) for m in ms)})"),
        st.tuples(st.sampled_from(["<", "<=", ">", ">=", "="]), numbers).map(
            lambda t: f"age_years {t[0]} {t[1]}"),
        st.tuples(numbers, numbers).map(lambda t: f"age_years BETWEEN {t[0]} AND {t[1]}"),
        st.floats(0, 100, allow_nan=False).map(lambda x: f"ibangga >= {x!r}"),
        st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)).map(
            lambda d: f"date < DATE '{d.isoformat()}'"),
        st.sampled_from(FUNDING).map(lambda f: f"list_contains(funding_sources, '{f}')"),
        st.sampled_from(["pregnant", "is_pus", "contraceptive_method IS NULL",
                         "coalesce(pregnant, FALSE)", "len(funding_sources) >= 2"]),
    )


FILTERS = st.recursive(
    _comparison(),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["AND", "OR"]), inner).map(
            lambda t: f"({t[0]}) {t[1]} {t[2]}"),
        inner.map(lambda s: f"NOT ({s})"),
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(FILTERS)
def test_rendered_filters_reparse_to_the_same_expression(sql: str) -> None:
    expr = check(sql)
    rendered = render(expr)
    again = check(rendered)
    assert again == expr
    assert render(again) == rendered
    assert sqlglot.parse_one(rendered, read="duckdb").sql("duckdb") == expr.sql("duckdb")
