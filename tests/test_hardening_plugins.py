"""Hostile and broken plugins (issue #11, point 7): a plugin can never silently change what a
set name means, a conflict disables only the set id it touches, and ``kampungkb plugins``
always runs."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from kampungkb.cli import EXIT_OK, EXIT_USER_ERROR, main
from kampungkb.errors import (
    AmbiguousIndicatorSetError,
    PluginConflictError,
    UnknownIndicatorSetError,
)
from kampungkb.plugins import (
    ENV_ALLOW,
    ENV_DISABLE,
    ENV_SKIP_BROKEN,
    KampungKBPluginWarning,
    diagnose_plugins,
    load_plugins,
    reset_plugin_manager,
)

DISTS = Path(__file__).parent / "plugin_dists"
Install = Callable[..., None]


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (ENV_ALLOW, ENV_DISABLE, ENV_SKIP_BROKEN, "KAMPUNGKB_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    reset_plugin_manager()
    yield
    reset_plugin_manager()


@pytest.fixture
def install(install: Callable[..., Path]) -> Install:
    """The suite's ``install`` (tests/conftest.py), then a fresh default plugin manager."""

    def _install(*folders: str) -> None:
        install(*folders)
        reset_plugin_manager()

    return _install


@pytest.fixture
def data_folder(demo_parquet: Path) -> Path:
    """The demo's tables as Parquet (conftest's shared, read-only folder)."""
    return demo_parquet


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


# -- a later version from another distribution: ambiguity, never a silent switch -------------


def test_a_plugin_version_makes_the_bare_name_ambiguous(install: Install) -> None:
    install("kampungkb-future")
    definitions = load_plugins().definitions()
    assert definitions.set_origins["cikar@2099"] == "kampungkb-future"
    assert definitions.set_origins["cikar@2018"] == "kampungkb"
    with pytest.raises(AmbiguousIndicatorSetError, match=r"kampungkb-future.*'cikar@2018'"):
        definitions.get_indicator_set("cikar")
    assert definitions.get_indicator_set("cikar@2018").version == "2018"


def test_demo_pins_the_version_it_reproduces(install: Install) -> None:
    install("kampungkb-future")
    code, out, err = run("demo", "--format", "json")
    assert code == EXIT_OK, err
    assert '"key": "cikar@2018"' in out


def test_cli_ambiguous_set_is_one_line_exit_2(install: Install, data_folder: Path) -> None:
    install("kampungkb-future")
    for argv in (("describe", "cikar"),
                 ("evaluate", str(data_folder), "--baseline", "2017", "--followup", "2019")):
        code, out, err = run(*argv, "--lang", "en")
        assert code == EXIT_USER_ERROR
        assert out == ""
        (line,) = err.strip().splitlines()
        assert line.startswith("error: ")
        assert "kampungkb-future" in line
        assert "'cikar@2018'" in line
    code, out, _ = run("describe", "cikar@2099")
    assert code == EXIT_OK
    assert out.startswith("cikar@2099")


# -- the same key again: that id is left out, everything else works ---------------------------


def test_duplicate_key_disables_that_id_only(install: Install) -> None:
    install("kampungkb-impostor", "kampungkb-future")
    pm = load_plugins()
    with pytest.warns(KampungKBPluginWarning, match=r"'cikar@2018'.*impostor"):
        definitions = pm.definitions()
    assert not [k for k in definitions.indicator_sets if k.startswith("cikar@")]
    assert "impostor@1" in definitions.indicator_sets  # the plugin's other set still works
    assert "bkkbn@2020" in definitions.indicator_sets
    (note,) = [n for n in definitions.notes if "cikar@2018" in n]
    assert "kampungkb.indicators.cikar" in note
    assert "kampungkb-impostor" in note
    assert "every version of 'cikar'" in note
    # No version of cikar quietly resolves to the plugin's cikar@2099.
    for spec in ("cikar", "cikar@2018", "cikar@2099"):
        with pytest.raises(PluginConflictError, match="impostor"):
            pm.get_indicator_set(spec)
        with pytest.raises(UnknownIndicatorSetError, match=r"left out.*impostor"):
            definitions.get_indicator_set(spec)
    assert pm.get_indicator_set("bkkbn").id == "bkkbn"


def test_raw_view_still_raises_the_conflict(install: Install) -> None:
    install("kampungkb-impostor")
    with pytest.raises(PluginConflictError, match=r"'cikar@2018'.*impostor"):
        load_plugins().indicator_sets()


def test_skip_setting_keeps_kampungkbs_set(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("kampungkb-impostor")
    monkeypatch.setenv(ENV_SKIP_BROKEN, "1")
    pm = load_plugins()
    with pytest.warns(KampungKBPluginWarning, match="kept kampungkb's"):
        definitions = pm.definitions()
    assert definitions.set_origins["cikar@2018"] == "kampungkb"
    assert pm.get_indicator_set("cikar").title_en != "Imitation set"
    assert "impostor@1" in definitions.indicator_sets
    (impostor,) = [p for p in pm.plugins() if p.name == "impostor"]
    assert impostor.error is not None
    assert "cikar@2018" in impostor.error


def test_cli_with_a_duplicate_key(install: Install, monkeypatch: pytest.MonkeyPatch) -> None:
    install("kampungkb-impostor")
    code, out, err = run("sets", "--lang", "en")
    assert code == EXIT_OK
    assert re.search(r"impostor@1\s+impostor\s+1\s+kampungkb-impostor", out)
    assert re.search(r"bkkbn@2020\s+bkkbn\s+2020\s+kampungkb\s", out)
    assert "Notes" in out
    assert "every version of 'cikar' is left out" in out
    assert err.startswith("warning: ")  # the conflict is also a one-line warning
    code, out, err = run("demo")
    assert code == EXIT_USER_ERROR
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("galat: ")
    assert "impostor" in err.strip().splitlines()[-1]
    code, out, _ = run("plugins", "--lang", "en")
    assert code == EXIT_OK
    assert "every version of 'cikar' is left out" in out
    monkeypatch.setenv(ENV_SKIP_BROKEN, "1")
    reset_plugin_manager()
    code, out, err = run("demo", "--format", "json")
    assert code == EXIT_OK, err
    assert '"key": "cikar@2018"' in out


# -- broken plugins: `kampungkb plugins` always runs --------------------------------------------


def test_plugins_command_lists_a_plugin_that_fails_to_import(install: Install) -> None:
    install("kampungkb-broken", "kampungkb-toy")
    code, out, err = run("plugins", "--lang", "en")
    assert code == EXIT_OK, err
    assert "plugins could not be loaded as usual" in out
    row = next(line for line in out.splitlines() if line.startswith("broken "))
    assert "broken" in row
    assert "kampungkb_dependency_that_is_not_installed" in row
    assert re.search(r"^toy\s.*loaded", out, re.MULTILINE)
    # Other commands still stop, with one line naming the plugin and the switch.
    code, _, err = run("sets")
    assert code == EXIT_USER_ERROR
    (line,) = err.strip().splitlines()
    assert "'broken'" in line
    assert ENV_SKIP_BROKEN in line


def test_plugins_command_lists_a_raising_hook(install: Install) -> None:
    install("kampungkb-faulty")
    code, out, _ = run("plugins")
    assert code == EXIT_OK
    row = next(line for line in out.splitlines() if line.startswith("faulty "))
    assert "configuration file is missing" in row


def test_diagnose_plugins_never_raises(install: Install) -> None:
    install("kampungkb-broken", "kampungkb-faulty", "kampungkb-impostor")
    pm = diagnose_plugins()
    definitions = pm.definitions()
    status = {p.name: p.status for p in pm.plugins()}
    assert status["broken"] == "broken"
    assert any("configuration file is missing" in n for n in definitions.notes)
    assert definitions.set_origins["cikar@2018"] == "kampungkb"
