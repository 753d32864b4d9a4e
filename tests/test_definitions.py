"""Definition types, TOML loading and registration-time errors (each kind, with its message)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

import kampungkb
from kampungkb import IndicatorDefinitionError
from kampungkb.indicators import (
    CompositeRule,
    Indicator,
    IndicatorSet,
    Measure,
    Target,
    load_indicator_set,
    validate_indicator_set,
)
from kampungkb.indicators.cikar import cikar_2018
from kampungkb.plugins import get_plugin_manager


def _set(measure: Measure, indicators: tuple[Indicator, ...] | None = None) -> IndicatorSet:
    inds = indicators or (
        Indicator(id="ind", label_id="x", label_en="x", kind="count", numerator=measure.id),
    )
    return IndicatorSet(id="prov", version="1", title_id="t", title_en="t",
                        measures=(measure,), indicators=inds)


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (Measure(id="m", table="persons", filter="contraceptive_methd IS NULL"),
         "unknown column 'contraceptive_methd' in table 'persons' (did you mean "
         "'contraceptive_method'"),
        (Measure(id="m", table="persons", filter="age_years = 'old'"), "age_years"),
        (Measure(id="m", table="persons", filter="contraceptive_method = 'mow2'"), "mow2"),
        (Measure(id="m", table="persons",
                 filter="person_id IN (SELECT person_id FROM persons)"), "subquer"),
        (Measure(id="m", table="persons", filter="read_csv('x.csv') IS NULL"), "read_csv"),
        (Measure(id="m", table="persons", filter="1=1; DROP TABLE persons"), "statement"),
        (Measure(id="m", table="persons", filter="nik IS NOT NULL"), "personal data"),
        (Measure(id="m", table="persons", filter="age_years"), "true/false"),
        (Measure(id="m", table="persns"), "unknown table 'persns' (did you mean 'persons'?)"),
        (Measure(id="m", table="families", agg="sum", column="welfare_stage"), "number"),
    ],
)
def test_definition_errors_name_set_and_item(measure: Measure, expected: str) -> None:
    with pytest.raises(IndicatorDefinitionError) as err:
        validate_indicator_set(_set(measure))
    message = str(err.value)
    assert "prov@1" in message
    assert "'m'" in message
    assert expected in message
    assert isinstance(err.value, ValueError)


def test_indicator_reading_unknown_measure() -> None:
    bad = IndicatorSet(
        id="prov", version="1", title_id="t", title_en="t",
        measures=(Measure(id="pus", table="persons", filter="is_pus"),),
        indicators=(Indicator(id="cpr", label_id="x", label_en="x", numerator="users",
                              denominator="pus"),),
    )
    with pytest.raises(IndicatorDefinitionError, match=r"prov@1.*'cpr'.*measure 'users'"):
        validate_indicator_set(bad)


def test_composite_rule_must_name_components() -> None:
    m = Measure(id="n", table="marriages")
    inds = (
        Indicator(id="a", label_id="a", label_en="a", kind="count", numerator="n", parent="c"),
        Indicator(id="c", label_id="c", label_en="c", kind="composite", components=("a",),
                  rule=CompositeRule(all_of=("b",))),
    )
    with pytest.raises(IndicatorDefinitionError, match="'b', which is not one of its components"):
        validate_indicator_set(_set(m, inds))


def test_shared_measure_can_be_reused() -> None:
    shared = {"pus": Measure(id="pus", table="persons", filter="is_pus")}
    s = IndicatorSet(id="prov", version="1", title_id="t", title_en="t", indicators=(
        Indicator(id="pus_count", label_id="x", label_en="x", kind="count", numerator="pus"),))
    checked = validate_indicator_set(s, shared_measures=shared)
    assert checked.measures["pus"].filter_sql == '"is_pus"'


def test_model_level_shape_errors() -> None:
    with pytest.raises(ValidationError, match="needs a denominator"):
        Indicator(id="r", label_id="r", label_en="r", kind="ratio", numerator="a")
    with pytest.raises(ValidationError, match="needs a column"):
        Measure(id="s", table="persons", agg="sum")
    with pytest.raises(ValidationError, match="defined twice"):
        IndicatorSet(id="x", version="1", title_id="t", title_en="t", indicators=(
            Indicator(id="a", label_id="a", label_en="a", kind="count", numerator="m"),
            Indicator(id="a", label_id="a", label_en="a", kind="count", numerator="m")))


def test_target_and_rule_words() -> None:
    t = Target(op=">", value=85)
    assert t.met(85.1)
    assert not t.met(85)
    assert str(t) == "> 85"
    rule = CompositeRule(all_of=("cpr",), of=("a", "b", "c"), at_least=2)
    assert rule.describe("en") == "all of: cpr; at least 2 of: a, b, c"
    assert rule.describe("id") == "semua: cpr; minimal 2 dari: a, b, c"


def test_cikar_set_checks_and_is_registered_as_a_plugin() -> None:
    s = get_plugin_manager().get_indicator_set("cikar")
    assert s.key == "cikar@2018"
    assert s == cikar_2018()
    main = [i.id for i in s.indicators if i.parent is None and i.group == "output"]
    assert main == ["kb_achievement", "patbm", "home_industry", "birth_certificates",
                    "child_marriage", "cross_sector"]
    checked = validate_indicator_set(s)
    assert all(cm.filter_sql is None or '"' in cm.filter_sql for cm in checked.measures.values())


def test_toml_round_trip_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "prov.toml"
    good.write_text(
        'id = "prov"\nversion = "2024"\ntitle_id = "Contoh"\ntitle_en = "Example"\n'
        '[[measures]]\nid = "marr"\ntable = "marriages"\n'
        '[[indicators]]\nid = "n"\nkind = "count"\nlabel_id = "a"\nlabel_en = "a"\n'
        'numerator = "marr"\n', encoding="utf-8")
    s = load_indicator_set(good)
    assert s.key == "prov@2024"
    assert kampungkb.load_indicator_set(str(good)) == s
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "prov"\nversion = \n', encoding="utf-8")
    with pytest.raises(IndicatorDefinitionError, match=r"broken\.toml is not valid TOML"):
        load_indicator_set(broken)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('id = "prov"\nversion = "1"\ntitle_id = "a"\ntitle_en = "b"\n'
                     '[[indicators]]\nid = "x"\nlabel_id = "a"\nlabel_en = "a"\n'
                     'kind = "ratio"\nnumerator = "m"\n', encoding="utf-8")
    with pytest.raises(IndicatorDefinitionError, match=r"set 'prov'.*needs a denominator"):
        load_indicator_set(wrong)
