"""Every error and warning message exists in Bahasa Indonesia and English (issue 13, point 4).

Two checks: the catalogue (:mod:`kampungkb._catalogue`) is complete — both languages, the same
fields, the key in its area's module — and the source raises no kampungkb error or warning from
a bare string, which would be English only.  The scan reads the source (``ast``), so a new
``raise DatasetError(f"…")`` anywhere fails here with its file and line.
"""

from __future__ import annotations

import ast
import copy
import importlib
import pickle
import pkgutil
import string
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import kampungkb
from kampungkb import _catalogue
from kampungkb.errors import (
    DatasetError,
    DataValidationError,
    IndicatorDefinitionError,
    KampungKBError,
    KampungKBWarning,
    NoDataError,
    ReaderError,
)
from kampungkb.labels import text

SRC = Path(kampungkb.__file__).parent

#: Constructors that take a catalogue key as their first argument.
KEYED = {"NoDataError", "UnknownResultError"}


def _fields(template: str) -> set[str]:
    return {
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    }


def _subclasses(cls: type) -> set[str]:
    out = {cls.__name__}
    for sub in cls.__subclasses__():
        out |= _subclasses(sub)
    return out


@pytest.fixture(scope="module")
def error_names() -> set[str]:
    for info in pkgutil.walk_packages([str(SRC)], "kampungkb."):
        if ".templates" in info.name or info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:  # an optional extra (PostgreSQL, Spark) that is not installed
            continue
    return _subclasses(KampungKBError) | _subclasses(KampungKBWarning)


def test_every_message_has_both_languages_with_the_same_fields() -> None:
    problems = []
    for key, (indonesian, english) in _catalogue.messages().items():
        if not indonesian.strip() or not english.strip():
            problems.append(f"{key}: a language is empty")
        elif _fields(indonesian) != _fields(english):
            problems.append(f"{key}: fields differ ({_fields(indonesian)} vs {_fields(english)})")
        words = {w for w in english.replace("{", " {").split() if w.isalpha() and len(w) > 3}
        if words and indonesian == english:
            problems.append(f"{key}: the Indonesian text is the English one")
    assert not problems, "\n".join(problems)


def test_every_key_lives_in_its_areas_module() -> None:
    for info in pkgutil.iter_modules(_catalogue.__path__):
        module = importlib.import_module(f"kampungkb._catalogue.{info.name}")
        wrong = [k for k in module.MESSAGES if not k.startswith(f"{info.name}.")]
        assert not wrong, f"_catalogue/{info.name}.py holds keys of another area: {wrong}"


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _scan() -> list[tuple[Path, ast.AST, ast.Call]]:
    calls = []
    for path in sorted(SRC.rglob("*.py")):
        if "templates" in path.parts or path.name == "errors.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls += [(path, node, node) for node in ast.walk(tree) if isinstance(node, ast.Call)]
    return calls


def test_no_error_or_warning_is_raised_from_a_bare_string(error_names: set[str]) -> None:
    bare = []
    for path, _, call in _scan():
        where = f"{path.relative_to(SRC.parent)}:{call.lineno}"
        func = call.func
        if isinstance(func, ast.Name) and func.id in error_names and func.id not in KEYED:
            bare.append(f"{where}: {func.id}(…) — use {func.id}.of(key, …)")
        if _name(func) == "warn" and call.args:
            first = call.args[0]
            ok = (
                isinstance(first, ast.Call)
                and isinstance(first.func, ast.Attribute)
                and first.func.attr == "of"
            )
            if not ok:
                bare.append(
                    f"{where}: warnings.warn(…) of a bare message — warn "
                    "KampungKBWarning.of(key, …) (or a subclass)"
                )
    assert not bare, f"{len(bare)} messages exist in English only:\n" + "\n".join(bare)


def test_every_key_raised_is_in_the_catalogue() -> None:
    known = set(_catalogue.messages())
    missing = []
    for path, _, call in _scan():
        func = call.func
        keyed = (isinstance(func, ast.Attribute) and func.attr == "of") or _name(func) in KEYED
        if keyed and call.args and isinstance(call.args[0], ast.Constant):
            key = call.args[0].value
            if isinstance(key, str) and key not in known:
                try:
                    text(key, "en")  # a label of kampungkb.labels (nodata.*)
                except KeyError:
                    missing.append(f"{path.relative_to(SRC.parent)}:{call.lineno}: {key!r}")
    assert not missing, "keys raised but not in the catalogue:\n" + "\n".join(missing)


def test_an_error_speaks_both_languages() -> None:
    err = NoDataError.of("nodata.level", asked="dusun", known="village")
    assert err.message("id").startswith("tingkat")
    assert err.message("en") == str(err)
    named = IndicatorDefinitionError.of(
        "nodata.level", set_id="cikar", item_id="k1", asked="dusun", known="village"
    )
    assert named.message("id").startswith("set indikator 'cikar', 'k1': tingkat")
    assert str(named).startswith("set 'cikar', 'k1': level")
    plain = IndicatorDefinitionError("a plugin's own text", set_id="cikar")
    assert plain.message("id") == str(plain) == "set 'cikar': a plugin's own text"


# -- io, models, regions, stats, growth: the messages reach the user in the language asked --


def _cli_error(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, str]:
    """``{lang: the first line kampungkb printed on stderr}`` for ``argv`` in both languages."""
    from kampungkb.cli import main  # noqa: PLC0415 - the command line, only here

    said = {}
    for lang in ("id", "en"):
        code = main([*argv, "--lang", lang])
        assert code not in (0, 1), f"{argv} {lang}: exit {code}"
        said[lang] = capsys.readouterr().err.strip().splitlines()[0]
    return said


def test_io_errors_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "desa.xlsx"
    book.write_bytes(b"PK\x03\x04 cut short")
    said = _cli_error(capsys, "validate", str(book))
    assert said["id"] == (
        "galat: desa.xlsx: bukan buku kerja .xlsx yang dapat dibaca — berkas Excel rusak atau "
        "terpotong (BadZipFile); buka di Excel lalu simpan ulang"
    )
    assert said["en"] == (
        "error: desa.xlsx: not a readable .xlsx workbook — damaged or truncated (BadZipFile); "
        "open it in Excel and save it again"
    )
    data = tmp_path / "persons.csv"
    data.write_text("nik,village_code\n", encoding="utf-8")
    said = _cli_error(capsys, "validate", str(data), "--mapping", str(tmp_path / "peta.toml"))
    assert said == {
        "id": "galat: peta.toml: berkas pemetaan tidak ditemukan",
        "en": "error: peta.toml: mapping file not found",
    }


def test_models_errors_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    said = _cli_error(capsys, "schema", "persns")
    assert said["id"].startswith(
        "galat: tabel kanonik 'persns' tidak dikenal; mungkin maksudnya 'persons'? (yang ada: "
    )
    assert said["en"].startswith(
        "error: unknown canonical table 'persns'; did you mean 'persons'? (known: "
    )
    said = _cli_error(capsys, "regions", "changes", "2018", "2025", "--region", "9x")
    assert said["id"].startswith("galat: kode wilayah '9x' salah bentuk: yang diharapkan kode")
    assert said["en"].startswith("error: malformed region code '9x': expected a Kemendagri code")


def test_regions_errors_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    said = _cli_error(capsys, "regions", "changes", "2018", "2099")
    assert said == {
        "id": "galat: edisi wilayah '2099' tidak dikenal; yang tersedia: 2018, 2022, 2025",
        "en": "error: unknown region edition '2099'; known: 2018, 2022, 2025",
    }
    changes = tmp_path / "perubahan.csv"
    changes.write_text(
        "kind,old_code,new_code,from_edition,to_edition\nsplit,19.01,19.00,2018,2025\n",
        encoding="utf-8",
    )
    said = _cli_error(capsys, "regions", "changes", "2018", "2025", "--changes", str(changes))
    assert said == {  # the code's own reason, on the file's line, in both languages
        "id": "galat: perubahan.csv, baris 2: kode wilayah '19.00' salah bentuk: ada bagian yang "
        "seluruhnya nol",
        "en": "error: perubahan.csv, line 2: malformed region code '19.00': a part is all zeros",
    }


def test_stats_and_growth_errors_speak_both_languages() -> None:
    """Neither is reached from the command line with the user's input: through the API."""
    import pyarrow as pa  # noqa: PLC0415

    from kampungkb.errors import DatasetError  # noqa: PLC0415
    from kampungkb.growth._columns import add_growth_columns  # noqa: PLC0415
    from kampungkb.stats import StatsInputError, byar_interval, wilson_interval  # noqa: PLC0415

    with pytest.raises(StatsInputError) as info:
        wilson_interval([1, 5, 3, 7], [2, 4, 3, 6])
    assert info.value.message("id") == (
        "numerator: lebih besar dari penyebutnya pada posisi 1, 3 (2 nilai)"
    )
    assert (
        info.value.message("en")
        == str(info.value)
        == "numerator: greater than its denominator at position(s) 1, 3 (2 values)"
    )
    with pytest.raises(StatsInputError) as info:
        byar_interval(-1)
    assert info.value.message("id") == "count: jumlah negatif pada satu-satunya nilai"
    with pytest.raises(DatasetError) as growth:
        add_growth_columns(pa.table({"sex": ["f"], "date": ["2019-01-01"]}))
    assert growth.value.message("id") == (
        "child_measurements: kolom ['birth_date', 'height_cm'] tidak ada, padahal diperlukan "
        "untuk z-skor pertumbuhan"
    )


def test_pseudonym_key_warning_speaks_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    from kampungkb.errors import KampungKBWarning  # noqa: PLC0415
    from kampungkb.io._pseudonym import resolve_key  # noqa: PLC0415

    monkeypatch.delenv("KAMPUNGKB_PSEUDONYM_KEY", raising=False)
    with pytest.warns(KampungKBWarning) as caught:
        resolve_key(None)
    warning = caught[0].message
    assert isinstance(warning, KampungKBWarning)
    assert warning.message("id").startswith(
        "kunci pseudonim tidak ada: isi KAMPUNGKB_PSEUDONYM_KEY"
    )
    assert warning.message("en").startswith("no pseudonymisation key: set KAMPUNGKB_PSEUDONYM_KEY")


def test_message_keys_chosen_at_run_time_exist() -> None:
    """Keys picked from a table or built from parts (not a literal at the raise) exist too."""
    from kampungkb._catalogue.stats import _PROBLEMS, _WHERE  # noqa: PLC0415
    from kampungkb.io.readers import _MIXED  # noqa: PLC0415
    from kampungkb.models._regions import _NO_PART, _NOT_VILLAGE  # noqa: PLC0415
    from kampungkb.regions._errors import _AT_LINE  # noqa: PLC0415

    known = set(_catalogue.messages())
    wanted = {key for pair in _MIXED.values() for key in pair}
    wanted |= set(_NO_PART.values()) | set(_NOT_VILLAGE.values())
    wanted |= set(_AT_LINE) | set(_AT_LINE.values())
    wanted |= {f"stats.{problem}_{where}" for problem in _PROBLEMS for where in _WHERE}
    wanted |= {f"{key}_close" for key in ("models.unknown_table", "models.unknown_table_or_model")}
    missing_village = "regions.village_not_in_edition"
    wanted |= {missing_village + seen + guess for seen in ("", "_seen") for guess in ("", "_guess")}
    assert wanted <= known, sorted(wanted - known)


# -- end to end: a real failure through the command line, in both languages (engine, evaluate,
# definitions, indicators, plugins, cli, report) ---------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run ``kampungkb`` in this process; the exit code and the last line of stderr."""
    from kampungkb.cli import main  # noqa: PLC0415 - only the end-to-end tests need it

    capsys.readouterr()
    code = main(list(argv))
    lines = capsys.readouterr().err.strip().splitlines()
    return code, lines[-1] if lines else ""


@pytest.fixture
def fresh_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    from kampungkb.plugins import reset_plugin_manager  # noqa: PLC0415

    for name in ("KAMPUNGKB_PLUGINS", "KAMPUNGKB_DISABLE_PLUGINS",
                 "KAMPUNGKB_SKIP_BROKEN_PLUGINS", "KAMPUNGKB_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    reset_plugin_manager()
    yield reset_plugin_manager
    reset_plugin_manager()


def _install_plugin(site: Path, monkeypatch: pytest.MonkeyPatch, name: str, source: str) -> None:
    """A one-module plugin distribution ``kampungkb-<name>``, found through its entry point."""
    site.mkdir(exist_ok=True)
    module = f"kampungkb_{name}_e2e"
    (site / f"{module}.py").write_text(source, encoding="utf-8")
    info = site / f"kampungkb_{name}_e2e-1.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: kampungkb-{name}-e2e\nVersion: 1.0.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[kampungkb]\n{name} = {module}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(importlib.sys.modules, module, raising=False)  # type: ignore[attr-defined]
    importlib.invalidate_caches()


@pytest.mark.parametrize(("argv", "indonesian", "english"), [
    (("evaluate", "--demo", "--baseline", "2019-13", "--followup", "2019"),
     "galat: '2019-13' bukan periode; tulis tahun ('2019')",
     "error: '2019-13' is not a period; use a year ('2019')"),
])
def test_engine_error_in_both_languages(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...],
                                        indonesian: str, english: str) -> None:
    code, line = _cli(capsys, *argv, "--lang", "id")
    assert code == 2
    assert line.startswith(indonesian), line
    code, line = _cli(capsys, *argv, "--lang", "en")
    assert code == 2
    assert line.startswith(english), line


def test_evaluate_error_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("evaluate", "--demo", "--baseline", "2019", "--followup", "2017")
    assert _cli(capsys, *argv, "--lang", "id") == (
        2, "galat: periode awal (2019) harus sebelum periode akhir (2017)")
    assert _cli(capsys, *argv, "--lang", "en") == (
        2, "error: the baseline (2019) must come before the follow-up (2017)")


def test_definitions_error_in_both_languages(capsys: pytest.CaptureFixture[str],
                                             fresh_plugins: object) -> None:
    code, line = _cli(capsys, "describe", "cikr", "--lang", "id")
    assert code == 2
    assert line.startswith("galat: set indikator 'cikr' tidak dikenal (mungkin maksud Anda "
                           "'cikar'?); yang tersedia: "), line
    code, line = _cli(capsys, "describe", "cikr", "--lang", "en")
    assert line.startswith("error: unknown indicator set 'cikr' (did you mean 'cikar'?); "
                           "available: "), line


def test_cli_error_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(capsys, "evaluate", "--lang", "id") == (
        2, "galat: berikan JALUR data (folder atau berkas), atau --demo untuk data contoh "
        "bawaan")
    assert _cli(capsys, "evaluate", "--lang", "en") == (
        2, "error: give a data PATH (a folder or file), or --demo for the built-in demo data")


_BAD_SET = '''
from kampungkb.indicators import Indicator, IndicatorSet, Measure
from kampungkb.plugins import hookimpl


@hookimpl
def kampungkb_register_indicator_sets():
    return [IndicatorSet(
        id="salah", version="1", title_id="Set salah", title_en="Wrong set",
        measures=(Measure(id="persons", table="persons", agg="count"),),
        indicators=(Indicator(id="rasio", label_id="Rasio", label_en="Ratio",
                              numerator="person", denominator="persons"),),
    )]
'''


def test_indicators_error_in_both_languages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    fresh_plugins: Callable[[], None],
) -> None:
    _install_plugin(tmp_path / "site", monkeypatch, "salah", _BAD_SET)
    fresh_plugins()
    argv = ("evaluate", "--demo", "--set", "salah@1")
    code, line = _cli(capsys, *argv, "--lang", "id")
    assert code == 2
    assert line == ("galat: set indikator 'salah@1', 'rasio': membaca ukuran 'person', yang "
                    "tidak ada dalam set dan tidak didaftarkan oleh plugin (mungkin maksud Anda "
                    "'persons'?)"), line
    code, line = _cli(capsys, *argv, "--lang", "en")
    assert line == ("error: set 'salah@1', 'rasio': reads measure 'person', which is neither in "
                    "the set nor registered by a plugin (did you mean 'persons'?)"), line


def test_plugins_error_in_both_languages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    fresh_plugins: Callable[[], None],
) -> None:
    _install_plugin(tmp_path / "site", monkeypatch, "rusak",
                    "import kampungkb_dependency_that_is_not_installed\n")
    fresh_plugins()
    code, line = _cli(capsys, "sets", "--lang", "id")
    assert code == 2
    assert line.startswith("galat: plugin 'rusak' (entry point rusak = kampungkb_rusak_e2e dari "
                           "distribusi kampungkb-rusak-e2e 1.0.0) gagal diimpor: "
                           "ModuleNotFoundError: "), line
    assert line.endswith("; setel KAMPUNGKB_SKIP_BROKEN_PLUGINS=1 untuk melewatinya"), line
    code, line = _cli(capsys, "sets", "--lang", "en")
    assert line.startswith("error: plugin 'rusak' (entry point rusak = kampungkb_rusak_e2e from "
                           "distribution kampungkb-rusak-e2e 1.0.0) failed to import: "), line
    assert line.endswith("; set KAMPUNGKB_SKIP_BROKEN_PLUGINS=1 to skip it"), line
    # skipped instead: a one-line warning in the language asked for
    monkeypatch.setenv("KAMPUNGKB_SKIP_BROKEN_PLUGINS", "1")
    fresh_plugins()
    capsys.readouterr()
    from kampungkb.cli import main  # noqa: PLC0415

    assert main(["sets", "--lang", "id"]) == 0
    assert "peringatan: melewati plugin 'rusak'" in capsys.readouterr().err


def test_report_error_in_both_languages(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    from kampungkb.errors import KampungKBError  # noqa: PLC0415
    from kampungkb.report import render  # noqa: PLC0415

    # through the command line: the format the output file's name asks for does not exist
    out = tmp_path / "laporan.pdf"
    code, line = _cli(capsys, "demo", "--format", "pdf", "-o", str(out), "--lang", "id")
    assert code == 2
    assert line.startswith("galat: format laporan tidak dikenal 'pdf'"), line
    # the library's own report error carries its key, shown in either language (the format
    # is looked up before the evaluation is read)
    from kampungkb.plugins import load_plugins  # noqa: PLC0415

    with pytest.raises(KampungKBError) as caught:
        render(None, "pdf", definitions=load_plugins().definitions())  # type: ignore[arg-type]
    assert caught.value.key == "report.unknown_format"
    assert caught.value.message("id").startswith("format laporan tidak dikenal 'pdf'; tersedia: ")
    assert str(caught.value).startswith("unknown report format 'pdf'; available: ")


def test_keyed_errors_survive_pickle_and_copy() -> None:
    """A process pool sends errors back pickled: the message, its key and language survive."""
    made = [
        DatasetError.of("nodata.level", asked="dusun", known="village"),
        NoDataError("nodata.level", asked="dusun", known="village"),
        IndicatorDefinitionError.of(
            "nodata.level", set_id="cikar", item_id="k1", asked="dusun", known="village"
        ),
        DataValidationError.of("nodata.level", report={"rows": 3}, asked="a", known="b"),
        ReaderError("a plugin's own text"),
        KampungKBWarning.of("nodata.level", asked="dusun", known="village"),
    ]
    for error in made:
        pickled = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        for again in (pickled, copy.deepcopy(error)):
            assert type(again) is type(error)
            assert str(again) == str(error)
            assert again.message("id") == error.message("id")
            assert again.key == error.key
            assert getattr(again, "report", None) == getattr(error, "report", None)


def test_every_area_module_is_listed() -> None:
    """The catalogue names its modules (a frozen build may not list a package's files)."""
    modules = pkgutil.iter_modules(_catalogue.__path__)
    found = {i.name for i in modules if not i.name.startswith("_")}
    assert set(_catalogue.AREAS) == found
