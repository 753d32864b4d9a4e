"""The types of a declarative village classification (pydantic: they come from plugins/TOML).

A :class:`Classification` holds :class:`Variable` records (an indicator's village value, or the
mean of several, rounded and scored through :class:`ScoreBand` ranges), :class:`Index` records
(the mean of their variables' scores) and ordered :class:`ClassRule` conditions over the
indices (the first that holds gives the class).  :func:`kampungkb.evaluate.classify` applies one.
"""

from __future__ import annotations

import math
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kampungkb._pydantic_problems import definition_problems, location
from kampungkb.errors import DefinitionFieldError, IndicatorDefinitionError
from kampungkb.indicators._definitions import IndicatorSet, one_text_for_both
from kampungkb.indicators._load import toml_error

__all__ = ["CONDITION", "ClassRule", "Classification", "Index", "ScoreBand", "Variable",
           "load_builtin_classification", "load_classification"]

_Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
CONDITION = re.compile(r"^\s*(>=|<=|==|>|<)\s*(threshold|-?\d+(?:\.\d+)?)\s*$")


class _Rule(BaseModel):
    # nan and inf are refused (TOML and Python accept them): a band or threshold of nan or inf
    # would compare to nothing, and the SQL classify builds could not spell it.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class ScoreBand(_Rule):
    """Values from ``lo`` to ``hi`` (both inclusive; None = unbounded) score ``score``."""

    lo: float | None = Field(default=None, description="Lowest value of the band (inclusive).")
    hi: float | None = Field(default=None, description="Highest value of the band (inclusive).")
    score: int = Field(ge=0, le=100, description="Score of a value in the band.")

    @model_validator(mode="after")
    def _ordered(self) -> ScoreBand:
        if self.lo is not None and self.hi is not None and self.lo > self.hi:
            raise DefinitionFieldError.of("evaluate.band_reversed", lo=f"{self.lo:g}",
                                       hi=f"{self.hi:g}")
        return self

    def describe(self) -> str:
        """The band in words, e.g. ``30–40``, ``≤ 29``, ``≥ 51``."""
        if self.lo is None and self.hi is None:
            return "any"
        if self.lo is None:
            return f"≤ {self.hi:g}"
        if self.hi is None:
            return f"≥ {self.lo:g}"
        return f"{self.lo:g}" if self.lo == self.hi else f"{self.lo:g}–{self.hi:g}"


class Variable(_Rule):
    """One scored variable: an indicator's village value (or the mean of several), banded."""

    id: _Id = Field(description="Variable id, unique within the classification.")
    label_id: str = Field(default="", description="Label in Bahasa Indonesia.")
    label_en: str = Field(default="", description="Label in English.")
    indicator: str | None = Field(default=None, description="Indicator id read for the value.")
    mean_of: tuple[str, ...] = Field(
        default=(), description="Indicator ids whose mean is the value (missing ones count 0; "
        "all missing = missing).")
    round_to_integer: bool = Field(
        default=True, description="Round the value (and each mean_of component) to an integer, "
        "half away from zero, before scoring.")
    bands: tuple[ScoreBand, ...] = Field(description="Score bands, from the lowest values up.")
    missing_score: int = Field(default=1, ge=0, le=100, description="Score when data is missing.")

    @model_validator(mode="after")
    def _shape(self) -> Variable:
        if (self.indicator is None) == (not self.mean_of):
            raise DefinitionFieldError.of("evaluate.variable_one_source", variable=self.id)
        if not self.bands:
            raise DefinitionFieldError.of("evaluate.variable_no_bands", variable=self.id)
        lows = [-math.inf if b.lo is None else b.lo for b in self.bands]
        highs = [math.inf if b.hi is None else b.hi for b in self.bands]
        for i in range(1, len(self.bands)):
            if lows[i] <= highs[i - 1]:
                raise DefinitionFieldError.of("evaluate.bands_order", variable=self.id,
                                           band=i + 1)
            if self.round_to_integer and lows[i] > math.floor(highs[i - 1]) + 1:
                raise DefinitionFieldError.of("evaluate.bands_gap", variable=self.id, band=i,
                                           next=i + 1)
        if self.round_to_integer and (lows[0] != -math.inf or highs[-1] != math.inf):
            raise DefinitionFieldError.of("evaluate.bands_open_ends", variable=self.id)
        return self

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicator ids the variable reads."""
        return (self.indicator,) if self.indicator else self.mean_of


class Index(_Rule):
    """An index: the mean of its variables' scores, rounded to ``decimals``."""

    id: _Id = Field(description="Index id, e.g. 'input'.")
    label_id: str = Field(default="", description="Label in Bahasa Indonesia.")
    label_en: str = Field(default="", description="Label in English.")
    variables: tuple[str, ...] = Field(min_length=1, description="Variable ids averaged.")
    decimals: int = Field(default=2, ge=0, le=6, description="Decimals the index is rounded to.")


class ClassRule(_Rule):
    """A class and when a village belongs to it; rules are tried in order, first match wins.

    ``when`` maps index ids to conditions that must all hold (``">= threshold"``, ``"< 3"``);
    ``when_any`` to conditions of which at least one must hold.  A rule with neither is the
    fallback and must come last.
    """

    id: _Id = Field(description="Class code, e.g. 'mandiri'.")
    label_id: str = Field(description="Label in Bahasa Indonesia.")
    label_en: str = Field(description="Label in English.")
    when: dict[str, str] = Field(default_factory=dict, description="All must hold.")
    when_any: dict[str, str] = Field(default_factory=dict, description="At least one must hold.")

    @model_validator(mode="after")
    def _conditions(self) -> ClassRule:
        for index, cond in (*self.when.items(), *self.when_any.items()):
            if not CONDITION.match(cond):
                raise DefinitionFieldError.of("evaluate.bad_condition", class_id=self.id,
                                           condition=cond, index=index)
        return self

    def describe(self, lang: str = "en") -> str:
        """The rule in words."""
        words = {"en": ("and", "at least one of", "otherwise"),
                 "id": ("dan", "minimal satu dari", "selain itu")}[lang]
        parts = [" ".join((k, v)) for k, v in self.when.items()]
        if self.when_any:
            any_ = ", ".join(" ".join((k, v)) for k, v in self.when_any.items())
            parts.append(f"{words[1]}: {any_}")
        return f" {words[0]} ".join(parts) if parts else words[2]


class Classification(_Rule):
    """A complete classification rule over one indicator set (see the module docstring)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_\-]*$", description="Name, e.g. 'bkkbn-2020'.")
    label_id: str = Field(description="Title in Bahasa Indonesia.")
    label_en: str = Field(description="Title in English.")
    set_key: str = Field(description="The indicator set read, 'id@version'.")
    source_id: str = Field(default="", description="Where the rule comes from, in Bahasa "
                           "Indonesia (the older single-language 'source' is shown in both).")
    source_en: str = Field(default="", description="Where the rule comes from, in English.")
    threshold: float = Field(default=3.0, description="The value conditions call 'threshold'.")
    variables: tuple[Variable, ...] = Field(min_length=1)
    indices: tuple[Index, ...] = Field(min_length=1)
    classes: tuple[ClassRule, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _bilingual_source(cls, data: Any) -> Any:
        return one_text_for_both(data, ("source",), "classification")

    @model_validator(mode="after")
    def _references(self) -> Classification:
        for kind, ids in (("variable", [v.id for v in self.variables]),
                          ("index", [i.id for i in self.indices]),
                          ("class", [c.id for c in self.classes])):
            if len(set(ids)) != len(ids):
                raise DefinitionFieldError.of(f"evaluate.{kind}_defined_twice",
                                           classification=self.id)
        names = {v.id for v in self.variables}
        for index in self.indices:
            unknown = [v for v in index.variables if v not in names]
            if unknown:
                raise DefinitionFieldError.of("evaluate.index_unknown_variables",
                                           classification=self.id, index=index.id,
                                           unknown=", ".join(map(repr, unknown)))
        idx = {i.id for i in self.indices}
        for rule in self.classes:
            unknown = [k for k in (*rule.when, *rule.when_any) if k not in idx]
            if unknown:
                raise DefinitionFieldError.of("evaluate.class_unknown_indices",
                                           classification=self.id, class_id=rule.id,
                                           unknown=", ".join(map(repr, unknown)))
        if self.classes[-1].when or self.classes[-1].when_any:
            raise DefinitionFieldError.of("evaluate.last_class_conditions", classification=self.id)
        if any(not (c.when or c.when_any) for c in self.classes[:-1]):
            raise DefinitionFieldError.of("evaluate.fallback_not_last", classification=self.id)
        return self

    def check(self, indicator_set: IndicatorSet) -> None:
        """Check that every variable reads an indicator the set defines.

        Raises:
            IndicatorDefinitionError: naming the classification's set and the variable.
        """
        known = {i.id for i in indicator_set.indicators}
        for var in self.variables:
            missing = [i for i in var.indicators if i not in known]
            if missing:
                raise IndicatorDefinitionError.of(
                    "evaluate.missing_indicators", set_id=self.set_key, item_id=var.id,
                    classification=self.id, missing=", ".join(map(repr, missing)),
                    set_key=indicator_set.key)


def load_classification(source: str | Path) -> Classification:
    """Read a :class:`Classification` from a TOML file (a path) or TOML text.

    Raises:
        IndicatorDefinitionError: the file is missing or unreadable, the TOML is malformed or
            the rule is invalid (a number that is nan or inf included).
    """
    if isinstance(source, Path) or ("\n" not in source and source.endswith(".toml")):
        name = str(source)
        try:
            text = Path(source).read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise IndicatorDefinitionError.of("evaluate.no_classification_file",
                                              name=name) from exc
        except (OSError, UnicodeDecodeError) as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise IndicatorDefinitionError.of("evaluate.unreadable_classification", name=name,
                                              detail=detail) from exc
    else:
        name, text = "<text>", source
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, name, "evaluate") from exc
    try:
        return Classification.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            if error["type"] == "finite_number":
                raise IndicatorDefinitionError.of(
                    "evaluate.not_finite", name=name,
                    where=location(error["loc"], data),
                    value=repr(error["input"])) from exc
        raise IndicatorDefinitionError.of("evaluate.invalid_classification", name=name,
                                          problems=definition_problems(exc, data)) from exc


def load_builtin_classification(filename: str) -> Classification:
    """Load a classification shipped in ``kampungkb/indicators/sets``."""
    path = resources.files("kampungkb.indicators").joinpath("sets", filename)
    return load_classification(path.read_text("utf-8"))
