"""Definition types: measures, indicators, targets, rules and indicator sets.

Definitions are *data* (ARCHITECTURE decision 2): a :class:`Measure` is a table, a SQL boolean
filter over that table's documented columns and an aggregation; an :class:`Indicator` is an
expression over measures.  They are pydantic models because plugins and TOML files send them in;
checking the SQL against the canonical tables happens in
:func:`kampungkb.indicators.validate_indicator_set`, which ``compute`` calls before any query.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kampungkb.errors import DefinitionFieldError, Phrase

__all__ = [
    "ChangeRule",
    "CompositeRule",
    "Direction",
    "Group",
    "Indicator",
    "IndicatorKind",
    "IndicatorSet",
    "Measure",
    "Target",
]

_ID = r"^[a-z][a-z0-9_]*$"
Identifier = Annotated[str, Field(pattern=_ID, min_length=1, max_length=64)]

Aggregation = Literal["count", "sum", "count_distinct"]
IndicatorKind = Literal["ratio", "count", "presence", "composite"]
Direction = Literal["higher", "lower"]
Group = Literal["input", "process", "output", "outcome"]
ChangeRule = Literal["rise", "fall", "not_rise", "not_fall"]


class _Definition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def one_text_for_both(data: Any, names: tuple[str, ...], owner: str) -> Any:
    """Normalise the bilingual text fields ``<name>_id`` / ``<name>_en`` of ``data``.

    The old single-language field ``<name>`` (a plugin written before the pairs existed) is
    still accepted: its text is used for both languages.  Giving one of a pair without the
    other is an error, as is giving the old field together with the pair.  ``owner`` is what
    ``data`` is (``"indicator"``, ``"measure"``, ``"indicatorset"``, ``"classification"``):
    the message names it with its id.
    """
    if not isinstance(data, dict):
        return data
    out = dict(data)
    what = Phrase(f"indicators.owner_{owner}", id=str(out.get("id", "?")))
    for name in names:
        single = out.pop(name, None)
        id_key, en_key = f"{name}_id", f"{name}_en"
        has_id, has_en = bool(out.get(id_key)), bool(out.get(en_key))
        if single:
            if has_id or has_en:
                raise DefinitionFieldError.of("indicators.text_one_or_pair", owner=what, name=name,
                                           id_key=id_key, en_key=en_key)
            out[id_key] = out[en_key] = single
        elif has_id != has_en:
            given, missing = (id_key, en_key) if has_id else (en_key, id_key)
            raise DefinitionFieldError.of("indicators.text_half_pair", owner=what, given=given,
                                       missing=missing, name=name)
    return out


class _Bilingual(_Definition):
    """A definition with bilingual text fields (``<name>_id`` and ``<name>_en``)."""

    #: The bilingual text fields, by their base name (``"source"`` for ``source_id``/``_en``).
    bilingual_fields: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _bilingual_texts(cls, data: Any) -> Any:
        """Every text is written in both languages, ``<name>_id`` and ``<name>_en`` (e.g.
        ``source_id`` and ``source_en``); one without the other is an error. The older
        single-language field (``source``, ``notes``, ``description``, ``legal_basis``) is
        still accepted and shown in both languages."""
        return one_text_for_both(data, cls.bilingual_fields, cls.__name__.lower())

    def text_in(self, name: str, lang: str) -> str:
        """The bilingual text field ``name`` (e.g. ``"source"``) in ``lang`` ("id" or "en")."""
        if name not in self.bilingual_fields:
            raise KeyError(name)
        return str(getattr(self, f"{name}_{'id' if lang == 'id' else 'en'}"))


class Measure(_Bilingual):
    """A count or sum over one canonical table.

    Example: the number of PUS (married women 15–49) in a village and period::

        Measure(id="pus", table="persons", filter="is_pus",
                label_id="Pasangan usia subur (PUS)", label_en="Couples of reproductive age",
                report="pus")
    """

    id: Identifier = Field(description="Identifier, unique within the set (snake_case); "
                           "measures shared by a plugin are unique across plugins.",
                           examples=["young_pus"])
    table: str = Field(description="Canonical table the measure counts over "
                       "(`kampungkb schema TABLE` lists its columns).", examples=["persons"])
    filter: str | None = Field(
        default=None,
        description="SQL boolean condition over the table's columns (DuckDB dialect); "
        "rows where it is true are counted. Left out, every row counts.",
        examples=["is_pus AND age_years < 30"],
    )
    agg: Aggregation = Field(
        default="count",
        description="'count' rows, 'sum' a numeric column, or 'count_distinct' a column.",
        examples=["sum"],
    )
    column: str | None = Field(
        default=None,
        description="Column (or numeric expression) to sum or count distinct; "
        "required unless agg is 'count'.",
        examples=["participants"],
    )
    by: str | None = Field(
        default=None,
        description="Optional disaggregation column (e.g. 'sex'): values are also "
        "produced per category. A true/false or coded column, or one a plugin marks "
        "dimension=True.",
        examples=["sex"],
    )
    latest_per: str | None = Field(
        default=None,
        description="For event tables: keep only each entity's latest row in the period "
        "(e.g. 'child_id' for the latest measurement per child).",
        examples=["child_id"],
    )
    latest_among: str | None = Field(
        default=None,
        description="With latest_per only: SQL boolean condition over the table's columns "
        "(DuckDB dialect, checked like filter) choosing the rows that may be an entity's "
        "latest; filter then decides whether that row counts (e.g. the latest valid "
        "measurement per child, then whether it is stunted).",
        examples=["haz IS NOT NULL AND haz_flag IS DISTINCT FROM 'implausible'"],
    )
    report: str | None = Field(
        default=None,
        description="Expression over monthly_reports columns that supplies the same "
        "measure from aggregate reports, where microdata is absent.",
        examples=["users_iud + users_implant"],
    )
    report_stock: bool = Field(
        default=True,
        description="True when the report value is a stock (the period takes the value of "
        "its latest month that has a report; a blank there is missing, never an earlier "
        "month's value); False when it is a flow (months are summed).",
        examples=[False],
    )
    label_id: str = Field(default="", description="Label in Bahasa Indonesia.",
                          examples=["PUS muda (di bawah 30 tahun)"])
    label_en: str = Field(default="", description="Label in English.",
                          examples=["Young PUS (under 30)"])
    description_id: str = Field(
        default="", description="What the measure counts, in Bahasa Indonesia (with "
        "description_en; the older single-language description is shown in both).",
        examples=["Perempuan kawin 15-49 tahun yang berusia di bawah 30 tahun."])
    description_en: str = Field(default="", description="What the measure counts, in English.",
                                examples=["Married women 15-49 under 30 years old."])

    bilingual_fields: ClassVar[tuple[str, ...]] = ("description",)

    @model_validator(mode="after")
    def _column_for_agg(self) -> Measure:
        """``agg = "sum"`` or ``"count_distinct"`` needs a ``column``."""
        if self.agg != "count" and not self.column:
            raise DefinitionFieldError.of("indicators.agg_needs_column", measure=self.id,
                                       agg=self.agg)
        return self

    @model_validator(mode="after")
    def _among_needs_latest(self) -> Measure:
        """``latest_among`` needs ``latest_per``: it chooses the rows each entity's latest
        row is taken from."""
        if self.latest_among and not self.latest_per:
            raise DefinitionFieldError.of("indicators.latest_among_needs_latest_per",
                                          measure=self.id)
        return self


class Target(_Definition):
    """A threshold an indicator's value is compared with, e.g. ``> 85`` (%)."""

    op: Literal[">", ">=", "<", "<=", "=="] = Field(description="Comparison operator.",
                                                    examples=[">="])
    value: float = Field(description="Threshold in the indicator's unit.", examples=[70],
                         allow_inf_nan=False)

    def met(self, value: float) -> bool:
        """Whether ``value`` meets the target."""
        match self.op:
            case ">":
                return value > self.value
            case ">=":
                return value >= self.value
            case "<":
                return value < self.value
            case "<=":
                return value <= self.value
            case _:
                return value == self.value

    def __str__(self) -> str:
        return f"{self.op} {self.value:g}"


class CompositeRule(_Definition):
    """When a composite indicator is achieved, from its components' achievement.

    Achieved when every indicator in ``all_of`` is achieved **and** at least ``at_least``
    of the indicators in ``of`` are achieved (``at_least`` None means all of ``of``).
    """

    all_of: tuple[str, ...] = Field(
        default=(), description="Components that must all be achieved.", examples=[["cpr"]]
    )
    of: tuple[str, ...] = Field(default=(), description="Components counted for 'at_least'.",
                                examples=[["young_mkjp", "bkb_active"]])
    at_least: int | None = Field(
        default=None, ge=0, description="How many of 'of' must be achieved (left out: all).",
        examples=[1],
    )

    def describe(self, lang: str = "en") -> str:
        """The rule in words."""
        parts = []
        if self.all_of:
            joined = ", ".join(self.all_of)
            parts.append(f"semua: {joined}" if lang == "id" else f"all of: {joined}")
        if self.of:
            k = len(self.of) if self.at_least is None else self.at_least
            joined = ", ".join(self.of)
            parts.append(
                f"minimal {k} dari: {joined}" if lang == "id" else f"at least {k} of: {joined}"
            )
        return "; ".join(parts)


class Indicator(_Bilingual):
    """An indicator: a ratio, count or presence computed from measures, or a composite.

    ``value = numerator / denominator * factor`` for ratios (rounded to ``decimals``); the
    numerator's value for counts; 1/0 for presence (numerator ≥ 1).  Achievement combines the
    ``target`` (on the follow-up value) and the ``change`` rule (follow-up against baseline);
    a composite is achieved by its ``rule`` over its components.
    """

    id: Identifier = Field(description="Identifier, unique within the set.", examples=["cpr"])
    label_id: str = Field(description="Label in Bahasa Indonesia.",
                          examples=["Angka prevalensi kontrasepsi (CPR)"])
    label_en: str = Field(description="Label in English.",
                          examples=["Contraceptive prevalence rate (CPR)"])
    kind: IndicatorKind = Field(
        default="ratio",
        description="ratio: numerator / denominator × factor; count: the numerator; presence: "
        "1 when the numerator is at least 1 (above a village: the share of villages); "
        "composite: achieved by a rule over its components.",
        examples=["ratio"])
    numerator: str | None = Field(
        default=None, description="Measure id of the numerator (a measure of the set or one "
        "a plugin shares); required unless kind is composite.", examples=["kb_users"])
    denominator: str | None = Field(
        default=None, description="Measure id of the denominator; ratios only.",
        examples=["pus"])
    factor: float = Field(default=100.0, description="Multiplier of the ratio (100 = percent).",
                          examples=[1000], allow_inf_nan=False)
    decimals: int = Field(default=2, ge=0, le=6, description="Decimals the value is rounded to.",
                          examples=[1])
    unit: str = Field(
        default="",
        description="Unit shown after the value; defaults to '%' for ratios with factor 100. "
        "orang, KK, keluarga, kelompok, kegiatan, anak, kasus, sumber and desa are shown "
        "in English too.",
        examples=["kelompok"],
    )
    direction: Direction = Field(default="higher", description="Whether higher or lower is better.",
                                 examples=["lower"])
    target: Target | None = Field(default=None, description="Threshold the follow-up must meet.",
                                  examples=[{"op": ">=", "value": 70}])
    change: ChangeRule | None = Field(
        default=None, description="How the follow-up must compare with the baseline.",
        examples=["not_fall"],
    )
    change_significant: bool = Field(
        default=False,
        description="Ratio indicators only: the change rule counts only a statistically "
        "significant change (Newcombe's interval of the difference, at the evaluation's "
        "confidence level, 95 % by default, lies above 0 for "
        "'rise', below 0 for 'fall'; 'not_rise' fails only on a significant rise and "
        "'not_fall' only on a significant fall). Off by default: published rules such as "
        "CIKAR's count any change.",
        examples=[True],
    )
    group: Group = Field(
        default="output", description="Evaluation frame: input/process/output/outcome. The "
        "main indicators (ranked) are the output indicators without a parent.",
        examples=["outcome"],
    )
    parent: str | None = Field(
        default=None,
        description="Id of the composite indicator this is a component of. Required on every "
        "component (an indicator in a composite's 'components'); an indicator with a parent is "
        "not a main indicator and is not ranked on its own.",
        examples=["kb_services"],
    )
    components: tuple[str, ...] = Field(
        default=(), description="For composites: the sub-indicators' ids (each names this "
        "composite as its parent).", examples=[["cpr", "young_mkjp"]]
    )
    rule: CompositeRule | None = Field(
        default=None, description="For composites (required): when it is achieved.",
        examples=[{"all_of": ["cpr"], "of": ["young_mkjp"], "at_least": 1}])
    min_denominator: int = Field(
        default=10, ge=0, description="Ratios with a smaller denominator are flagged.",
        examples=[30]
    )
    source_id: str = Field(
        default="", description="Legal basis or source of the definition, in Bahasa Indonesia "
        "(with source_en; the older single-language source is shown in both).",
        examples=["Pergub Babel 40/2018, indikator 1a"])
    source_en: str = Field(default="", description="Legal basis or source, in English.",
                           examples=["Pergub Babel 40/2018, indicator 1a"])
    notes_id: str = Field(
        default="", description="Choices made in the definition, in words, in Bahasa "
        "Indonesia (with notes_en; the older single-language notes are shown in both).",
        examples=["Muda = di bawah 30 tahun penuh pada hari terakhir periode."])
    notes_en: str = Field(default="", description="Choices made in the definition, in English.",
                          examples=["Young = under 30 completed years at the period's last day."])

    bilingual_fields: ClassVar[tuple[str, ...]] = ("source", "notes")

    @model_validator(mode="before")
    @classmethod
    def _default_unit(cls, data: object) -> object:
        if isinstance(data, dict) and not data.get("unit"):
            kind = data.get("kind", "ratio")
            if kind == "ratio" and float(data.get("factor", 100.0)) == 100.0:
                return {**data, "unit": "%"}
        return data

    @model_validator(mode="after")
    def _shape(self) -> Indicator:
        """A composite needs ``components`` and a ``rule``; any other kind a ``numerator``;
        a ratio a ``denominator``; a count or presence no ``denominator``."""
        if self.kind == "composite":
            if not self.components:
                raise DefinitionFieldError.of("indicators.composite_needs_components",
                                           indicator=self.id)
            if self.rule is None:
                raise DefinitionFieldError.of("indicators.composite_needs_rule",
                                           indicator=self.id,
                                           components=repr(list(self.components)))
        elif not self.numerator:
            raise DefinitionFieldError.of("indicators.needs_numerator", indicator=self.id,
                                       kind=self.kind)
        if self.kind == "ratio" and not self.denominator:
            raise DefinitionFieldError.of("indicators.ratio_needs_denominator",
                                       indicator=self.id)
        if self.kind in ("count", "presence") and self.denominator:
            raise DefinitionFieldError.of("indicators.takes_no_denominator", indicator=self.id,
                                       kind=self.kind)
        if self.change_significant and (self.kind != "ratio" or self.change is None):
            raise DefinitionFieldError.of("indicators.change_significant_needs",
                                       indicator=self.id)
        return self

    @property
    def measure_ids(self) -> tuple[str, ...]:
        """The measures this indicator reads."""
        return tuple(m for m in (self.numerator, self.denominator) if m)


_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")


class IndicatorSet(_Bilingual):
    """A versioned, named collection of measures and indicators (e.g. ``cikar@2018``)."""

    id: Identifier = Field(description="Set id: the name users pick the set by.",
                           examples=["jateng"])
    version: str = Field(
        description="Version, usually the regulation's year: letters, digits, '.', '_' and "
        "'-', starting with a letter or digit. A set is named id@version.", examples=["2024"])
    title_id: str = Field(description="Title in Bahasa Indonesia.",
                          examples=["Kampung KB Provinsi Jawa Tengah"])
    title_en: str = Field(description="Title in English.",
                          examples=["Kampung KB of Central Java province"])
    legal_basis_id: str = Field(
        default="", description="Regulation or source of the set, in Bahasa Indonesia (with "
        "legal_basis_en; the older single-language legal_basis is shown in both).",
        examples=["Peraturan Gubernur Jawa Tengah Nomor 1 Tahun 2024"])
    legal_basis_en: str = Field(
        default="", description="Regulation or source of the set, in English (a regulation's "
        "title may stay in Indonesian, with its number and year in English).",
        examples=["Central Java Governor Regulation No. 1 of 2024"])
    description_id: str = Field(
        default="", description="What the set evaluates, in Bahasa Indonesia (with "
        "description_en; the older single-language description is shown in both).",
        examples=["Enam indikator Kampung KB provinsi."])
    description_en: str = Field(default="", description="What the set evaluates, in English.",
                                examples=["Six indicators of the province's Kampung KB."])

    bilingual_fields: ClassVar[tuple[str, ...]] = ("legal_basis", "description")
    period_type: Literal["year", "quarter", "month"] = Field(
        default="year", description="Period type the set is evaluated on.", examples=["year"]
    )
    measures: tuple[Measure, ...] = Field(
        default=(), description="The set's own measures ([[measures]] tables in TOML); "
        "indicators may also use measures plugins share.")
    indicators: tuple[Indicator, ...] = Field(
        description="The indicators ([[indicators]] tables in TOML), in display order.")

    @property
    def key(self) -> str:
        """``"id@version"``."""
        return f"{self.id}@{self.version}"

    @model_validator(mode="after")
    def _unique(self) -> IndicatorSet:
        """The version is valid, and no measure or indicator id is defined twice."""
        if not _VERSION.match(self.version):
            raise DefinitionFieldError.of("indicators.bad_version", set_id=self.id,
                                       version=self.version)
        for kind, ids in (
            ("measure", [m.id for m in self.measures]),
            ("indicator", [i.id for i in self.indicators]),
        ):
            seen: set[str] = set()
            for i in ids:
                if i in seen:
                    raise DefinitionFieldError.of(f"indicators.{kind}_defined_twice",
                                               set_id=self.id, item=i)
                seen.add(i)
        return self

    @model_validator(mode="after")
    def _parents(self) -> IndicatorSet:
        """Every component of a composite names it as its ``parent``, and an indicator whose
        ``parent`` is a composite is one of its components.

        Leaving ``parent`` out would make a component a main indicator too, which changes the
        ranking, so it is an error, never a silent default.
        """
        by_id = {i.id: i for i in self.indicators}
        for ind in self.indicators:
            if ind.kind != "composite":
                continue
            for cid in ind.components:
                component = by_id.get(cid)
                if component is None or component.parent == ind.id:
                    continue
                if component.parent is None:
                    raise DefinitionFieldError.of("indicators.component_no_parent",
                                               set_key=self.key, component=cid,
                                               composite=ind.id)
                raise DefinitionFieldError.of("indicators.component_other_parent",
                                           set_key=self.key, component=cid, composite=ind.id,
                                           parent=component.parent)
        for ind in self.indicators:
            parent = by_id.get(ind.parent) if ind.parent else None
            if parent is not None and parent.kind == "composite" and (
                    ind.id not in parent.components):
                raise DefinitionFieldError.of("indicators.parent_not_listing", set_key=self.key,
                                           indicator=ind.id, parent=parent.id)
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id.

        Raises:
            UnknownNameError: (a ``KeyError`` and a ``KampungKBError``) the set has no such
                indicator; the message names those it has (and a close one), and shows what was
                asked only as :func:`kampungkb._safe.safe_value` allows.
        """
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise self._unknown_indicator(indicator_id)

    def _unknown_indicator(self, indicator_id: object) -> Exception:
        import difflib  # noqa: PLC0415 - on the error path only

        from kampungkb._shown import name_some, shown  # noqa: PLC0415
        from kampungkb.errors import UnknownNameError  # noqa: PLC0415

        ids = [i.id for i in self.indicators]
        fields = {"asked": shown(indicator_id), "set_key": self.key, "known": name_some(ids)}
        close = difflib.get_close_matches(str(indicator_id), ids, n=1)
        if close:
            return UnknownNameError.of("evaluate.unknown_indicator_close", close=close[0],
                                       **fields)
        return UnknownNameError.of("evaluate.unknown_indicator", **fields)

    def __repr__(self) -> str:
        return (
            f"IndicatorSet({self.key!r}, {len(self.measures)} measures, "
            f"{len(self.indicators)} indicators)"
        )
