"""Published copies of results and evaluations, with small cells hidden and marked."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.definitions import Definitions
from kampungkb.engine._duck import fetch_arrow
from kampungkb.engine._results import Results
from kampungkb.evaluate import Evaluation
from kampungkb.indicators._definitions import IndicatorSet, Measure
from kampungkb.publish._policy import DisclosurePolicy
from kampungkb.publish._suppress import suppress_cells

__all__ = ["FLAG_PRIMARY", "FLAG_SECONDARY", "publish_evaluation", "publish_results"]

#: Flag of a cell hidden because it rests on a small count.
FLAG_PRIMARY = "suppressed_small_count"
#: Flag of a cell hidden so that another hidden cell cannot be recovered by subtraction.
FLAG_SECONDARY = "suppressed_secondary"

_HIDDEN = ("numerator", "denominator", "value", "lower", "upper")


def _people_indicators(sets: Mapping[str, IndicatorSet], shared: Mapping[str, Measure],
                       policy: DisclosurePolicy) -> set[tuple[str, str, str]]:
    """(set id, version, indicator id) of the indicators whose numerator counts people."""
    out = set()
    for iset in sets.values():
        measures = {**shared, **{m.id: m for m in iset.measures}}
        for ind in iset.indicators:
            if ind.kind not in ("ratio", "count") or ind.numerator is None:
                continue
            measure = measures.get(ind.numerator)
            if measure is None or measure.table in policy.person_tables:
                out.add((iset.id, iset.version, ind.id))  # unknown: hide to be safe
    return out


def _eligible(table: pa.Table, definitions: Definitions | None, sets: tuple[str, ...],
              policy: DisclosurePolicy, extra: Mapping[str, IndicatorSet]) -> pa.Array:
    known = {**{k: definitions.indicator_sets[k] for k in sets
                if definitions is not None and k in definitions.indicator_sets}, **extra}
    shared = dict(definitions.measures) if definitions is not None else {}
    people = _people_indicators(known, shared, policy)
    keys = pc.binary_join_element_wise(table["set_id"], table["set_version"],
                                       table["indicator_id"], "\x1f")
    wanted = pa.array(["\x1f".join(k) for k in people], pa.string())
    unknown = pc.invert(pc.is_in(pc.binary_join_element_wise(
        table["set_id"], table["set_version"], "@"), pa.array(list(known), pa.string())))
    # indicators of sets the definitions do not describe are hidden like people counts
    return pc.or_(pc.is_in(keys, wanted), unknown).combine_chunks()


def _hide(table: pa.Table, marks: pa.Table) -> pa.Table:
    """Null the values of suppressed rows and add the flag saying why (one SQL pass)."""
    hide = ", ".join(f"CASE WHEN m.suppressed THEN NULL ELSE t.{c} END AS {c}" for c in _HIDDEN)
    con = duckdb.connect()
    try:
        con.register("t", table)
        con.register("m", marks)
        out = fetch_arrow(con, f"""
            SELECT t.* REPLACE ({hide},
              CASE WHEN m.suppressed THEN list_append(t.flags, CASE m.suppression
                WHEN 'primary' THEN $primary ELSE $secondary END) ELSE t.flags END AS flags)
            FROM t POSITIONAL JOIN m""", {"primary": FLAG_PRIMARY, "secondary": FLAG_SECONDARY})
    finally:
        con.close()
    return out.cast(table.schema)


def publish_results(results: Results, policy: DisclosurePolicy | None = None, *,
                    indicator_sets: Mapping[str, IndicatorSet] | None = None) -> Results:
    """A copy of ``results`` fit to publish: small cells hidden (values null) and flagged.

    Rows hidden for a small count carry the flag ``suppressed_small_count``; rows hidden so that
    no hidden value can be recovered by subtracting published rows from a published total carry
    ``suppressed_secondary``.  ``results`` itself is unchanged (exact values for internal use).

    Args:
        results: from :func:`kampungkb.compute`.
        policy: the disclosure policy (default: :data:`~kampungkb.publish.DEFAULT_POLICY`).
        indicator_sets: sets not in the results' definitions (keyed ``id@version``), to tell
            which indicators count people; indicators of undescribed sets are hidden like
            people counts.
    """
    policy = policy if policy is not None else DisclosurePolicy()
    table = results.table
    eligible = _eligible(table, results.definitions, results.sets, policy,
                         indicator_sets or {})
    marks = suppress_cells(table, eligible, policy.min_count)
    return Results(_hide(table, marks), periods=results.periods, sets=results.sets,
                   hierarchy=results.hierarchy, data_values=None,
                   definitions=results.definitions, confidence=results.confidence)


_SCORE_MARKS_SQL = """
WITH m AS (
  SELECT region_code, level, indicator_id, period,
    list_filter(flags, lambda x: x IN ($primary, $secondary)) AS marks
  FROM _pub WHERE disaggregation IS NULL
)
SELECT coalesce(len(b.marks) > 0, false) AS hide_b,
  coalesce(len(f.marks) > 0, false) AS hide_f,
  list_concat(s.baseline_flags, coalesce(b.marks, [])) AS baseline_flags,
  list_concat(s.followup_flags, coalesce(f.marks, [])) AS followup_flags
FROM _sc s
LEFT JOIN m b ON b.region_code = s.region_code AND b.level = s.level
  AND b.indicator_id = s.indicator_id AND b.period = $baseline
LEFT JOIN m f ON f.region_code = s.region_code AND f.level = s.level
  AND f.indicator_id = s.indicator_id AND f.period = $followup
ORDER BY s.rowid_
"""
#: Scorecard columns hidden where the baseline's result is, the follow-up's, or either.
_HIDE_BASELINE = ("baseline", "baseline_numerator", "baseline_denominator")
_HIDE_FOLLOWUP = ("followup", "followup_numerator", "followup_denominator")
_HIDE_EITHER = ("change", "change_lower", "change_upper", "change_significance")
_HIDDEN_REASON = {"reason_id": "disembunyikan: jumlah kecil (perlindungan data pribadi)",
                  "reason_en": "hidden: small numbers (disclosure control)"}


def _hide_scorecard(scorecard: pa.Table, marks: pa.Table) -> pa.Table:
    """The scorecard with the values of hidden results nulled, the reason replaced and the
    flags saying why — column by column (only the narrow marks went through DuckDB: sorting
    every wide row took several hundred MB at national size)."""
    hide_b, hide_f = marks["hide_b"], marks["hide_f"]
    either = pc.or_(hide_b, hide_f)
    out = scorecard
    for names, hide in ((_HIDE_BASELINE, hide_b), (_HIDE_FOLLOWUP, hide_f),
                        (_HIDE_EITHER, either)):
        for name in names:
            if name in out.column_names:
                col = out[name]
                out = out.set_column(out.schema.get_field_index(name), name, pc.if_else(
                    hide, pa.scalar(None, col.type), col))
    for name, words in _HIDDEN_REASON.items():
        if name in out.column_names:
            col = out[name]
            out = out.set_column(out.schema.get_field_index(name), name,
                                 pc.if_else(either, pa.scalar(words, col.type), col))
    for name in ("baseline_flags", "followup_flags"):
        out = out.set_column(out.schema.get_field_index(name), name,
                             marks[name].cast(out.schema.field(name).type))
    return out


def publish_evaluation(evaluation: Evaluation,
                       policy: DisclosurePolicy | None = None) -> Evaluation:
    """A copy of ``evaluation`` fit to publish (see :func:`publish_results`).

    The scorecard's baseline, follow-up, change, their counts, intervals and reasons are hidden
    wherever the underlying result is, and ``baseline_flags`` / ``followup_flags`` say why.
    Whether an indicator is achieved, and the ranking, stay: they are decided on the exact
    values.  ``evaluation`` itself is unchanged.
    """
    iset = evaluation.indicator_set
    results = publish_results(evaluation.results, policy,
                              indicator_sets={iset.key: iset})
    con = duckdb.connect()
    try:
        scorecard = evaluation.scorecard
        keys = ["region_code", "level", "indicator_id", "baseline_flags", "followup_flags"]
        con.register("_sc", scorecard.select(keys).append_column(
            "rowid_", pa.array(np.arange(scorecard.num_rows, dtype=np.int64))))
        con.register("_pub", results.table.select(
            ["region_code", "level", "indicator_id", "period", "disaggregation", "flags"]))
        marks = fetch_arrow(con, _SCORE_MARKS_SQL, {
            "primary": FLAG_PRIMARY, "secondary": FLAG_SECONDARY,
            "baseline": evaluation.baseline, "followup": evaluation.followup})
    finally:
        con.close()
    hidden = _hide_scorecard(scorecard, marks).cast(scorecard.schema)
    return Evaluation(iset, evaluation.baseline, evaluation.followup, results=results,
                      scorecard=hidden, summary=evaluation.summary,
                      definitions=evaluation.definitions)
