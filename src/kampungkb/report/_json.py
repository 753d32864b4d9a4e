"""The JSON report: results with definitions and provenance, in a stable documented layout.

Layout version :data:`JSON_FORMAT_VERSION` (see ``docs/reports.md``).  Language-neutral: labels
are given in both languages; numbers are JSON numbers, missing values ``null`` (never 0).
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

import kampungkb
from kampungkb.engine import LEVELS
from kampungkb.evaluate import Evaluation
from kampungkb.report._model import ReportOptions

__all__ = ["JSON_FORMAT", "JSON_FORMAT_VERSION", "json_document", "json_text"]

#: Value of the document's ``"format"`` key.
JSON_FORMAT = "kampungkb.evaluation"
#: Bumped whenever a key is renamed or removed (adding keys keeps the version).
JSON_FORMAT_VERSION = 2

_SCORE_KEYS = ("region_code", "level", "indicator_id", "baseline", "followup", "change",
               "target_met", "change_met", "achieved", "baseline_flags", "followup_flags",
               "followup_numerator", "followup_denominator", "villages_achieved",
               "villages_evaluated", "reason_id", "reason_en", "change_lower", "change_upper",
               "change_significance", "funnel_significance")
_RESULT_KEYS = ("indicator_id", "region_code", "level", "period", "numerator", "denominator",
                "value", "n", "flags", "lower", "upper")
_REGION_KEYS = ("region_code", "level", "rank", "n_achieved", "n_main", "n_undetermined",
                "n_sub_achieved", "n_sub_evaluated")


def _rows(table: pa.Table, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    present = [k for k in keys if k in table.column_names]  # hand-built tables may lack some
    rows: list[dict[str, Any]] = table.select(present).to_pylist()
    return rows


def _keep(table: pa.Table, only_level: str | None) -> pa.Table:
    if only_level is None:
        return table
    return table.filter(pc.equal(table["level"], only_level))


def json_document(ev: Evaluation, opts: ReportOptions) -> dict[str, Any]:
    """The JSON report as plain Python data."""
    iset = ev.indicator_set
    levels = [lv for lv in LEVELS if opts.only_level in (None, lv)]
    regions = _rows(_keep(ev.summary, opts.only_level), _REGION_KEYS)
    for r in regions:
        r["name"] = opts.names.get(r["region_code"])
    results = ev.results.table
    decimals = {ind.id: ind.decimals for ind in iset.indicators}
    scorecard = _rows(_keep(ev.scorecard, opts.only_level), _SCORE_KEYS)
    for row in scorecard:  # followup − baseline carries float noise (0.960000000000008)
        if row["change"] is not None:
            row["change"] = round(row["change"], decimals.get(row["indicator_id"], 2))
    return {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "provenance": {
            "set": {"id": iset.id, "version": iset.version, "key": iset.key,
                    "title_id": iset.title_id, "title_en": iset.title_en,
                    "legal_basis_id": iset.legal_basis_id,
                    "legal_basis_en": iset.legal_basis_en},
            "baseline": ev.baseline,
            "followup": ev.followup,
            "run_date": opts.run_date.isoformat(),
            "kampungkb_version": kampungkb.__version__,
            "source": opts.source,
            "hierarchy": ev.results.hierarchy,
            "levels": levels,
        },
        "main_indicators": list(ev.main_indicators),
        "indicators": [ind.model_dump(mode="json") for ind in iset.indicators],
        "measures": [m.model_dump(mode="json") for m in iset.measures],
        "regions": regions,
        "scorecard": scorecard,
        "results": _rows(_keep(results, opts.only_level), _RESULT_KEYS),
    }


def json_text(ev: Evaluation, opts: ReportOptions) -> str:
    """The JSON report as text (UTF-8, indented, keys in the documented order)."""
    return json.dumps(json_document(ev, opts), ensure_ascii=False, indent=1,
                      allow_nan=False) + "\n"
