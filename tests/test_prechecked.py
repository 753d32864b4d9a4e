"""The generated modules (table schemas, the packaged definitions' checked SQL) agree with the
code they come from, and a stored check is used only where the full check would say the same.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from kampungkb._generate import generated_texts
from kampungkb.engine._compile import PlannedMeasure, _columns_read, _columns_used
from kampungkb.errors import IndicatorDefinitionError
from kampungkb.indicators import _prechecked
from kampungkb.indicators._derived import derived_columns
from kampungkb.indicators._validate import check_measure, check_snippet
from kampungkb.models import Column, tables
from kampungkb.models._canonical import CANONICAL_TABLES
from kampungkb.models._schema import TableSchema
from kampungkb.models.tables import _build
from kampungkb.plugins import load_plugins

PERSONS = CANONICAL_TABLES["persons"]
EXTRA = derived_columns(PERSONS)
STORED = "is_pus AND contraceptive_method IS NOT NULL"


def test_generated_modules_are_up_to_date() -> None:
    stale = [p.name for p, text in generated_texts().items()
             if p.read_text(encoding="utf-8") != text]
    assert stale == [], f"run `python -m kampungkb._generate` ({', '.join(stale)} are stale)"


def test_literal_schemas_equal_the_ones_derived_from_the_models() -> None:
    assert dict(CANONICAL_TABLES) == _build()
    assert tables.CANONICAL_TABLES is CANONICAL_TABLES  # one object: caches key on identity


def test_every_stored_check_equals_the_full_check() -> None:
    assert len(_prechecked.CHECKED) > 40  # the packaged sets' snippets are there
    for (kind, table, sql), (rendered, names, _facts) in _prechecked.CHECKED.items():
        schema = CANONICAL_TABLES[table]
        extra = derived_columns(schema) if table != "monthly_reports" else None
        assert _prechecked.lookup(kind, sql, schema, extra) == (rendered, names)
        full = check_snippet(kind, sql, schema, extra, set_id="s", item_id="m", stored=False)
        assert full == (rendered, names)


def test_a_stored_snippet_is_the_one_in_the_store() -> None:
    assert ("filter", "persons", STORED) in _prechecked.CHECKED


def test_text_not_in_the_store_gets_the_full_check() -> None:
    # a hostile filter is never in the store, whatever it resembles
    hostile = STORED + " AND (SELECT count(*) FROM read_csv('/etc/passwd')) > 0"
    assert _prechecked.lookup("filter", hostile, PERSONS, EXTRA) is None
    with pytest.raises(IndicatorDefinitionError):
        check_snippet("filter", hostile, PERSONS, EXTRA, set_id="s", item_id="m")
    # the same snippet as a summed value is another key (and not a number)
    assert _prechecked.lookup("value", STORED, PERSONS, EXTRA) is None
    with pytest.raises(IndicatorDefinitionError):
        check_snippet("value", STORED, PERSONS, EXTRA, set_id="s", item_id="m")


def _evolve_column(name: str, **changes: Any) -> TableSchema:
    columns = tuple(attrs.evolve(c, **changes) if c.name == name else c for c in PERSONS.columns)
    return attrs.evolve(PERSONS, columns=columns)


def test_a_changed_column_is_checked_again() -> None:
    personal = _evolve_column("contraceptive_method", personal=True)
    assert _prechecked.lookup("filter", STORED, personal, EXTRA) is None
    with pytest.raises(IndicatorDefinitionError) as caught:
        check_snippet("filter", STORED, personal, EXTRA, set_id="s", item_id="m")
    assert "contraceptive_method" in str(caught.value)
    coded = "contraceptive_method IN ('iud', 'implant', 'mow', 'mop')"
    narrower = _evolve_column("contraceptive_method", enum=("pill", "iud"))
    assert _prechecked.lookup("filter", coded, narrower, EXTRA) is None
    with pytest.raises(IndicatorDefinitionError):  # 'implant' is not one of its codes now
        check_snippet("filter", coded, narrower, EXTRA, set_id="s", item_id="m")


def test_a_changed_derived_column_is_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    cm = CANONICAL_TABLES["child_measurements"]
    extra = derived_columns(cm)
    sql = "whz < -2 AND whz_flag IS DISTINCT FROM 'implausible'"  # derived columns only
    rendered, names = check_snippet("filter", sql, cm, extra, set_id="s", item_id="m",
                                    stored=False)
    monkeypatch.setitem(_prechecked.CHECKED, ("filter", "child_measurements", sql),
                        (rendered, names, _prechecked.column_facts(cm, extra, names)))
    assert _prechecked.lookup("filter", sql, cm, extra) == (rendered, names)
    assert _prechecked.lookup("filter", sql, cm, {**extra, "whz": "VARCHAR"}) is None
    assert _prechecked.lookup("filter", sql, cm, {}) is None  # no derived whz: unknown
    with pytest.raises(IndicatorDefinitionError):
        check_snippet("filter", sql, cm, {}, set_id="s", item_id="m")


def test_a_plugins_extra_column_keeps_the_stored_check() -> None:
    extended = PERSONS.with_columns((Column(name="has_kartu", type="BOOLEAN"),))
    hit = _prechecked.lookup("filter", STORED, extended, EXTRA)
    assert hit is not None
    assert hit == check_snippet("filter", STORED, extended, EXTRA, set_id="s", item_id="m",
                                stored=False)


def test_columns_read_from_the_check_equal_those_parsed_from_the_sql() -> None:
    defs = load_plugins(entry_points=False, only=()).definitions()
    seen = 0
    for iset in defs.indicator_sets.values():
        for m in iset.measures:
            cm = check_measure(m, iset.id, defs.schemas)
            kept = PlannedMeasure("m0", m, cm.filter_sql, cm.column_sql, cm.report_sql,
                                  latest_among_sql=cm.latest_among_sql, reads=cm.reads)
            parsed = attrs.evolve(kept, reads=None)
            assert sorted(_columns_used(kept)) == sorted(_columns_used(parsed)), m.id
            assert _columns_read([kept]) == _columns_read([parsed]), m.id
            seen += 1
    assert seen > 40
