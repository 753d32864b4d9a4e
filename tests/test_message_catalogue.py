"""Every error and warning message exists in Bahasa Indonesia and English (issue 13, point 4).

Two checks: the catalogue (:mod:`kampungkb._catalogue`) is complete — both languages, the same
fields, the key in its area's module — and the source raises no kampungkb error or warning from
a bare string, which would be English only.  The scan reads the source (``ast``), so a new
``raise DatasetError(f"…")`` anywhere fails here with its file and line.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import string
from pathlib import Path

import pytest

import kampungkb
from kampungkb import _catalogue
from kampungkb.errors import (
    IndicatorDefinitionError,
    KampungKBError,
    KampungKBWarning,
    NoDataError,
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
