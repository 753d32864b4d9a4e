"""Load indicator sets from TOML files (definitions are data)."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import ValidationError

from kampungkb._pydantic_problems import definition_problems
from kampungkb.errors import IndicatorDefinitionError
from kampungkb.indicators._definitions import IndicatorSet

__all__ = ["load_builtin_set", "load_indicator_set"]


def load_indicator_set(source: str | Path | Traversable) -> IndicatorSet:
    """Read an :class:`IndicatorSet` from a TOML file (a path, or a package resource such as
    ``importlib.resources.files("my_plugin").joinpath("sets", "my_set.toml")``) or TOML text.

    The file holds the set's fields at top level and ``[[measures]]`` / ``[[indicators]]``
    tables; see ``kampungkb/indicators/sets/cikar_2018.toml`` for a complete example.

    Raises:
        IndicatorDefinitionError: the TOML is malformed or a definition is invalid; the
            message names the file and the field.
    """
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source
                                     and source.endswith(".toml")):
        path = Path(source)
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise IndicatorDefinitionError.of("indicators.cannot_read", name=name,
                                              reason=exc.strerror) from exc
    elif not isinstance(source, str) and hasattr(source, "read_text"):
        # a package resource (importlib.resources): messages name its file, not "<text>"
        name = getattr(source, "name", None) or "<resource>"
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise IndicatorDefinitionError.of("indicators.cannot_read", name=name,
                                              reason=exc.strerror) from exc
    else:
        name, text = "<text>", str(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, name, "indicators") from exc
    set_id = str(data.get("id", "?"))
    try:
        return IndicatorSet.model_validate(data)
    except ValidationError as exc:
        # every problem in the language shown, at the file's own keys (indicators[a1].label_id)
        raise IndicatorDefinitionError.of("indicators.invalid_set", set_id=set_id, name=name,
                                          problems=definition_problems(exc, data)) from exc


def toml_error(exc: tomllib.TOMLDecodeError, name: str, area: str) -> IndicatorDefinitionError:
    """A definition file that is not TOML: the line and column in the language shown (the
    parser's own description, English, after them)."""
    detail = str(exc)
    where = re.search(r"\(at line (\d+), column (\d+)\)$", detail)
    if where is None:
        return IndicatorDefinitionError.of(f"{area}.bad_toml", name=name, detail=detail)
    return IndicatorDefinitionError.of(
        f"{area}.bad_toml_at", name=name, line=int(where.group(1)),
        column=int(where.group(2)), detail=detail[: where.start()].strip())


def load_builtin_set(filename: str) -> IndicatorSet:
    """Load a set shipped in ``kampungkb/indicators/sets``."""
    return load_indicator_set(resources.files("kampungkb.indicators").joinpath("sets", filename))
