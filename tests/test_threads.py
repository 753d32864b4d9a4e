"""Many threads, one Dataset, one plugin manager: every call returns what it returns alone.

The review that found wrong numbers under concurrency ran ``evaluate`` from a thread pool on one
``Dataset`` (one shared DuckDB connection, fixed temporary tables).  This test runs every entry
point that touches shared state — compute, evaluate, classify, the report renderers,
validation, the dataset's own queries and the plugin manager's lookups — mixed, from many
threads at once, and compares each result with a sequential run, value for value.
"""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import kampungkb
from kampungkb.demo import generate_demo
from kampungkb.evaluate import classify
from kampungkb.io import validate_data, validate_path
from kampungkb.plugins import load_plugins
from kampungkb.report import render

THREADS = 8
ROUNDS = 3


@pytest.fixture(scope="module")
def tables() -> dict[str, pa.Table]:
    return generate_demo()


@pytest.fixture(scope="module")
def dataset(tables: dict[str, pa.Table]) -> kampungkb.Dataset:
    return kampungkb.Dataset.from_tables(tables)


def _fingerprint(value: Any) -> Any:
    """A comparable form of any result (Arrow tables compare by content)."""
    if isinstance(value, pa.Table):
        return ("table", value.schema, value.to_pylist())
    if isinstance(value, kampungkb.Results):
        return ("results", _fingerprint(value.table), _fingerprint(value.data_values))
    if isinstance(value, kampungkb.Evaluation):
        return ("evaluation", _fingerprint(value.scorecard), _fingerprint(value.summary))
    if hasattr(value, "villages") and hasattr(value, "shares"):
        return ("classified", _fingerprint(value.villages), _fingerprint(value.shares))
    if hasattr(value, "report") and hasattr(value, "tables"):
        return ("ingest", value.report.summary_by_rule(),
                {k: _fingerprint(t) for k, t in value.tables.items()})
    return value


def _calls(dataset: kampungkb.Dataset, tables: dict[str, pa.Table], manager: Any,
           csv_file: Path) -> dict[str, Callable[[], Any]]:
    persons = tables["persons"].slice(0, 3000)
    return {
        "compute": lambda: kampungkb.compute(dataset, ["cikar@2018"], ["2017", "2019"]),
        "compute-bkkbn": lambda: kampungkb.compute(dataset, "bkkbn", ["2019"],
                                                   levels=("village", "regency")),
        "evaluate": lambda: kampungkb.evaluate(dataset, "cikar@2018", baseline="2017",
                                               followup="2019"),
        "classify": lambda: classify(dataset, "bkkbn-2020", "2019"),
        "render-table": lambda: render(_evaluation(dataset), "table", lang="en"),
        "render-json": lambda: render(_evaluation(dataset), "json"),
        "render-html": lambda: render(_evaluation(dataset), "html"),
        "validate": lambda: validate_data(persons, table="persons", pseudonym_key="k" * 32),
        "validate-path": lambda: validate_path(csv_file, pseudonym_key="k" * 32),
        "periods": lambda: dataset.periods("persons"),
        "to-arrow": lambda: dataset.to_arrow("families"),
        "sets": lambda: sorted(manager.indicator_sets()),
        "get-set": lambda: manager.get_indicator_set("cikar@2018").key,
        "definitions": lambda: sorted(manager.definitions().indicator_sets),
    }


_EVALUATIONS: dict[int, kampungkb.Evaluation] = {}
_EV_LOCK = threading.Lock()


def _evaluation(dataset: kampungkb.Dataset) -> kampungkb.Evaluation:
    # one shared Evaluation object, rendered by many threads at once
    with _EV_LOCK:
        if id(dataset) not in _EVALUATIONS:
            _EVALUATIONS[id(dataset)] = kampungkb.evaluate(
                dataset, "cikar@2018", baseline="2017", followup="2019")
        return _EVALUATIONS[id(dataset)]


def test_mixed_calls_from_many_threads_equal_a_sequential_run(
        dataset: kampungkb.Dataset, tables: dict[str, pa.Table], tmp_path: Path) -> None:
    csv_file = tmp_path / "families.csv"
    pacsv.write_csv(tables["families"].slice(0, 2000), csv_file)
    with csv_file.open("a", encoding="utf-8") as f:  # one bad row, so problems are compared too
        f.write('"DEMO-X",,,"19.01.01.2091","2019","bogus",,,\n')
    sequential_manager = load_plugins()
    expected = {name: _fingerprint(call())
                for name, call in _calls(dataset, tables, sequential_manager, csv_file).items()}
    # a fresh manager, so its lazy caches are filled by racing threads
    calls = _calls(dataset, tables, load_plugins(), csv_file)
    jobs = [name for name in calls for _ in range(ROUNDS)]
    random.Random(10).shuffle(jobs)
    barrier = threading.Barrier(THREADS)

    def run(name: str) -> tuple[str, Any]:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=0.2)  # start the first wave together
        return name, _fingerprint(calls[name]())

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(run, jobs))
    wrong = [name for name, got in outcomes if got != expected[name]]
    assert wrong == []
    assert len(outcomes) == len(calls) * ROUNDS


def test_evaluate_from_a_thread_pool_gives_the_seed_numbers(dataset: kampungkb.Dataset) -> None:
    """The review's scenario: four threads evaluating on one dataset, BKB groups stay 3."""

    def bkb() -> Any:
        ev = kampungkb.evaluate(dataset, "cikar@2018", baseline="2017", followup="2019")
        village = ev.village("19.01.01.2091").to_pylist()
        return next(r["followup"] for r in village if r["indicator_id"] == "bkb_groups")

    with ThreadPoolExecutor(4) as pool:
        values = list(pool.map(lambda _: bkb(), range(8)))
    assert set(values) == {3}


def test_a_dataset_keeps_its_definitions(tables: dict[str, pa.Table]) -> None:
    """Definitions are captured at construction: resetting the default changes nothing."""
    only_builtins = load_plugins(entry_points=False).definitions()
    ds = kampungkb.Dataset.from_tables({"villages": tables["villages"]},
                                       definitions=only_builtins)
    assert ds.definitions is only_builtins
    kampungkb.plugins.reset_plugin_manager()
    assert ds.definitions is only_builtins


def test_temporary_tables_are_private_to_a_call(dataset: kampungkb.Dataset) -> None:
    with dataset.connect() as first, dataset.connect() as second:
        first.execute("CREATE TEMP TABLE _dv AS SELECT 1 AS x")
        second.execute("CREATE TEMP TABLE _dv AS SELECT 2 AS x")  # no 'already exists'
        assert first.execute("SELECT x FROM _dv").fetchall() == [(1,)]
        assert second.execute("SELECT x FROM _dv").fetchall() == [(2,)]


def test_a_closed_dataset_says_so(tables: dict[str, pa.Table]) -> None:
    ds = kampungkb.Dataset.from_tables({"villages": tables["villages"]})
    ds.close()
    with pytest.raises(kampungkb.DatasetError, match="closed"):
        ds.to_arrow("villages")


def test_the_database_opening_beside_the_definitions_fails_as_before(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``Dataset`` opens its DuckDB in a thread while the definitions load: a bad memory
    limit still raises its error in the caller, and when the definitions fail the database
    no longer needed is closed."""
    import duckdb  # noqa: PLC0415

    from kampungkb.engine import _dataset  # noqa: PLC0415

    table = pa.table({"village_code": ["19.01.01.2001"], "period": ["2019"]})
    with pytest.raises(kampungkb.DatasetError, match="256 potatoes"):
        kampungkb.Dataset.from_tables({"villages": table}, memory_limit="256 potatoes")

    class NotDefinitions:
        def definitions(self) -> None:
            return None

    closed: list[Any] = []
    original = _dataset._Opening.discard

    def watch(self: Any) -> None:
        self._thread.join()
        db = self._db
        original(self)
        closed.append(db)

    monkeypatch.setattr(_dataset._Opening, "discard", watch)
    with pytest.raises(kampungkb.DatasetError, match="NotDefinitions"):
        kampungkb.Dataset({}, definitions=NotDefinitions())
    assert len(closed) == 1
    with pytest.raises(duckdb.ConnectionException):
        closed[0].execute("SELECT 1")


def test_from_folder_hands_its_database_to_the_dataset_it_builds(
        demo_parquet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``from_folder`` starts the database before the definitions load and the constructor
    takes it over; a folder that fails (no tables, bad region) closes it, and threads
    building datasets at once each get their own."""
    from kampungkb.engine import _dataset  # noqa: PLC0415

    started: list[Any] = []
    original = _dataset._Opening.__init__

    def spy(self: Any, *args: Any) -> None:
        original(self, *args)
        started.append(self)

    monkeypatch.setattr(_dataset._Opening, "__init__", spy)
    ds = kampungkb.Dataset.from_folder(demo_parquet, memory_limit="300MB")
    assert len(started) == 1  # the constructor opened none of its own
    assert ds.query("SELECT current_setting('memory_limit') AS m")["m"][0].as_py().startswith(
        "286")  # 300 MB as DuckDB shows it (MiB)
    for bad in ({"folder": tmp_path}, {"folder": demo_parquet, "within": "no such region"}):
        with pytest.raises(kampungkb.DatasetError):
            kampungkb.Dataset.from_folder(bad["folder"], within=bad.get("within"))
    assert all(s._db is None and not s._thread.is_alive() for s in started)
    assert _dataset._HANDOFF.opening is None
    with ThreadPoolExecutor(max_workers=4) as pool:
        built = list(pool.map(lambda _: kampungkb.Dataset.from_folder(demo_parquet), range(4)))
    assert len({id(d._db) for d in built}) == 4
    assert all(d.row_counts() == built[0].row_counts() for d in built)
