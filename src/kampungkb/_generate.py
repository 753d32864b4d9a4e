"""Write the library's generated modules (a developer's command, not a user's).

``python -m kampungkb._generate`` rewrites, from the code they are derived from:

* :mod:`kampungkb.models._canonical_data` — the canonical tables' schemas, from the record
  models (:mod:`kampungkb.models._canonical`);
* :mod:`kampungkb.indicators._prechecked_data` — the checked SQL of the packaged definitions
  (:mod:`kampungkb.indicators._prechecked`).

Run it after changing a record model's field, a packaged indicator set or measure, or the SQL
checker; the tests fail until the generated modules agree with the code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from kampungkb.indicators import Measure

__all__ = ["generated_texts", "main", "packaged_entries"]

_HERE = Path(__file__).resolve().parent


def generated_texts() -> dict[Path, str]:
    """Each generated module's path and the text it should have."""
    from kampungkb.indicators._prechecked import render_literal as checked_text  # noqa: PLC0415
    from kampungkb.models._canonical import render_literal as schemas_text  # noqa: PLC0415
    from kampungkb.models.tables import _build  # noqa: PLC0415 - the models, on purpose

    return {
        _HERE / "models" / "_canonical_data.py": schemas_text(_build()),
        _HERE / "indicators" / "_prechecked_data.py": checked_text(packaged_entries()),
    }


def packaged_entries() -> dict[tuple[str, str, str], tuple[object, ...]]:
    """Check every snippet of the sets and shared measures kampungkb ships (no plugin)."""
    from kampungkb.indicators._derived import derived_columns  # noqa: PLC0415
    from kampungkb.indicators._prechecked import column_facts  # noqa: PLC0415
    from kampungkb.indicators._validate import check_snippet  # noqa: PLC0415
    from kampungkb.plugins import load_plugins  # noqa: PLC0415

    defs = load_plugins(entry_points=False, only=()).definitions()
    measures = [*defs.measures.values(),
                *(m for s in defs.indicator_sets.values() for m in s.measures)]
    entries: dict[tuple[str, str, str], tuple[object, ...]] = {}
    for m in measures:
        for kind, sql, table in _snippets(m):
            schema = defs.schemas[table]
            extra = derived_columns(schema) if table == m.table else None
            rendered, names = check_snippet(kind, sql, schema, extra, set_id="", item_id=m.id,
                                            stored=False)
            facts = column_facts(schema, extra, names)
            entries[(kind, table, sql)] = (rendered, names, facts)
    return entries


def _snippets(m: Measure) -> list[tuple[Literal["filter", "value"], str, str]]:
    """The SQL snippets of ``m`` the checker reads: (kind, text, table)."""
    out: list[tuple[Literal["filter", "value"], str, str]] = []
    if m.filter:
        out.append(("filter", m.filter, m.table))
    if m.latest_among:
        out.append(("filter", m.latest_among, m.table))
    if m.column and m.agg == "sum":
        out.append(("value", m.column, m.table))
    if m.report:
        out.append(("value", m.report, "monthly_reports"))
    return out


def main() -> None:
    """Rewrite every generated module whose text differs."""
    for path, text in generated_texts().items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"rewrote {path}")
        else:
            print(f"up to date: {path}")


if __name__ == "__main__":
    main()
