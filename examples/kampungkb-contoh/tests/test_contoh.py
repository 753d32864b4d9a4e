"""Tests of the kampungkb-contoh example plugin, written with kampungkb's testing kit.

The fixtures (``kampungkb_plugin_manager``, ``kampungkb_demo_dataset`` …) come from
``kampungkb.testing``, which pytest loads automatically wherever kampungkb is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata
from typing import Any

import pyarrow as pa
import pytest
from kampungkb_contoh import plugin

import kampungkb
from kampungkb.testing import check_indicator_set, make_dataset, tiny_tables

PluginManagerFactory = Callable[..., Any]


@pytest.fixture
def manager(kampungkb_plugin_manager: PluginManagerFactory) -> Any:
    """The built-ins (they share CIKAR's measures) plus this plugin, and nothing else."""
    return kampungkb_plugin_manager(plugin)


def test_the_set_conforms(manager: Any) -> None:
    """Definitions, labels, and results on the demo data and on 10 generated datasets."""
    check_indicator_set("contoh@2025", manager=manager, examples=10)


def test_plugin_registers_set_measure_and_column(manager: Any) -> None:
    assert "contoh@2025" in manager.indicator_sets()
    assert manager.measures()["contoh_kartu_holders"] == plugin.KARTU_HOLDERS
    columns = {(e.table, c.name) for e in manager.table_extensions() for c in e.columns}
    assert ("persons", "has_kartu_contoh") in columns


def test_the_set_reuses_shared_measures(manager: Any) -> None:
    """cpr and kartu_contoh read measures the set does not define itself."""
    contoh = manager.get_indicator_set("contoh")
    own = {m.id for m in contoh.measures}
    reused = {m for ind in contoh.indicators for m in ind.measure_ids} - own
    assert reused == {"kb_users", "pus", "contoh_kartu_holders"}
    assert reused <= set(manager.measures())


def test_entry_point_is_declared() -> None:
    """Installed, the distribution declares the plugin in the ``kampungkb`` group."""
    eps = {ep.name: ep for ep in metadata.entry_points(group="kampungkb")}
    assert eps["contoh"].value == "kampungkb_contoh.plugin"
    assert eps["contoh"].dist is not None
    assert eps["contoh"].dist.metadata["Name"] == "kampungkb-contoh"


def test_values_by_hand(manager: Any) -> None:
    """On the kit's tiny dataset, with the card recorded for two persons."""
    tables = tiny_tables()
    persons = tables["persons"]
    card = pa.array([True, False, True, True, None, False], pa.bool_())
    tables["persons"] = persons.append_column("has_kartu_contoh", card)
    dataset = make_dataset(tables, manager=manager)  # knows the column the plugin adds
    contoh = manager.get_indicator_set("contoh")
    results = kampungkb.compute(dataset, contoh, ["2017", "2019"],
                                shared_measures=manager.measures())
    # 99.01.01.2001: 2 PUS in 2017, one using a method; both use one in 2019.
    assert results.value("cpr", "99.01.01.2001", "2017") == 50.0
    assert results.value("cpr", "99.01.01.2001", "2019") == 100.0
    # Regency 99.01 in 2019: 2 users of 3 PUS — a ratio of sums, not an average of ratios.
    assert results.value("cpr", "99.01", "2019") == 66.67
    # Cards: 2017 P1 of 2 persons; 2019 P1, P2 of 4 persons in the province's villages.
    assert results.value("kartu_contoh", "99.01.01.2001", "2017") == 50.0
    assert results.value("kartu_contoh", "99", "2019") == 50.0
    dataset.close()


def test_disaggregated_indicator_by_hand(manager: Any) -> None:
    """akta_by_sex comes as a total and per sex; each category rolls up on its own."""
    dataset = make_dataset(tiny_tables(), manager=manager)
    contoh = manager.get_indicator_set("contoh")
    results = kampungkb.compute(dataset, contoh, ["2019"], shared_measures=manager.measures())
    # The tiny dataset's only child (99.02.01.2001, a boy) has no birth certificate.
    assert results.value("akta_by_sex", "99.02.01.2001", "2019") == 0.0
    assert results.value("akta_by_sex", "99.02.01.2001", "2019", category="m") == 0.0
    assert results.value("akta_by_sex", "99", "2019", category="m") == 0.0
    dataset.close()


def test_demo_evaluation(kampungkb_demo_dataset: Any, manager: Any) -> None:
    contoh = manager.get_indicator_set("contoh")
    evaluation = kampungkb.evaluate(kampungkb_demo_dataset, contoh, baseline="2017",
                                    followup="2019", shared_measures=manager.measures())
    assert evaluation.indicator_set.key == "contoh@2025"
    main = [i.id for i in contoh.indicators if i.parent is None]
    assert main == ["kb_services", "jkn", "kartu_contoh", "bkb_active", "akta_by_sex"]
