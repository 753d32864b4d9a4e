"""kampungkb.testing: fixtures, Hypothesis strategies and the conformance check."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
import types
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings

import kampungkb
import kampungkb.engine
from kampungkb.engine import parse_period
from kampungkb.indicators import Indicator, IndicatorSet, Measure
from kampungkb.models import Column
from kampungkb.models.tables import CANONICAL_TABLES
from kampungkb.plugins import TableExtension, hookimpl
from kampungkb.testing import (
    TINY_VILLAGES,
    check_indicator_set,
    plugin_manager,
    result_problems,
    tiny_tables,
)
from kampungkb.testing.strategies import DEFAULT_VILLAGES, arrow_schema, table, tables

PERIODS = ("2017", "2019")
SETTINGS = settings(max_examples=25, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- strategies ---------------------------------------------------------------------------


def _assert_valid(name: str, t: pa.Table, periods: tuple[str, ...]) -> None:
    """Cross-check one drawn table against its canonical schema, column by column."""
    schema = CANONICAL_TABLES[name]
    assert t.schema == arrow_schema(schema), name
    for col in schema.columns:
        if not col.derived:
            _assert_column(name, col, t[col.name].to_pylist())
    _assert_rows(name, t, periods)


def _assert_column(name: str, col: Column, values: list[Any]) -> None:
    if col.required:
        assert None not in values, (name, col.name)
    if col.personal:
        assert set(values) <= {None}, (name, col.name)
    for v in (v for v in values if v is not None):
        items = v if col.type == "VARCHAR[]" else [v]
        for item in items:
            if col.enum:
                assert item in col.enum, (name, col.name, item)
            if col.ge is not None:
                assert item >= col.ge, (name, col.name, item)
            if col.le is not None:
                assert item <= col.le, (name, col.name, item)
            if isinstance(item, float):
                assert math.isfinite(item)
        if col.name == "village_code":
            assert v in DEFAULT_VILLAGES


def _assert_rows(name: str, t: pa.Table, periods: tuple[str, ...]) -> None:
    schema = CANONICAL_TABLES[name]
    parsed = [parse_period(p) for p in periods]
    first, last = min(p.start for p in parsed), max(p.end for p in parsed)
    keys = [tuple(r[k] for k in schema.key) for r in t.select(list(schema.key)).to_pylist()]
    assert len(keys) == len(set(keys)), f"{name}: duplicate keys"
    rows = t.to_pylist()
    if schema.kind == "snapshot" and name != "monthly_reports":
        assert {r["period"] for r in rows} <= set(periods)
    if schema.kind == "event":
        assert all(first <= r[schema.date_column or ""] <= last for r in rows), name
    if name == "persons":
        for r in rows:
            assert r["birth_date"] <= parse_period(r["period"]).end
            if r["contraception_start"] is not None:
                assert r["birth_date"] < r["contraception_start"] <= parse_period(r["period"]).end
    if schema.kind == "register" and schema.end_column:
        start, end = schema.start_column or "", schema.end_column
        assert all(r[end] is None or r[end] > r[start] for r in rows)


@settings(SETTINGS, max_examples=15)  # every table, so each draw is large
@given(tables(periods=PERIODS))
def test_drawn_tables_are_valid_against_the_canonical_schemas(drawn: dict[str, pa.Table]) -> None:
    assert set(drawn) == set(CANONICAL_TABLES)
    for name, t in drawn.items():
        _assert_valid(name, t, PERIODS)
    families = {(r["family_id"], r["period"]): r["village_code"]
                for r in drawn["families"].to_pylist()}
    for person in drawn["persons"].to_pylist():
        assert families[(person["family_id"], person["period"])] == person["village_code"]
    cases = {r["case_id"]: r for r in drawn["violence_cases"].to_pylist()}
    for victim in drawn["violence_victims"].to_pylist():
        case = cases[victim["case_id"]]
        assert (case["village_code"], case["date"]) == (victim["village_code"], victim["date"])
    coverage = set(drawn["villages"]["village_code"].to_pylist())
    for t in drawn.values():
        assert set(t["village_code"].to_pylist()) <= coverage
    for report in drawn["monthly_reports"].to_pylist():
        assert report["period"][:4] in PERIODS
        users = sum(v for k, v in report.items() if k.startswith(("users_", "nonusers_")))
        assert users <= report["pus"]


@SETTINGS
@given(tables(("persons",), villages=["99.01.01.2001"], periods=("2019-Q2",), max_rows=5))
def test_options_villages_periods_and_size(drawn: dict[str, pa.Table]) -> None:
    persons = drawn["persons"]
    assert set(drawn) == {"persons"}
    assert persons.num_rows <= 5
    assert set(persons["village_code"].to_pylist()) <= {"99.01.01.2001"}
    assert set(persons["period"].to_pylist()) <= {"2019-Q2"}
    children = [r for r in persons.to_pylist()
              if r["birth_date"] > dt.date(2019, 6, 30) - dt.timedelta(days=15 * 366)]
    assert all(r["marital_status"] in (None, "never_married") for r in children)


EXTENDED = {**CANONICAL_TABLES, "families": CANONICAL_TABLES["families"].with_columns(
    (Column("receives_pkh", "BOOLEAN"), Column("pkh_level", "VARCHAR", enum=("a", "b"))))}


@SETTINGS
@given(table("families", schemas=EXTENDED))
def test_plugins_extra_columns_are_drawn(families: pa.Table) -> None:
    assert {"receives_pkh", "pkh_level"} <= set(families.column_names)
    assert set(families["pkh_level"].to_pylist()) <= {None, "a", "b"}


def test_strategy_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="not canonical tables"):
        tables(("persons", "people"))
    with pytest.raises(ValueError, match="one type"):
        tables(("persons",), periods=("2019", "2019-06"))


@SETTINGS
@given(tables(("persons", "families", "marriages", "villages"), periods=PERIODS))
def test_drawn_tables_compute(drawn: dict[str, pa.Table]) -> None:
    """The engine accepts every draw (the point of the strategies)."""
    dataset = kampungkb.Dataset.from_tables(drawn, schemas=CANONICAL_TABLES)
    results = kampungkb.compute(dataset, [_akta_set()], list(PERIODS))
    assert set(results.to_arrow()["set_id"].to_pylist()) <= {"akta"}
    dataset.close()


# -- fixtures -----------------------------------------------------------------------------


def _akta_set(**label: str) -> IndicatorSet:
    labels = {"label_id": "Kepemilikan akta (%)", "label_en": "Birth certificates (%)", **label}
    return IndicatorSet(
        id="akta", version="1", title_id="Akta kelahiran", title_en="Birth certificates",
        measures=(
            Measure(id="persons", table="persons", label_id="Penduduk", label_en="Persons"),
            Measure(id="with_akta", table="persons", filter="has_birth_certificate",
                    label_id="Penduduk berakta", label_en="Persons with a certificate"),
        ),
        indicators=(Indicator(id="akta", numerator="with_akta", denominator="persons",
                              **labels),),
    )


def _plugin(*sets: IndicatorSet, **hooks: Callable[[], Any]) -> types.ModuleType:
    module = types.ModuleType("kit_test_plugin")
    module.kampungkb_register_indicator_sets = hookimpl(lambda: list(sets))  # type: ignore[attr-defined]
    for name, function in hooks.items():
        setattr(module, name, hookimpl(function))
    return module


def test_plugin_manager_fixture_holds_builtins_and_named_plugins_only(
    kampungkb_plugin_manager: Callable[..., Any],
) -> None:
    pm = kampungkb_plugin_manager(_plugin(_akta_set()))
    loaded = {info.kind for info in pm.plugins() if info.status == "loaded"}
    assert loaded == {"builtin", "extra"}  # installed (entry-point) plugins are not loaded
    assert {"akta@1", "cikar@2018"} <= set(pm.indicator_sets())
    bare = kampungkb_plugin_manager(_plugin(_akta_set()), builtins=False)
    assert set(bare.indicator_sets()) == {"akta@1"}


def test_plugin_manager_accepts_module_paths() -> None:
    pm = plugin_manager("kampungkb.indicators.cikar", builtins=False)
    assert set(pm.indicator_sets()) == {"cikar@2018"}


def test_data_fixtures(kampungkb_demo_tables: dict[str, pa.Table],
                       kampungkb_demo_dataset: kampungkb.Dataset,
                       kampungkb_tiny_dataset: kampungkb.Dataset) -> None:
    assert kampungkb_demo_tables["persons"].num_rows > 1000
    assert kampungkb_demo_dataset.has_table("persons")
    results = kampungkb.compute(kampungkb_tiny_dataset, [_akta_set()], list(PERIODS))
    assert results.value("akta", "99.01.01.2001", "2019") == 100.0
    assert results.value("akta", "99", "2019") == 50.0  # 2 of 4 persons in 2019
    assert sorted(tiny_tables()["villages"]["village_code"].to_pylist()) == list(TINY_VILLAGES)


def test_pytest_plugin_imports_nothing_heavy() -> None:
    """pytest imports the plugin in every project with kampungkb installed."""
    code = ("import sys, kampungkb.testing.pytest_plugin\n"
            "heavy = ['hypothesis', 'kampungkb.demo', 'kampungkb.testing._conformance',"
            " 'kampungkb.testing.strategies', 'kampungkb.testing._data']\n"
            "print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603 - our interpreter, our code
                         check=True)
    assert out.stdout.strip() == "[]"


def test_lazy_package_attributes() -> None:
    import kampungkb.testing as kit  # noqa: PLC0415

    assert kit.check_indicator_set is check_indicator_set
    assert "check_indicator_set" in dir(kit)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = kit.nope


# -- check_indicator_set ------------------------------------------------------------------


def test_builtin_sets_conform() -> None:
    """Every built-in set passes the kit (few generated examples: the sets are big)."""
    pm = plugin_manager()
    for key in pm.indicator_sets():
        # "Unmet need" is the term of art in Indonesian too.
        check_indicator_set(key, manager=pm, examples=2, same_labels=["unmet_need"])


def test_a_good_small_set_conforms_on_every_kind_of_data() -> None:
    pm = plugin_manager(_plugin(_akta_set()), builtins=False)
    check_indicator_set("akta", manager=pm, dataset=tiny_tables(), examples=10)
    dataset = kampungkb.Dataset.from_tables(tiny_tables(), schemas=CANONICAL_TABLES)
    check_indicator_set(_akta_set(), manager=pm, dataset=dataset, examples=0)
    assert dataset.has_table("persons")  # a dataset we pass in is left open
    dataset.close()


def test_missing_english_label_fails_with_a_clear_message() -> None:
    broken = _akta_set(label_en="")
    pm = plugin_manager(_plugin(broken), builtins=False)
    with pytest.raises(AssertionError) as info:
        check_indicator_set("akta@1", manager=pm, dataset=None, examples=0)
    assert str(info.value) == (
        "indicator set 'akta@1' does not conform (1 problem):\n"
        "  - indicator 'akta': label_en is empty"
    )


def test_identical_labels_fail_unless_allowed() -> None:
    same = _akta_set(label_id="Akta", label_en="Akta")
    pm = plugin_manager(_plugin(same), builtins=False)
    with pytest.raises(AssertionError, match="label_id and label_en are both 'Akta'"):
        check_indicator_set(same, manager=pm, dataset=None, examples=0)
    check_indicator_set(same, manager=pm, dataset=None, examples=0, same_labels=["akta"])


def test_bad_definition_fails_naming_set_and_measure() -> None:
    bad = _akta_set().model_copy(update={"measures": (
        Measure(id="persons", table="persons", label_id="Penduduk", label_en="Persons"),
        Measure(id="with_akta", table="persons", filter="has_birth_certifcate",
                label_id="Penduduk berakta", label_en="Persons with a certificate"),
    )})
    pm = plugin_manager(builtins=False)
    with pytest.raises(AssertionError, match=r"definitions: .*has_birth_certifcate"):
        check_indicator_set(bad, manager=pm, examples=0)


def test_table_extensions_of_the_manager_are_used() -> None:
    """A filter on a plugin's added column checks and computes (on drawn data too)."""
    column = Column("receives_pkh", "BOOLEAN", label_id="Penerima PKH", label_en="PKH recipient")
    pkh = IndicatorSet(
        id="pkh", version="1", title_id="Penerima PKH", title_en="PKH recipients",
        measures=(Measure(id="families", table="families", label_id="Keluarga",
                          label_en="Families"),
                  Measure(id="pkh", table="families", filter="receives_pkh",
                          label_id="Keluarga penerima PKH", label_en="PKH families")),
        indicators=(Indicator(id="pkh_share", numerator="pkh", denominator="families",
                              label_id="Keluarga penerima PKH (%)",
                              label_en="Families receiving PKH (%)"),),
    )
    plugin = _plugin(pkh, kampungkb_register_table_extensions=lambda: [
        TableExtension(table="families", columns=(column,))])
    check_indicator_set("pkh", manager=plugin_manager(plugin, builtins=False), examples=5)


def _tampered(compute: Callable[..., kampungkb.Results],
              change: Callable[[dict[str, Any]], None]) -> Callable[..., kampungkb.Results]:
    def wrapper(*args: Any, **kwargs: Any) -> kampungkb.Results:
        results = compute(*args, **kwargs)
        rows = results.to_pylist()
        for row in rows:
            change(row)
        table = pa.Table.from_pylist(rows, schema=results.table.schema)
        return kampungkb.Results(table, periods=results.periods, sets=results.sets,
                                 hierarchy=results.hierarchy)
    return wrapper


def test_broken_rollup_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """An engine that averaged instead of summing would be caught (simulated here)."""
    def inflate(row: dict[str, Any]) -> None:
        if row["level"] == "regency" and row["numerator"] is not None:
            row["numerator"] += 1

    monkeypatch.setattr(kampungkb.engine, "compute", _tampered(kampungkb.engine.compute, inflate))
    pm = plugin_manager(_plugin(_akta_set()), builtins=False)
    with pytest.raises(AssertionError) as info:
        check_indicator_set("akta", manager=pm, dataset=tiny_tables(), examples=0)
    message = str(info.value)
    where = "on the given tables: indicator 'akta' at regency 99.01 period 2019: numerator"
    assert where in message
    assert "is not the sum of its villages'" in message


def test_results_that_break_the_rules_are_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    def corrupt(row: dict[str, Any]) -> None:
        if row["region_code"] == "99.01.01.2001" and row["period"] == "2019":
            row["numerator"], row["value"] = 7.5, math.inf

    monkeypatch.setattr(kampungkb.engine, "compute", _tampered(kampungkb.engine.compute, corrupt))
    pm = plugin_manager(_plugin(_akta_set()), builtins=False)
    with pytest.raises(AssertionError, match=r"period 2019: value is inf"):
        check_indicator_set("akta", manager=pm, dataset=tiny_tables(), examples=0)


def test_result_checks_catch_each_rule() -> None:
    from kampungkb.indicators import validate_indicator_set  # noqa: PLC0415

    checked = validate_indicator_set(_akta_set())
    base = {"set_id": "akta", "set_version": "1", "indicator_id": "akta", "period": "2019",
            "n": 1, "flags": []}
    rows = [
        {**base, "region_code": "99.01.01.2001", "level": "village", "numerator": 3.0,
         "denominator": 2.0, "value": 150.0},
        {**base, "region_code": "99.01.01.2002", "level": "village", "numerator": 0.5,
         "denominator": 2.0, "value": 25.0},
        {**base, "region_code": "99.01.02.2001", "level": "village", "numerator": 1.0,
         "denominator": 2.0, "value": 30.0},
    ]
    results = kampungkb.Results(pa.Table.from_pylist(rows, schema=kampungkb.engine.RESULT_SCHEMA),
                                periods=("2019",), sets=("akta@1",), hierarchy="")
    problems = result_problems(results, checked)
    assert any("numerator 3 > denominator 2" in p for p in problems)
    assert any("0.5 is not a whole number" in p for p in problems)
    assert any("value 30 is not 1 / 2 × 100 = 50 rounded" in p for p in problems)


def test_examples_need_hypothesis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    pm = plugin_manager(_plugin(_akta_set()), builtins=False)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'kampungkb\[test\]'"):
        check_indicator_set("akta", manager=pm, dataset=None, examples=1)
