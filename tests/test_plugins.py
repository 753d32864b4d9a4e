"""The plugin system: real entry-point discovery, conflicts, broken plugins, switches."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kampungkb.errors import (
    KampungKBError,
    PluginConflictError,
    PluginLoadError,
    UnknownIndicatorSetError,
)
from kampungkb.evaluate._classify_rules import load_builtin_classification
from kampungkb.indicators import Indicator, IndicatorSet, Measure
from kampungkb.models._schema import Column
from kampungkb.plugins import (
    DEFAULT_PLUGINS,
    ENV_ALLOW,
    ENV_DISABLE,
    ENV_SKIP_BROKEN,
    ClassifierSpec,
    KampungKBPluginWarning,
    PluginInfo,
    PluginManager,
    ReaderSpec,
    ReportFormatSpec,
    TableExtension,
    _manager,
    get_plugin_manager,
    hookimpl,
    load_plugins,
    reset_plugin_manager,
)

DISTS = Path(__file__).parent / "plugin_dists"
ALL_HOOKS = (
    "kampungkb_register_classifiers",
    "kampungkb_register_indicator_sets",
    "kampungkb_register_measures",
    "kampungkb_register_readers",
    "kampungkb_register_report_formats",
    "kampungkb_register_table_extensions",
)

Install = Callable[..., Path]


FIXTURE_DISTS = {"toy", "rival", "broken", "faulty"}


def _fixture_plugins(pm: PluginManager) -> list[PluginInfo]:
    """Plugins from this file's fixture distributions (ignores whatever else is installed)."""
    return [p for p in pm.plugins() if p.kind != "entry point" or p.name in FIXTURE_DISTS]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (ENV_ALLOW, ENV_DISABLE, ENV_SKIP_BROKEN):
        monkeypatch.delenv(name, raising=False)
    reset_plugin_manager()
    yield
    reset_plugin_manager()


def make_plugin(name: str, **hooks: Callable[[], Any]) -> types.ModuleType:
    """A plugin module built in memory, registered with ``load_plugins(extra=...)``."""
    module = types.ModuleType(name)
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


def make_set(set_id: str, version: str) -> IndicatorSet:
    return IndicatorSet(
        id=set_id,
        version=version,
        title_id=f"{set_id} {version}",
        title_en=f"{set_id} {version}",
        measures=(Measure(id="persons", table="persons", agg="count"),),
        indicators=(
            Indicator(
                id="persons",
                label_id="Penduduk",
                label_en="Persons",
                kind="count",
                numerator="persons",
            ),
        ),
    )


def sets_plugin(name: str, *versions: tuple[str, str]) -> types.ModuleType:
    return make_plugin(
        name, kampungkb_register_indicator_sets=lambda: [make_set(i, v) for i, v in versions]
    )


# -- discovery through a real entry point ---------------------------------------------------


def test_entry_point_plugin_registers_every_hook(install: Install) -> None:
    install("kampungkb-toy")
    pm = load_plugins(builtins=False)

    assert {"toy@2018", "toy@2020"} <= set(pm.indicator_sets())
    assert pm.measures()["toy_families"].table == "families"
    (extension,) = [e for e in pm.table_extensions() if e.table == "families"]
    assert [c.name for c in extension.columns] == ["toy_flag"]
    assert pm.readers()["toy-csv"].suffixes == (".toy",)
    assert pm.report_formats()["toy"].suffix == ".toy"
    assert pm.classifiers()["toy-classes"].rule.id == "toy-classes"

    (info,) = [p for p in pm.plugins() if p.name == "toy"]
    assert info.kind == "entry point"
    assert info.module == "kampungkb_toy"
    assert (info.distribution, info.version) == ("kampungkb-toy", "0.1.0")
    assert info.hooks == ALL_HOOKS
    assert info.status == "loaded"


def test_results_are_computed_once_per_manager() -> None:
    calls: list[int] = []

    def register() -> list[IndicatorSet]:
        calls.append(1)
        return [make_set("once", "1")]

    pm = load_plugins(
        builtins=False,
        entry_points=False,
        extra=[make_plugin("counter", kampungkb_register_indicator_sets=register)],
    )
    first = pm.indicator_sets()
    first.clear()  # callers get a copy; the cache is untouched
    assert "once@1" in pm.indicator_sets()
    pm.get_indicator_set("once")
    assert len(calls) == 1
    assert (
        "once@1"
        in load_plugins(
            builtins=False,
            entry_points=False,
            extra=[make_plugin("counter", kampungkb_register_indicator_sets=register)],
        ).indicator_sets()
    )
    assert len(calls) == 2


def test_default_manager_is_built_once_and_reset(install: Install) -> None:
    install("kampungkb-toy")
    pm = get_plugin_manager()
    assert get_plugin_manager() is pm
    assert "toy@2020" in pm.indicator_sets()
    reset_plugin_manager()
    assert get_plugin_manager() is not pm


def test_nothing_is_loaded_at_import(install: Install) -> None:
    site = install("kampungkb-toy")
    code = (
        "import sys, kampungkb, kampungkb.plugins\n"
        "from kampungkb.plugins import _manager\n"
        "assert _manager._default is None, 'a plugin manager was built at import'\n"
        "assert 'kampungkb_toy' not in sys.modules, 'an installed plugin was imported'\n"
        "print('clean')\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    done = subprocess.run(  # noqa: S603 - runs this interpreter on a fixed snippet
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "clean"


# -- indicator-set lookup ---------------------------------------------------------------------


def test_get_indicator_set_latest_and_explicit_version(install: Install) -> None:
    install("kampungkb-toy")
    pm = load_plugins(builtins=False)
    assert pm.get_indicator_set("toy").version == "2020"
    assert pm.get_indicator_set("toy@2018").version == "2018"
    assert pm.get_indicator_set(" toy@2020 ").key == "toy@2020"


@pytest.mark.parametrize(
    ("versions", "latest"),
    [
        (("9", "10", "2"), "10"),
        (("1.9", "1.10"), "1.10"),
        (("2020", "draft"), "2020"),
        (("alpha", "beta"), "beta"),
    ],
)
def test_latest_version_compares_numerically_where_possible(
    versions: tuple[str, ...], latest: str
) -> None:
    plugin = sets_plugin("versions", *[("multi", v) for v in versions])
    pm = load_plugins(builtins=False, entry_points=False, extra=[plugin])
    assert pm.get_indicator_set("multi").version == latest


def test_unknown_indicator_set_suggests_and_lists(install: Install) -> None:
    install("kampungkb-toy")
    pm = load_plugins(builtins=False)
    with pytest.raises(UnknownIndicatorSetError, match=r"did you mean 'toy'") as caught:
        pm.get_indicator_set("toi")
    assert "toy@2018, toy@2020" in str(caught.value)
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, KampungKBError)


def test_unknown_version_lists_available_versions(install: Install) -> None:
    install("kampungkb-toy")
    pm = load_plugins(builtins=False)
    with pytest.raises(UnknownIndicatorSetError, match=r"no version '2019'.*2018, 2020"):
        pm.get_indicator_set("toy@2019")


def test_no_sets_registered_says_so() -> None:
    pm = load_plugins(builtins=False, entry_points=False)
    with pytest.raises(UnknownIndicatorSetError, match="no indicator sets are registered"):
        pm.get_indicator_set("cikar")


# -- conflicts ----------------------------------------------------------------------------------


def test_conflicting_indicator_set_names_both_plugins(install: Install) -> None:
    install("kampungkb-toy", "kampungkb-rival")
    pm = load_plugins(builtins=False)
    with pytest.raises(PluginConflictError) as caught:
        pm.indicator_sets()
    message = str(caught.value)
    assert "'toy@2018'" in message
    assert "kampungkb-toy 0.1.0" in message
    assert "kampungkb-rival 2.3.0" in message


def test_conflicting_reader_names_both_plugins(install: Install) -> None:
    install("kampungkb-toy", "kampungkb-rival")
    pm = load_plugins(builtins=False)
    with pytest.raises(
        PluginConflictError,
        match=r"reader 'toy-csv'.*kampungkb-rival.*"
        r"kampungkb-toy|reader 'toy-csv'.*kampungkb-toy.*kampungkb-rival",
    ):
        pm.readers()


@pytest.mark.parametrize(
    ("hook", "method", "make", "what"),
    [
        (
            "kampungkb_register_measures",
            "measures",
            lambda: Measure(id="shared", table="persons", agg="count"),
            "shared measure 'shared'",
        ),
        (
            "kampungkb_register_report_formats",
            "report_formats",
            lambda: ReportFormatSpec(name="md", suffix=".md", render=print),
            "report format 'md'",
        ),
        (
            "kampungkb_register_classifiers",
            "classifiers",
            lambda: ClassifierSpec(
                name="classes",
                rule=load_builtin_classification("bkkbn_2020_classification.toml")),
            "classifier 'classes'",
        ),
        (
            "kampungkb_register_table_extensions",
            "table_extensions",
            lambda: TableExtension(table="families", columns=(_column("extra_flag"),)),
            "('families', 'extra_flag')",
        ),
    ],
)
def test_every_kind_of_name_conflicts(
    hook: str, method: str, make: Callable[[], object], what: str
) -> None:
    first = make_plugin("first_plugin", **{hook: lambda: [make()]})
    second = make_plugin("second_plugin", **{hook: lambda: [make()]})
    pm = load_plugins(builtins=False, entry_points=False, extra=[first, second])
    with pytest.raises(PluginConflictError) as caught:
        getattr(pm, method)()
    message = str(caught.value)
    assert what in message
    assert "'first_plugin'" in message
    assert "'second_plugin'" in message


def _column(name: str) -> Column:
    return Column(name, "BOOLEAN")


def test_one_plugin_registering_a_name_twice_is_a_conflict() -> None:
    reader = ReaderSpec(name="twice", suffixes=(".csv",), read=print)
    plugin = make_plugin("doubled", kampungkb_register_readers=lambda: [reader, reader])
    pm = load_plugins(builtins=False, entry_points=False, extra=[plugin])
    with pytest.raises(PluginConflictError, match=r"'doubled'.* registers it twice"):
        pm.readers()


def test_two_plugins_with_one_name_conflict(install: Install) -> None:
    install("kampungkb-toy")
    with pytest.raises(PluginConflictError, match=r"two plugins are called 'toy'"):
        load_plugins(builtins=False, extra=[make_plugin("toy")])


# -- broken plugins -----------------------------------------------------------------------------


def test_plugin_that_fails_to_import_is_named(install: Install) -> None:
    install("kampungkb-broken", "kampungkb-toy")
    with pytest.raises(PluginLoadError) as caught:
        load_plugins(builtins=False)
    message = str(caught.value)
    assert "'broken'" in message
    assert "kampungkb-broken 0.0.1" in message
    assert "kampungkb_dependency_that_is_not_installed" in message
    assert ENV_SKIP_BROKEN in message
    assert isinstance(caught.value.__cause__, ModuleNotFoundError)
    assert isinstance(caught.value, ImportError)


def test_skip_broken_warns_and_loads_the_rest(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("kampungkb-broken", "kampungkb-toy")
    monkeypatch.setenv(ENV_SKIP_BROKEN, "1")
    with pytest.warns(KampungKBPluginWarning, match=r"skipping plugin 'broken'.*kampungkb-broken"):
        pm = load_plugins(builtins=False)
    status = {p.name: p.status for p in _fixture_plugins(pm)}
    assert status == {"broken": "broken", "toy": "loaded"}
    assert "toy@2020" in pm.indicator_sets()


def test_hook_that_raises_is_named(install: Install) -> None:
    install("kampungkb-faulty", "kampungkb-toy")
    pm = load_plugins(builtins=False)  # importing is fine; the hook runs on first use
    with pytest.raises(
        PluginLoadError,
        match=r"'faulty'.*kampungkb-faulty 1\.0\.0.*"
        r"kampungkb_register_readers.*configuration file is missing",
    ) as caught:
        pm.readers()
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_skip_broken_drops_a_raising_hook(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("kampungkb-faulty", "kampungkb-toy")
    monkeypatch.setenv(ENV_SKIP_BROKEN, "yes")
    pm = load_plugins(builtins=False)
    with pytest.warns(KampungKBPluginWarning, match="'faulty'"):
        readers = pm.readers()
    assert list(readers) == ["toy-csv"]
    (faulty,) = [p for p in pm.plugins() if p.name == "faulty"]
    assert faulty.status == "loaded"
    assert faulty.error is not None
    assert "configuration file is missing" in faulty.error


def test_hook_returning_the_wrong_type_is_a_load_error() -> None:
    plugin = make_plugin("sloppy", kampungkb_register_readers=lambda: ["csv"])
    pm = load_plugins(builtins=False, entry_points=False, extra=[plugin])
    with pytest.raises(PluginLoadError, match=r"'sloppy'.*returned a str.*expected ReaderSpec"):
        pm.readers()


def test_misspelt_hook_is_a_load_error() -> None:
    def kampungkb_register_reader() -> list[ReaderSpec]:
        return []

    plugin = make_plugin("typo", kampungkb_register_reader=kampungkb_register_reader)
    with pytest.raises(PluginLoadError, match=r"'typo'.*misspelt"):
        load_plugins(builtins=False, entry_points=False, extra=[plugin])


def test_wrapper_on_a_registration_hook_is_refused() -> None:
    def wrapper() -> Iterator[None]:
        yield

    plugin = types.ModuleType("wrapping")
    plugin.kampungkb_register_readers = hookimpl(wrapper=True)(wrapper)  # type: ignore[attr-defined]
    pm = load_plugins(builtins=False, entry_points=False, extra=[plugin])
    with pytest.raises(PluginLoadError, match="cannot be wrappers"):
        pm.readers()


# -- switches: environment variables and arguments ----------------------------------------------


@pytest.mark.parametrize("value", ["1", "all", "TRUE"])
def test_disable_all_external_plugins(
    install: Install, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    install("kampungkb-toy")
    monkeypatch.setenv(ENV_DISABLE, value)
    pm = load_plugins(builtins=False)
    assert pm.indicator_sets() == {}
    assert [(p.name, p.status) for p in _fixture_plugins(pm)] == [("toy", "disabled")]
    assert "kampungkb_toy" not in sys.modules


@pytest.mark.parametrize("name", ["rival", "kampungkb-rival", "KAMPUNGKB_RIVAL"])
def test_disable_named_plugins(
    install: Install, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    install("kampungkb-toy", "kampungkb-rival")
    monkeypatch.setenv(ENV_DISABLE, f"{name}, ")
    pm = load_plugins(builtins=False)
    assert pm.readers()["toy-csv"].suffixes == (".toy",)  # no conflict: rival is off
    assert {p.name: p.status for p in _fixture_plugins(pm)} == {
        "rival": "disabled", "toy": "loaded"}


def test_allow_list_loads_only_named_plugins(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("kampungkb-toy", "kampungkb-rival")
    monkeypatch.setenv(ENV_ALLOW, "toy")
    pm = load_plugins(builtins=False)
    assert {p.name: p.status for p in _fixture_plugins(pm)} == {
        "rival": "disabled", "toy": "loaded"}
    only_rival = load_plugins(builtins=False, only=["kampungkb-rival"])  # argument beats env
    assert {p.name: p.status for p in _fixture_plugins(only_rival)} == {
        "rival": "loaded",
        "toy": "disabled",
    }


def test_disable_wins_over_allow_list(install: Install, monkeypatch: pytest.MonkeyPatch) -> None:
    install("kampungkb-toy")
    monkeypatch.setenv(ENV_DISABLE, "toy")
    pm = load_plugins(builtins=False, only=["toy"])
    assert [p.status for p in _fixture_plugins(pm)] == ["disabled"]


def test_allow_list_naming_a_missing_plugin_warns(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("kampungkb-toy")
    monkeypatch.setenv(ENV_ALLOW, "toy,kampungkb-sumsel")
    with pytest.warns(KampungKBPluginWarning, match="kampungkb-sumsel"):
        load_plugins(builtins=False)


def test_builtins_register_by_the_same_path_and_ignore_the_switches(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("kampungkb-toy")
    monkeypatch.setattr(_manager, "DEFAULT_PLUGINS", ("kampungkb_toy",))
    monkeypatch.setenv(ENV_DISABLE, "1")
    pm = load_plugins()
    (info,) = [p for p in pm.plugins() if p.kind == "builtin"]
    assert (info.name, info.module, info.distribution) == ("kampungkb_toy",) * 2 + ("kampungkb",)
    assert pm.get_indicator_set("toy").key == "toy@2020"
    assert "kampungkb_toy" not in {p.name for p in load_plugins(builtins=False).plugins()}


def test_broken_builtin_always_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_manager, "DEFAULT_PLUGINS", ("kampungkb.indicators.no_such_set",))
    monkeypatch.setenv(ENV_SKIP_BROKEN, "1")
    with pytest.raises(
        PluginLoadError, match=r"built-in plugin 'kampungkb.indicators.no_such_set'"
    ):
        load_plugins(entry_points=False)


def test_shipped_builtins_load_cleanly() -> None:
    pm = load_plugins(entry_points=False)
    infos = [i for i in pm.plugins() if i.kind == "builtin"]
    assert [i.name for i in infos] == list(DEFAULT_PLUGINS)
    assert all(i.kind == "builtin" and i.status == "loaded" for i in infos)
    for method in (
        "indicator_sets",
        "measures",
        "table_extensions",
        "readers",
        "report_formats",
        "classifiers",
    ):
        getattr(pm, method)()
