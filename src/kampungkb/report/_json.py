"""The JSON report: results with definitions and provenance, in a stable documented layout.

Layout version :data:`JSON_FORMAT_VERSION` (see ``docs/reports.md``).  Language-neutral: labels
are given in both languages; numbers are JSON numbers, missing values ``null`` (never 0).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

import kampungkb
from kampungkb.engine import LEVELS
from kampungkb.evaluate import Evaluation
from kampungkb.report._model import ReportOptions

__all__ = ["JSON_FORMAT", "JSON_FORMAT_VERSION", "json_chunks", "json_document", "json_text"]

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


#: Rows converted to Python at a time: the report is written a slice at a time, so its memory
#: does not grow with the number of regions (a national report holds ~0.7 M rows).
_BATCH_ROWS = 4096


def _present(table: pa.Table, keys: tuple[str, ...]) -> pa.Table:
    return table.select([k for k in keys if k in table.column_names])  # hand-built: may lack


def _keep(table: pa.Table, only_level: str | None) -> pa.Table:
    if only_level is None:
        return table
    return table.filter(pc.equal(table["level"], only_level))


def _sections(ev: Evaluation, opts: ReportOptions) -> dict[str, tuple[pa.Table, Any]]:
    """The three long arrays of the document: their rows (Arrow) and what is done to each
    row as a Python dict (names added, float noise rounded away)."""
    decimals = {ind.id: ind.decimals for ind in ev.indicator_set.indicators}

    def region(row: dict[str, Any]) -> None:
        row["name"] = opts.names.get(row["region_code"])

    def score(row: dict[str, Any]) -> None:
        if row["change"] is not None:  # followup − baseline carries float noise (0.96000…8)
            row["change"] = round(row["change"], decimals.get(row["indicator_id"], 2))

    return {
        "regions": (_present(_keep(ev.summary, opts.only_level), _REGION_KEYS), region),
        "scorecard": (_present(_keep(ev.scorecard, opts.only_level), _SCORE_KEYS), score),
        "results": (_present(_keep(ev.results.table, opts.only_level), _RESULT_KEYS), None),
    }


def _head(ev: Evaluation, opts: ReportOptions, arrays: dict[str, Any]) -> dict[str, Any]:
    iset = ev.indicator_set
    levels = [lv for lv in LEVELS if opts.only_level in (None, lv)]
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
        **arrays,
    }


def _python_rows(table: pa.Table, fix: Any) -> Iterator[dict[str, Any]]:
    for batch in table.to_batches(max_chunksize=_BATCH_ROWS):
        for row in batch.to_pylist():
            if fix is not None:
                fix(row)
            yield row


def json_document(ev: Evaluation, opts: ReportOptions) -> dict[str, Any]:
    """The JSON report as plain Python data (every row at once: for small evaluations;
    :func:`json_chunks` writes any size)."""
    return _head(ev, opts, {name: list(_python_rows(table, fix))
                            for name, (table, fix) in _sections(ev, opts).items()})


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False)


def json_chunks(ev: Evaluation, opts: ReportOptions) -> Iterator[str]:
    """The JSON report as text, in pieces, a few thousand rows at a time: exactly the text
    of ``json.dumps(json_document(ev, opts), indent=1)`` and a final newline, without ever
    holding every row as Python objects."""
    sections = _sections(ev, opts)
    marks = {name: f"\x00kampungkb:{name}\x00" for name in sections}
    text = _dumps(_head(ev, opts, marks))
    for name, (table, fix) in sections.items():
        before, mark, text = text.partition(_dumps(marks[name]))
        if not mark:  # pragma: no cover - the head always holds every mark
            raise RuntimeError(f"JSON layout: no place for {name!r}")
        yield before
        if table.num_rows == 0:
            yield "[]"
            continue
        yield "["
        sep = "\n"
        for row in _python_rows(table, fix):
            # a row sits two levels deep (document → array): every line two spaces in
            yield sep + "  " + _dumps(row).replace("\n", "\n  ")
            sep = ",\n"
        yield "\n ]"
    yield text + "\n"


def json_text(ev: Evaluation, opts: ReportOptions) -> str:
    """The JSON report as text (UTF-8, indented, keys in the documented order)."""
    return "".join(json_chunks(ev, opts))
