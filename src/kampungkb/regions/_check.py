"""Opt-in check of a validation result's village codes against the region editions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
import pyarrow as pa

from kampungkb.labels import text as label_text
from kampungkb.regions._history import RegionEditions, packaged

__all__ = ["check_editions"]

_R = TypeVar("_R")


def check_editions(result: _R, *, history: RegionEditions | None = None,
                   editions: Mapping[str, str] | None = None) -> _R:
    """Add a ``village_edition`` warning to an :class:`~kampungkb.io.IngestResult`'s report for
    every village code (per table and period) that is not in the region edition of its period.

    Opt-in, after :func:`kampungkb.io.validate_path` / ``validate_data``::

        result = kampungkb.regions.check_editions(kampungkb.io.validate_path("data/"))

    Rows stay accepted (a warning rejects nothing); ``row`` is empty and the message says how
    many rows hold the code.  Snapshot tables use their ``period`` column; event tables the
    year of their date.  The demo's village codes are fictional: checking them reports them.

    Args:
        result: what ``validate_path`` / ``validate_data`` returned.
        history: the editions (default: the packaged ones).
        editions: ``{period: edition id}`` overriding the edition in force.

    Returns:
        The same kind of result with the warnings added to ``report.problems``.
    """
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    history = history or packaged()
    report: Any = getattr(result, "report")  # noqa: B009 - duck-typed: no import of io
    tables: Mapping[str, pa.Table] = getattr(result, "tables")  # noqa: B009
    files = {f.table: f for f in report.files}
    extra: list[dict[str, object]] = []
    for name, table in tables.items():
        if "village_code" not in table.column_names or table.num_rows == 0:
            continue
        if "period" in table.column_names:
            periods = table["period"].cast(pa.string())
        elif "date" in table.column_names:
            periods = pc.utf8_slice_codeunits(table["date"].cast(pa.string()), 0, 4)
        else:
            continue
        found = history.check_village_codes(table["village_code"], periods, editions=editions)
        if found.num_rows == 0:
            continue
        # one warning per distinct (code, period), with how many rows hold it
        grouped = found.group_by(["value", "period"], use_threads=False).aggregate(
            [("message_id", "first"), ("message_en", "first"), ("value", "count")])
        source = files.get(name)
        for row in grouped.rename_columns(
                ["value", "period", "message_id", "message_en", "n"]).to_pylist():
            n = row["n"]
            rows = "regions.rows_one" if n == 1 else "regions.rows_many"
            extra.append({
                "file": source.file if source else f"<{name}>",
                "sheet": source.sheet if source else None,
                "table": name, "row": None, "column": "village_code", "value": row["value"],
                "rule": "village_edition", "severity": "warning",
                "message_id": label_text(rows, "id", message=row["message_id"], count=n),
                "message_en": label_text(rows, "en", message=row["message_en"], count=n),
            })
    if not extra:
        return result
    problems = pa.concat_tables([
        report.problems, pa.Table.from_pylist(extra, schema=report.problems.schema)])
    added: dict[tuple[object, object], int] = {}
    for p in extra:  # each source's count of problems includes its new warnings
        added[(p["file"], p["sheet"])] = added.get((p["file"], p["sheet"]), 0) + 1
    summaries = tuple(attrs.evolve(f, problems=f.problems + added.get((f.file, f.sheet), 0))
                      for f in report.files)
    return attrs.evolve(result, report=attrs.evolve(  # type: ignore[misc]
        report, problems=problems, files=summaries))
