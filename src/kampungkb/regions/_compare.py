"""Comparable geography across two editions: a split village is compared as the union of its
parts, merged villages on the later (merged) geography, a recoded village under its new code."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.errors import RegionCodeError
from kampungkb.regions._editions import Edition, period_end
from kampungkb.regions._history import RegionEditions, packaged

if TYPE_CHECKING:
    from kampungkb.engine import Dataset

__all__ = ["COMPARABLE_METHODS", "Comparable", "comparable_codes", "make_comparable"]

#: How a village is made comparable (the ``method`` column).
COMPARABLE_METHODS: dict[str, str] = {
    "same": "the same code in both editions (renamed or not)",
    "recoded": "one village under a new code: compared under the later code",
    "merged": "several villages became one: compared on the later geography (the merged "
              "village; the earlier parts are summed)",
    "split": "one village became several: compared as the union of its parts, under the "
             "earlier code",
    "union": "several villages reorganised into several: compared as the union, under the "
             "smallest earlier code",
    "no_counterpart": "no counterpart in the other edition (an added village of unknown "
                      "origin, or a removed one): compared as is",
    "not_in_edition": "the code is not in its edition: left as is",
}
_LINKS = frozenset({"rename", "code_change", "split", "merge"})
_SCHEMA = pa.schema([
    ("edition", pa.string()), ("region_code", pa.string()), ("comparable_code", pa.string()),
    ("method", pa.string()), ("from_codes", pa.list_(pa.string())),
    ("to_codes", pa.list_(pa.string())),
])


def _units(history: RegionEditions, a: str, b: str) -> dict[tuple[str, str], tuple[list[str],
                                                                                   list[str]]]:
    """``{(side, code): (codes in a, codes in b)}`` of the connected units between a and b."""
    va, vb = history.villages(a), history.villages(b)
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(x: tuple[str, str], y: tuple[str, str]) -> None:
        parent.setdefault(x, x)
        parent.setdefault(y, y)
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[ry] = rx

    for change in history.changes(a, b).level("village"):
        if change.kind in _LINKS and change.old_code in va and change.new_code in vb:
            union(("a", change.old_code), ("b", change.new_code))
    groups: dict[tuple[str, str], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for node in parent:
        olds, news = groups[find(node)]
        (olds if node[0] == "a" else news).append(node[1])
    out = {}
    for olds, news in groups.values():
        unit = (sorted(olds), sorted(news))
        for code in olds:
            out[("a", code)] = unit
        for code in news:
            out[("b", code)] = unit
    return out


def _classify(side: str, code: str, unit: tuple[list[str], list[str]] | None,
              known: bool) -> tuple[str, str, list[str], list[str]]:
    if not known:
        return code, "not_in_edition", [], []
    if unit is None:  # not touched by any linking change
        return code, ("same" if side == "both" else "no_counterpart"), [code] if side != "b" \
            else [], [code] if side != "a" else []
    olds, news = unit
    if len(olds) == 1 and len(news) == 1:
        return news[0], ("same" if olds == news else "recoded"), olds, news
    if len(news) == 1:
        return news[0], "merged", olds, news
    if len(olds) == 1:
        return olds[0], "split", olds, news
    return olds[0], "union", olds, news


def comparable_codes(from_edition: str | Edition, to_edition: str | Edition,
                     codes: Mapping[str, str | Edition] | None = None, *,
                     history: RegionEditions | None = None) -> pa.Table:
    """The mapping table village code → comparable code between two editions.

    Villages linked by the crosswalk (:meth:`RegionEditions.changes`, village level: renames,
    code changes, splits, merges) form units; every code of a unit gets the unit's comparable
    code: the later code for a recode or a merge (the later geography), the earlier code for a
    split (the union of its parts), the smallest earlier code for a many-to-many
    reorganisation.  Codes of both editions map consistently, so grouping each period's rows
    by ``comparable_code`` compares like with like.

    Args:
        from_edition, to_edition: the baseline's edition and the follow-up's.
        codes: ``{code: edition it is in}`` — only these rows (default: every village of both
            editions).  A code not in its edition maps to itself (``not_in_edition``).
        history: the editions (default: the packaged ones).

    Returns:
        Arrow table ``edition, region_code, comparable_code, method, from_codes, to_codes``
        (``method`` one of :data:`COMPARABLE_METHODS`; ``from_codes`` / ``to_codes`` are the
        unit's codes in each edition), sorted by edition and code.
    """
    history = history or packaged()
    a, b = history.edition(from_edition).id, history.edition(to_edition).id
    units = _units(history, a, b) if a != b else {}
    va, vb = history.villages(a), history.villages(b)
    if codes is None:
        wanted = [(a, c) for c in sorted(va)] + ([(b, c) for c in sorted(vb)] if b != a else [])
    else:
        wanted = sorted({(history.edition(e).id, c) for c, e in codes.items()})
    rows = []
    for ed, code in wanted:
        side = "a" if ed == a else "b" if ed == b else ""
        known = code in (va if side == "a" else vb if side == "b" else ())
        unit = units.get((side, code))
        in_both = code in va and code in vb
        comp, method, olds, news = _classify("both" if in_both and unit is None else side,
                                             code, unit, known)
        rows.append({"edition": ed, "region_code": code, "comparable_code": comp,
                     "method": method, "from_codes": olds, "to_codes": news})
    return pa.Table.from_pylist(rows, schema=_SCHEMA)


@attrs.frozen
class Comparable:
    """A dataset made comparable across two editions (see :func:`make_comparable`).

    Attributes:
        dataset: the dataset with every village code replaced by its comparable code (the
            same object as the input when nothing needed changing).
        mapping: the rows of :func:`comparable_codes` for the codes the data holds, with a
            ``period`` column (the period type's key, or ``None`` for tables without one).
        from_edition, to_edition: the baseline's and the follow-up's edition ids.
        methods: ``{method: number of distinct codes}`` for the codes the data holds.
        changed: whether any code was replaced.
    """

    dataset: Dataset
    mapping: pa.Table
    from_edition: str
    to_edition: str
    methods: dict[str, int]
    changed: bool

    def note(self, lang: str = "en") -> str:
        """One sentence for the report saying what was done (``"en"`` or ``"id"``)."""
        if self.from_edition == self.to_edition:
            return (f"Baseline and follow-up are in the same region edition ({self.from_edition})"
                    if lang == "en" else
                    f"Data awal dan data akhir memakai edisi wilayah yang sama "
                    f"({self.from_edition})")
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.methods.items()))
        if lang == "en":
            return (f"Region editions differ ({self.from_edition} → {self.to_edition}); "
                    f"villages compared on comparable geography: {parts}")
        return (f"Edisi wilayah berbeda ({self.from_edition} → {self.to_edition}); desa "
                f"dibandingkan pada wilayah yang setara: {parts}")


def _row_editions(dataset: Dataset, name: str, table: pa.Table, *, history: RegionEditions,
                  editions: Mapping[str, str],
                  spans: list[tuple[dt.date, dt.date, str]]) -> pa.Array | None:
    """Each row's edition id (``a``, ``b`` or other) of table ``name``, or None (no period)."""
    schema = dataset.schema(name)
    if schema.period_column and schema.period_column in table.column_names:
        periods = table[schema.period_column].cast(pa.string())
        uniq = pc.unique(periods).to_pylist()
        lookup = {}
        for p in uniq:
            if p is None:
                continue
            try:
                lookup[p] = editions.get(p) or history.edition_for(p).id
            except RegionCodeError:  # not a period: left as is
                lookup[p] = ""
        return pa.array([lookup.get(p, "") if p is not None else "" for p in periods.to_pylist()])
    if schema.date_column and schema.date_column in table.column_names:
        out = []
        for d in table[schema.date_column].to_pylist():
            if d is None:
                out.append("")
                continue
            day = d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)[:10])
            found = next((e for s, t, e in spans if s <= day <= t), None)
            out.append(found or history.edition_for(day).id)
        return pa.array(out, pa.string())
    return None


def make_comparable(dataset: Dataset, *, baseline: str, followup: str,
                    editions: Mapping[str, str] | None = None,
                    history: RegionEditions | None = None) -> Comparable:
    """Replace every village code of ``dataset`` by its comparable code between the baseline's
    and the follow-up's editions, so an evaluation compares like with like.

    Each row's edition is that of its period (snapshot tables), of the period its date falls
    in (events: the baseline's or the follow-up's, else the edition in force that day), or —
    tables without periods (villages, PATBM, home industries) — the follow-up's edition when
    the code is in it, else the baseline's.  Codes not in their edition (e.g. the fictional
    demo villages, or data already recoded) are left as they are.

    Roll-up: the comparable codes keep the prefix hierarchy of the edition they come from
    (the later one for recodes and merges, the earlier for splits); to roll up each period on
    its own edition, compute the higher levels on the original dataset.

    Args:
        dataset: a :class:`~kampungkb.Dataset` holding both periods.
        baseline, followup: the periods compared (``"2017"``, ``"2019"``).
        editions: ``{period: edition id}`` overriding the edition in force (data recoded to
            one edition: ``{"2017": "2025", "2019": "2025"}``).
        history: the editions (default: the packaged ones).

    Returns:
        :class:`Comparable` with the new dataset, the mapping and what was done.
    """
    history = history or packaged()
    editions = dict(editions or {})
    a = editions.get(str(baseline)) or history.edition_for(str(baseline)).id
    b = editions.get(str(followup)) or history.edition_for(str(followup)).id
    a, b = history.edition(a).id, history.edition(b).id
    empty = pa.Table.from_pylist([], schema=_SCHEMA.append(pa.field("period", pa.string())))
    if a == b:
        return Comparable(dataset, empty, a, b, {}, False)
    spans = [(_start(str(baseline)), period_end(str(baseline)), a),
             (_start(str(followup)), period_end(str(followup)), b)]
    va, vb = history.villages(a), history.villages(b)
    per_table: dict[str, tuple[pa.Table, list[str]]] = {}
    keyed: list[tuple[str, str]] = []
    for name in dataset.table_names:
        region = dataset.schema(name).region_column
        raw = dataset.query(f'SELECT * FROM "{name}__raw"')
        if region not in raw.column_names:
            continue
        row_eds = _row_editions(dataset, name, raw, history=history, editions=editions,
                                spans=spans)
        codes = raw[region].cast(pa.string()).to_pylist()
        eds = []
        for i, code in enumerate(codes):
            ed = row_eds[i].as_py() if row_eds is not None else (
                b if code in vb else a if code in va else b)
            eds.append(ed)
            if code is not None and ed in (a, b):
                keyed.append((code, ed))
        per_table[name] = (raw, eds)
    mapping_rows: dict[tuple[str, str], dict[str, Any]] = {}
    if keyed:
        table = comparable_codes(a, b, {c: e for c, e in keyed if e == a}, history=history)
        table2 = comparable_codes(a, b, {c: e for c, e in keyed if e == b}, history=history)
        for row in [*table.to_pylist(), *table2.to_pylist()]:
            mapping_rows[(row["edition"], row["region_code"])] = row
    new_tables, changed = _replace(dataset, per_table, mapping_rows)
    methods: dict[str, int] = defaultdict(int)
    for row in mapping_rows.values():
        methods[row["method"]] += 1
    mapping = pa.Table.from_pylist(list(mapping_rows.values()), schema=_SCHEMA)
    period_of = {a: str(baseline), b: str(followup)}
    mapping = mapping.append_column(
        "period", pa.array([period_of.get(e) for e in mapping["edition"].to_pylist()],
                           pa.string()))
    if not changed:
        return Comparable(dataset, mapping, a, b, dict(methods), False)
    from kampungkb.engine import Dataset as _Dataset  # noqa: PLC0415 - engine loads on demand

    new = _Dataset.from_tables(new_tables, schemas=dataset.schemas,
                               definitions=dataset.definitions,
                               source=f"{dataset.source} (comparable {a}→{b})")
    return Comparable(new, mapping, a, b, dict(methods), True)


def _replace(dataset: Dataset, per_table: Mapping[str, tuple[pa.Table, list[str]]],
             mapping_rows: Mapping[tuple[str, str], Mapping[str, Any]]
             ) -> tuple[dict[str, pa.Table], bool]:
    """Each table with its village codes replaced by their comparable codes."""
    changed = False
    new_tables: dict[str, pa.Table] = {}
    for name, (raw, eds) in per_table.items():
        schema = dataset.schema(name)
        codes = raw[schema.region_column].cast(pa.string()).to_pylist()
        replaced = []
        for code, ed in zip(codes, eds, strict=True):
            row = mapping_rows.get((ed, code)) if code is not None else None
            replaced.append(row["comparable_code"] if row else code)
        table = raw
        if replaced != codes:
            changed = True
            idx = raw.column_names.index(schema.region_column)
            table = raw.set_column(idx, schema.region_column, pa.array(replaced, pa.string()))
            if schema.kind == "register":
                table = _first_per_key(table, schema.key)
        new_tables[name] = table
    return new_tables, changed


def _start(period: str) -> dt.date:
    end = period_end(period)
    text = period.strip()
    if len(text) == 4:
        return dt.date(end.year, 1, 1)
    if "-Q" in text:
        return dt.date(end.year, end.month - 2, 1)
    if len(text) == 7:
        return dt.date(end.year, end.month, 1)
    return end


def _first_per_key(table: pa.Table, key: tuple[str, ...]) -> pa.Table:
    """Register tables (villages …) keyed by the code: keep one row per comparable code."""
    cols = [k for k in key if k in table.column_names]
    if not cols:
        return table
    seen: set[tuple[Any, ...]] = set()
    keep = []
    values = list(zip(*(table[c].to_pylist() for c in cols), strict=True))
    for i, v in enumerate(values):
        if v not in seen:
            seen.add(v)
            keep.append(i)
    return table.take(pa.array(keep, pa.int64()))
