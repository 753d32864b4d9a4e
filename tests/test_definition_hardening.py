"""Definitions that used to pass and then misbehave: a plugin column's SQL type, non-finite or
huge numbers, composites inside composites, plugin columns shadowing the engine's own."""

from __future__ import annotations

import math
from pathlib import Path

import attrs
import pytest
from pydantic import ValidationError

import kampungkb
from kampungkb.definitions import Definitions
from kampungkb.errors import DatasetError, IndicatorDefinitionError, PluginLoadError
from kampungkb.indicators import Indicator, IndicatorSet, Measure, load_indicator_set
from kampungkb.models._schema import Column
from kampungkb.models.tables import CANONICAL_TABLES
from kampungkb.plugins import TableExtension, hookimpl, load_plugins
from kampungkb.testing import make_dataset, tiny_tables

_EVIL = ("BOOLEAN) IS NULL AND (SELECT count(*) FROM read_text('/etc/passwd')) > 0 AND (TRUE")


def _set(*indicators: Indicator, measures: tuple[Measure, ...] = ()) -> IndicatorSet:
    pus = Measure(id="pus", table="persons", filter="is_pus", label_id="x", label_en="x")
    return IndicatorSet(id="t", version="1", title_id="t", title_en="t",
                        measures=(pus, *measures), indicators=indicators)


# -- 1. a plugin column's type is a DuckDB type name, never SQL ------------------------------

@pytest.mark.parametrize("typ", [_EVIL, "TEXT", "varchar", "DECIMAL(10,2)", "INTEGER[]", ""])
def test_a_column_type_outside_the_allow_list_is_refused(typ: str) -> None:
    col = Column(name="evil_flag", type=typ, label_id="x", label_en="x")  # type: ignore[arg-type]
    with pytest.raises(DatasetError, match="evil_flag") as info:
        TableExtension(table="persons", columns=(col,))
    assert "VARCHAR, BOOLEAN, INTEGER, BIGINT, DOUBLE, DATE, VARCHAR[]" in str(info.value)
    assert "tipe kolom" in info.value.message("id")
    assert "read_text" not in str(info.value)[80:]  # the type is shown shortened


def test_the_injected_type_fails_in_the_plugin_never_reaching_sql() -> None:
    col = Column(name="evil_flag", type=_EVIL, label_id="x", label_en="x")  # type: ignore[arg-type]

    class Evil:
        @hookimpl
        def kampungkb_register_table_extensions(self) -> list[TableExtension]:
            return [TableExtension(table="persons", columns=(col,))]

    pm = load_plugins(entry_points=False, extra=[Evil()])
    with pytest.raises(PluginLoadError, match="evil_flag"):
        make_dataset(tiny_tables(), manager=pm)


def test_a_hand_built_schema_with_a_bad_type_is_refused_by_the_engine() -> None:
    col = Column(name="evil_flag", type=_EVIL)  # type: ignore[arg-type]
    persons = CANONICAL_TABLES["persons"]
    schema = attrs.evolve(persons, columns=(*persons.columns, col))
    with pytest.raises(DatasetError, match="evil_flag"):
        kampungkb.Dataset.from_tables({"persons": tiny_tables()["persons"]},
                                      schemas={**CANONICAL_TABLES, "persons": schema})


@pytest.mark.parametrize("typ", ["VARCHAR", "BOOLEAN", "INTEGER", "BIGINT", "DOUBLE", "DATE",
                                 "VARCHAR[]"])
def test_every_column_type_is_allowed(typ: str) -> None:
    col = Column(name="extra_col", type=typ)  # type: ignore[arg-type]
    defs = Definitions.build(table_extensions=[TableExtension(table="persons", columns=(col,))])
    assert defs.schemas["persons"].has_column("extra_col")


# -- 2. numbers in a definition are finite; huge ones do not crash ---------------------------

@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_target_and_factor_are_refused(value: float) -> None:
    with pytest.raises(ValidationError, match="finite"):
        Indicator(id="a", label_id="a", label_en="a", numerator="pus", denominator="pus",
                  target={"op": ">=", "value": value})
    with pytest.raises(ValidationError, match="finite"):
        Indicator(id="a", label_id="a", label_en="a", numerator="pus", denominator="pus",
                  factor=value)


@pytest.mark.parametrize("field", ['factor = nan', 'factor = inf',
                                   'target = { op = ">=", value = -inf }'])
def test_non_finite_numbers_in_toml_name_the_set(field: str) -> None:
    toml = f"""
id = "nf"
version = "1"
title_id = "t"
title_en = "t"
[[indicators]]
id = "a"
label_id = "a"
label_en = "a"
numerator = "pus"
denominator = "pus"
{field}
"""
    with pytest.raises(IndicatorDefinitionError, match="finite") as info:
        load_indicator_set(toml)
    assert "tidak sah" in info.value.message("id")


def test_a_huge_target_evaluates() -> None:
    ratio = Indicator(id="a", label_id="a", label_en="a", numerator="pus", denominator="pus",
                      target={"op": ">=", "value": 1e19})
    ds = make_dataset(tiny_tables())
    ev = kampungkb.evaluate(ds, _set(ratio), baseline="2017", followup="2019")
    row = next(r for r in ev.scorecard.to_pylist() if r["level"] == "province")
    assert row["target_met"] is False
    assert "1e+19" in row["reason_en"]


def test_a_ratio_that_overflows_is_flagged_non_finite() -> None:
    every = Measure(id="everyone", table="persons", label_id="x", label_en="x")
    ratio = Indicator(id="a", label_id="a", label_en="a", numerator="everyone",
                      denominator="pus", factor=1.7e308)
    res = kampungkb.compute(make_dataset(tiny_tables()), _set(ratio, measures=(every,)),
                            ["2019"])
    rows = [r for r in res.table.to_pylist() if r["level"] == "province"]
    assert rows
    for r in rows:
        assert r["numerator"] > r["denominator"] > 0
        assert r["value"] is None
        assert "non_finite" in r["flags"]
        assert r["lower"] is None or math.isfinite(r["lower"])
        assert r["upper"] is None or math.isfinite(r["upper"])


# -- 3. composites do not nest ---------------------------------------------------------------

def _composite(cid: str, components: list[str], parent: str | None = None) -> Indicator:
    return Indicator(id=cid, label_id=cid, label_en=cid, kind="composite", parent=parent,
                     components=components, rule={"all_of": components})


def _ratio(rid: str, parent: str) -> Indicator:
    return Indicator(id=rid, label_id=rid, label_en=rid, numerator="pus", denominator="pus",
                     parent=parent)


@pytest.mark.parametrize(("indicators", "item", "words"), [
    ((_composite("top", ["mid"]), _composite("mid", ["x"], parent="top"), _ratio("x", "mid")),
     "top", "'mid' is itself a composite"),
    ((_composite("a", ["b"], parent="b"), _composite("b", ["a"], parent="a")),
     "a", "'b' is itself a composite"),
    ((_composite("a", ["a"], parent="a"),), "a", "lists itself"),
])
def test_a_composite_inside_a_composite_is_refused(
        indicators: tuple[Indicator, ...], item: str, words: str) -> None:
    with pytest.raises(IndicatorDefinitionError, match=words) as info:
        kampungkb.validate_indicator_set(_set(*indicators))
    assert info.value.item_id == item
    assert info.value.set_id == "t@1"
    assert "komposit" in info.value.message("id")


def test_a_plain_composite_still_validates() -> None:
    kampungkb.validate_indicator_set(_set(_composite("c", ["x"]), _ratio("x", "c")))


# -- 4. a plugin column cannot shadow the engine's own ---------------------------------------

@pytest.mark.parametrize(("table", "name"), [
    ("persons", "region_code"), ("persons", "period_end"), ("persons", "PERIOD_END"),
    ("persons", "_period"), ("persons", "_period_end"), ("persons", "by_column"),
    ("persons", "category"), ("persons", "age_years"), ("persons", "is_pus"),
    ("marriages", "period"), ("child_measurements", "age_months"),
])
def test_an_engine_column_name_is_refused(table: str, name: str) -> None:
    ext = TableExtension(table=table, columns=(Column(name=name, type="VARCHAR"),))
    with pytest.raises(DatasetError, match="the engine uses that name") as info:
        Definitions.build(table_extensions=[ext])
    assert "mesin" in info.value.message("id")


def test_a_column_the_table_has_is_a_definitions_error() -> None:
    ext = TableExtension(table="persons", columns=(Column(name="SEX", type="VARCHAR"),))
    with pytest.raises(DatasetError, match="already has that column") as info:
        Definitions.build(table_extensions=[ext])
    assert "sudah memiliki" in info.value.message("id")
    twice = [TableExtension(table="persons", columns=(Column(name="x1", type="VARCHAR"),)),
             TableExtension(table="persons", columns=(Column(name="X1", type="BOOLEAN"),))]
    with pytest.raises(DatasetError, match="more than once"):
        Definitions.build(table_extensions=twice)


def test_a_set_read_from_a_package_resource_names_its_file(tmp_path: Path) -> None:
    """The tutorial's loading code passed the text, so errors said ``<text>`` (found by a
    review); a resource (importlib.resources) is read with its name."""
    from importlib import resources  # noqa: PLC0415

    resource = resources.files("kampungkb.indicators").joinpath("sets", "cikar_2018.toml")
    assert load_indicator_set(resource).id == "cikar"
    bad = tmp_path / "rusak.toml"
    bad.write_text('id = "x"\nversion = \n', encoding="utf-8")
    with pytest.raises(IndicatorDefinitionError) as caught:
        load_indicator_set(_Resource(bad))  # type: ignore[arg-type]
    assert "rusak.toml" in caught.value.message("en")
    assert "<text>" not in caught.value.message("en")


class _Resource:
    """A minimal resource as importlib.resources gives one (a package in a zip file)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self.name = path.name

    def read_text(self, encoding: str = "utf-8") -> str:
        return self._path.read_text(encoding=encoding)
