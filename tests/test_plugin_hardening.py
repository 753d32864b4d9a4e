"""Plugins that are wrong in small ways are named, in both languages, never a crash or silence:
a classifier with its own indices, non-finite numbers in a classification, a hook that forgets
its ``return``, a classifier whose rule is not a rule, a classification file that does not
exist; ``kampungkb plugins`` speaks only the language asked for and says only what is true."""

from __future__ import annotations

import importlib
import io
import math
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from kampungkb.cli import main
from kampungkb.errors import IndicatorDefinitionError, PluginLoadError
from kampungkb.evaluate import Classification, load_classification
from kampungkb.plugins import ENV_SKIP_BROKEN, ClassifierSpec, hookimpl, reset_plugin_manager
from kampungkb.testing import plugin_manager

#: A classification of its own: one index, ``readiness``, over BKKBN's Pokja level.
RULE = """
id = "readiness"
label_id = "Kesiapan"
label_en = "Readiness"
set_key = "bkkbn@2020"
threshold = {threshold}
[[variables]]
id = "pokja"
indicator = "pokja_level"
bands = [{{ hi = 0, score = 1 }}, {{ lo = {lo}{hi}, score = 4 }}]
[[indices]]
id = "readiness"
label_id = "Skor kesiapan"
label_en = "Readiness score"
variables = ["pokja"]
[[indices]]
id = "pokja_only"
variables = ["pokja"]
[[classes]]
id = "ready"
label_id = "Siap"
label_en = "Ready"
when = {{ readiness = ">= threshold" }}
[[classes]]
id = "not_ready"
label_id = "Belum siap"
label_en = "Not ready"
"""


def rule(threshold: str = "3.0", lo: str = "1", hi: str = "") -> str:
    return RULE.format(threshold=threshold, lo=lo, hi=f", hi = {hi}" if hi else "")


def make_plugin(name: str, **hooks: Callable[[], Any]) -> types.ModuleType:
    """A plugin module built in memory (as in tests/test_plugins.py)."""
    module = types.ModuleType(name)
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("KAMPUNGKB_PLUGINS", "KAMPUNGKB_DISABLE_PLUGINS", ENV_SKIP_BROKEN,
                 "KAMPUNGKB_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    reset_plugin_manager()
    yield
    reset_plugin_manager()


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], None]:
    """Install a one-module plugin distribution ``kampungkb-<name>-hard`` (its entry point is
    found as an installed plugin's would be), then forget the default plugin manager."""
    site = tmp_path / "site"

    def _install(name: str, source: str) -> None:
        site.mkdir(exist_ok=True)
        module = f"kampungkb_{name}_hard"
        (site / f"{module}.py").write_text(source, encoding="utf-8")
        info = site / f"kampungkb_{name}_hard-1.0.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: kampungkb-{name}-hard\nVersion: 1.0.0\n",
            encoding="utf-8")
        (info / "entry_points.txt").write_text(f"[kampungkb]\n{name} = {module}\n",
                                               encoding="utf-8")
        monkeypatch.syspath_prepend(str(site))
        monkeypatch.delitem(sys.modules, module, raising=False)
        importlib.invalidate_caches()
        reset_plugin_manager()

    return _install


def classifier_plugin(body: str) -> str:
    """The source of a plugin registering the classifier ``body`` builds (one expression)."""
    return (
        "from kampungkb.evaluate import load_classification\n"
        "from kampungkb.plugins import ClassifierSpec, hookimpl\n\n"
        "@hookimpl\n"
        "def kampungkb_register_classifiers():\n"
        f"    return [ClassifierSpec(name='readiness', rule={body})]\n"
    )


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


# -- 1. a classifier with its own indices; nan and inf ---------------------------------------


@pytest.mark.parametrize(("lang", "header"), [("id", "Skor kesiapan"), ("en", "Readiness score")])
def test_classify_command_shows_the_classifications_own_indices(
    install: Callable[[str, str], None], lang: str, header: str
) -> None:
    install("siap", classifier_plugin(f"load_classification({rule()!r})"))
    code, out, err = run("classify", "demo", "--classifier", "readiness", "--period", "2019",
                         "--lang", lang)
    assert code == 0, err
    head = next(line for line in out.splitlines() if header in line)
    assert "pokja_only" in head  # an index without a label is shown by its id
    assert "Input" not in head
    assert "Proses" not in head
    assert "Process" not in head
    assert ("Siap" if lang == "id" else "Ready") in out


@pytest.mark.parametrize(("threshold", "lo", "hi", "where"), [
    ("nan", "1", "", "threshold"),
    ("inf", "1", "", "threshold"),
    ("-inf", "1", "", "threshold"),
    ("3.0", "nan", "", "variables[pokja].bands[2].lo"),
    ("3.0", "1", "inf", "variables[pokja].bands[2].hi"),
])
def test_a_number_that_is_not_finite_is_refused_when_the_classification_is_built(
    threshold: str, lo: str, hi: str, where: str
) -> None:
    with pytest.raises(IndicatorDefinitionError) as caught:
        load_classification(rule(threshold, lo, hi))
    assert caught.value.message("en") == (
        f"<text>: the classification is invalid: {where} must be a finite number, "
        f"not {float(threshold if where == 'threshold' else lo if where.endswith('lo') else hi)!r}"
    )
    assert f"{where} harus bilangan berhingga" in caught.value.message("id")


def test_a_classification_built_in_python_refuses_nan_too() -> None:
    good = load_classification(rule())
    data = good.model_dump()
    with pytest.raises(ValidationError, match="finite number"):
        Classification.model_validate({**data, "threshold": math.nan})
    data["variables"][0]["bands"][1]["hi"] = math.inf
    with pytest.raises(ValidationError, match="finite number"):
        Classification.model_validate(data)


# -- 2. kampungkb plugins: the language asked for, and only true notes ------------------------

FAULTY = (
    "from kampungkb.plugins import hookimpl\n\n"
    "@hookimpl\n"
    "def kampungkb_register_indicator_sets():\n"
    "    raise RuntimeError('boom')\n"
)


def test_plugins_command_speaks_indonesian_when_the_load_fails(
    install: Callable[[str, str], None]
) -> None:
    install("rusak", FAULTY)
    code, out, _ = run("plugins", "--lang", "id")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("plugin tidak dapat dimuat seperti biasa: plugin 'rusak'")
    assert "gagal dalam hook kampungkb_register_indicator_sets" in first
    assert "from distribution" not in first
    assert "failed in hook" not in first
    assert "skip it" not in first


@pytest.mark.parametrize("lang", ["id", "en"])
def test_plugins_command_does_not_claim_the_skip_switch_is_set(
    install: Callable[[str, str], None], lang: str
) -> None:
    install("rusak", FAULTY)
    code, out, _ = run("plugins", "--lang", lang)
    assert code == 0
    notes = out.split("Catatan" if lang == "id" else "Notes", 1)[1]
    assert "RuntimeError: boom" in notes
    assert ENV_SKIP_BROKEN not in notes
    assert ("hanya dalam daftar ini" if lang == "id" else "in this listing only") in notes


def test_plugins_command_names_the_skip_switch_when_it_is_set(
    install: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    install("rusak", FAULTY)
    monkeypatch.setenv(ENV_SKIP_BROKEN, "1")
    code, out, _ = run("plugins", "--lang", "id")
    assert code == 0
    assert f"({ENV_SKIP_BROKEN} disetel)" in out
    assert "hanya dalam daftar ini" not in out


# -- 3. a hook that returns None or a dict ---------------------------------------------------


def test_a_hook_that_returns_none_is_a_load_error() -> None:
    pm = plugin_manager(make_plugin("lupa", kampungkb_register_indicator_sets=lambda: None))
    with pytest.raises(PluginLoadError) as caught:
        pm.definitions()
    assert "'lupa'" in str(caught.value)
    assert "returned None (a forgotten `return`?), expected a list of IndicatorSet" in str(
        caught.value)
    assert "mengembalikan None (lupa `return`?), seharusnya daftar IndicatorSet" in (
        caught.value.message("id"))


def test_a_hook_that_returns_a_dict_says_so() -> None:
    pm = plugin_manager(make_plugin("kamus", kampungkb_register_measures=lambda: {"a": 1}))
    with pytest.raises(PluginLoadError, match=r"'kamus'.*returned dict, expected a list of "
                                              r"Measure") as caught:
        pm.measures()
    assert "in its list" not in str(caught.value)
    assert "mengembalikan dict, seharusnya daftar Measure" in caught.value.message("id")


def test_an_empty_tuple_or_a_generator_is_still_a_list_of_records() -> None:
    pm = plugin_manager(make_plugin("tuple", kampungkb_register_readers=lambda: ()),
                        make_plugin("gen", kampungkb_register_report_formats=lambda: iter([])))
    assert pm.definitions().readers  # the built-ins, nothing more


def test_sets_command_fails_on_a_hook_that_returns_none(
    install: Callable[[str, str], None]
) -> None:
    install("lupa", "from kampungkb.plugins import hookimpl\n\n"
                    "@hookimpl\n"
                    "def kampungkb_register_indicator_sets():\n"
                    "    sets = []\n")
    code, _, err = run("sets", "--lang", "id")
    assert code == 2
    assert "plugin 'lupa'" in err
    assert "mengembalikan None (lupa `return`?)" in err


# -- 4. a classifier whose rule is not a rule; a classification file that does not exist ----


def test_a_classifier_whose_rule_is_not_a_rule_is_a_load_error() -> None:
    spec = ClassifierSpec(name="salah", rule="not a rule")
    pm = plugin_manager(make_plugin("aturan", kampungkb_register_classifiers=lambda: [spec]))
    with pytest.raises(PluginLoadError) as caught:
        pm.definitions()
    english = str(caught.value)
    assert "plugin 'aturan'" in english
    assert "kampungkb_register_classifiers" in english
    assert ("classifier 'salah' has a rule of type str, expected a "
            "kampungkb.evaluate.Classification") in english
    assert "klasifikasi 'salah' memiliki rule berjenis str" in caught.value.message("id")


def test_classify_command_names_the_plugin_of_a_rule_that_is_not_a_rule(
    install: Callable[[str, str], None]
) -> None:
    install("aturan", classifier_plugin("'not a rule'"))
    code, _, err = run("classify", "demo", "--classifier", "readiness", "--period", "2019",
                       "--lang", "en")
    assert code == 2
    assert "plugin 'aturan'" in err
    assert "has a rule of type str" in err
    assert "no classifier" not in err


def test_a_classification_file_that_does_not_exist_is_a_definition_error(
    tmp_path: Path
) -> None:
    missing = tmp_path / "missing.toml"
    for source in (str(missing), missing):
        with pytest.raises(IndicatorDefinitionError) as caught:
            load_classification(source)
        assert caught.value.message("en") == f"the classification file {missing} does not exist"
        assert caught.value.message("id") == f"berkas klasifikasi {missing} tidak ada"


def test_a_classification_folder_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "rules.toml"
    folder.mkdir()
    with pytest.raises(IndicatorDefinitionError,
                       match=r"cannot read the classification file .*rules\.toml"):
        load_classification(folder)


@pytest.mark.parametrize(("lang", "words"), [
    ("id", "IndicatorDefinitionError: berkas klasifikasi missing.toml tidak ada"),
    ("en", "IndicatorDefinitionError: the classification file missing.toml does not exist"),
])
def test_a_missing_classification_file_through_the_cli(
    install: Callable[[str, str], None], lang: str, words: str
) -> None:
    install("hilang", classifier_plugin("load_classification('missing.toml')"))
    code, _, err = run("classify", "demo", "--classifier", "readiness", "--period", "2019",
                       "--lang", lang)
    assert code == 2
    assert "Traceback" not in err
    assert "plugin 'hilang'" in err
    assert words in err


# -- a table extension clashing with kampungkb's own table -----------------------------------


def column_plugin(column: str, table: str = "persons") -> str:
    """The source of a plugin adding the column ``column`` to ``table``."""
    return (
        "from kampungkb.models import Column\n"
        "from kampungkb.plugins import TableExtension, hookimpl\n\n"
        "@hookimpl\n"
        "def kampungkb_register_table_extensions():\n"
        f"    return [TableExtension(table={table!r}, columns=(\n"
        f"        Column(name={column!r}, type='BOOLEAN', label_id='X', label_en='X'),))]\n"
    )


@pytest.mark.parametrize(("column", "table"), [
    ("has_jkn", "persons"), ("Has_Jkn", "persons"), ("age_years", "persons"),
    ("period_end", "persons"), ("extra_flag", "no_such_table"),
])
def test_an_extension_clashing_with_kampungkbs_table_skips_only_that_plugins_extension(
    install: Callable[[str, str], None], column: str, table: str
) -> None:
    from kampungkb.errors import PluginConflictError  # noqa: PLC0415
    from kampungkb.models.tables import CANONICAL_TABLES  # noqa: PLC0415
    from kampungkb.plugins import KampungKBPluginWarning, load_plugins  # noqa: PLC0415

    install("kolom", column_plugin(column, table))
    pm = load_plugins(only=["kolom"])
    with pytest.warns(KampungKBPluginWarning, match="plugin 'kolom'"):
        definitions = pm.definitions()
    assert definitions.table_extensions == ()
    assert definitions.schemas["persons"].column_names == CANONICAL_TABLES["persons"].column_names
    assert any("plugin 'kolom'" in note for note in definitions.notes)
    info = next(p for p in pm.plugins() if p.name == "kolom")
    assert info.status == "loaded"
    assert info.error is not None
    assert "plugin 'kolom'" in info.error
    with pytest.raises(PluginConflictError, match="plugin 'kolom'"), \
            pytest.warns(KampungKBPluginWarning):
        load_plugins(only=["kolom"]).table_extensions()


def test_the_plugins_command_lists_a_clashing_extension_with_its_error(
    install: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    install("kolom", column_plugin("has_jkn"))
    for lang, words in (("en", "kept kampungkb's columns"),
                        ("id", "kolom kampungkb sendiri dipakai")):
        reset_plugin_manager()
        code, out, err = run("plugins", "--lang", lang)
        assert code == 0, err
        row = next(line for line in out.splitlines() if line.startswith("kolom "))
        assert "has_jkn" in row
        assert words in row
    monkeypatch.setenv(ENV_SKIP_BROKEN, "1")
    reset_plugin_manager()
    code, _, err = run("sets", "--lang", "en")
    assert code == 0, err
    assert "plugin 'kolom'" in err


def test_two_plugins_adding_one_column_in_different_case_is_a_conflict() -> None:
    from kampungkb.errors import PluginConflictError  # noqa: PLC0415
    from kampungkb.models import Column  # noqa: PLC0415
    from kampungkb.plugins import KampungKBPluginWarning, TableExtension, load_plugins  # noqa: PLC0415

    def adding(name: str) -> Callable[[], list[TableExtension]]:
        return lambda: [TableExtension(table="persons", columns=(
            Column(name=name, type="BOOLEAN", label_id="X", label_en="X"),))]

    first = make_plugin("satu", kampungkb_register_table_extensions=adding("punya_bpjs"))
    second = make_plugin("dua", kampungkb_register_table_extensions=adding("Punya_BPJS"))
    with pytest.raises(PluginConflictError, match=r"satu.*dua"):
        load_plugins(extra=[first, second], entry_points=False).table_extensions()
    pm = load_plugins(extra=[first, second], entry_points=False)
    with pytest.warns(KampungKBPluginWarning, match="punya_bpjs"):
        assert pm.definitions().table_extensions == ()
