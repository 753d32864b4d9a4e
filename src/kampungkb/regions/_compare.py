"""Comparable geography across two editions: a split village is compared as the union of its
parts, merged villages on the later (merged) geography, a recoded village under its new code."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pyarrow as pa

from kampungkb.errors import RegionCodeError
from kampungkb.labels import Lang
from kampungkb.labels import text as label_text
from kampungkb.models._regions import RegionCode
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
        # dotted or not, padded: normalised as everywhere else (a malformed one is an error)
        wanted = sorted({(history.edition(e).id, str(RegionCode(c))) for c, e in codes.items()})
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
        said: Lang = "en" if lang == "en" else "id"
        if self.from_edition == self.to_edition:
            return label_text("regions.note_same_edition", said, edition=self.from_edition)
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.methods.items()))
        return label_text("regions.note_editions_differ", said, from_edition=self.from_edition,
                          to_edition=self.to_edition, methods=parts)


def _take_lookup(values: pa.ChunkedArray | pa.Array, lookup: Mapping[Any, str]) -> pa.Array:
    """``lookup[v]`` for every value (``""`` where absent or null), through the distinct values."""
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    keys = list(lookup)
    if not keys:
        return pa.array([""] * len(values), pa.string())
    found = pc.index_in(values, value_set=pa.array(keys, values.type))
    mapped = pc.fill_null(pc.take(pa.array([lookup[k] for k in keys], pa.string()), found), "")
    return mapped.combine_chunks() if isinstance(mapped, pa.ChunkedArray) else mapped


def _row_editions(dataset: Dataset, name: str, table: pa.Table, *, history: RegionEditions,
                  editions: Mapping[str, str],
                  spans: list[tuple[dt.date, dt.date, str]]) -> pa.Array | None:
    """Each row's edition id (``a``, ``b`` or other) of table ``name``, or None (no period).

    Worked out once per distinct period or date, then spread over the rows (columnar).
    """
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    schema = dataset.schema(name)
    if schema.period_column and schema.period_column in table.column_names:
        periods = table[schema.period_column].cast(pa.string())
        lookup = {}
        for p in pc.unique(periods).to_pylist():
            if p is None:
                continue
            try:
                lookup[p] = editions.get(p) or history.edition_for(p).id
            except RegionCodeError:  # not a period: left as is
                lookup[p] = ""
        return _take_lookup(periods, lookup)
    if schema.date_column and schema.date_column in table.column_names:
        dates = table[schema.date_column]
        if not pa.types.is_date(dates.type):
            dates = pc.cast(pc.utf8_slice_codeunits(dates.cast(pa.string()), 0, 10),
                            pa.date32())
        by_day = {}
        for day in pc.unique(dates).to_pylist():
            if day is None:
                continue
            found = next((e for s, t, e in spans if s <= day <= t), None)
            by_day[day] = found or history.edition_for(day).id
        return _take_lookup(dates, by_day)
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
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

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
    per_table: dict[str, tuple[pa.Table, pa.Array]] = {}
    keyed: set[tuple[str, str]] = set()
    in_b = pa.array(sorted(vb), pa.string())
    in_a = pa.array(sorted(va), pa.string())
    for name in dataset.table_names:
        region = dataset.schema(name).region_column
        raw = dataset.query(f'SELECT * FROM "{name}__raw"')
        if region not in raw.column_names:
            continue
        codes = raw[region].cast(pa.string())
        row_eds = _row_editions(dataset, name, raw, history=history, editions=editions,
                                spans=spans)
        if row_eds is None:  # no period: the follow-up's edition when the code is in it
            row_eds = pc.if_else(pc.is_in(codes, value_set=in_b), b,
                                 pc.if_else(pc.is_in(codes, value_set=in_a), a, b))
        eds = row_eds.combine_chunks() if isinstance(row_eds, pa.ChunkedArray) else row_eds
        pairs = pa.table({"code": codes, "ed": eds}).group_by(["code", "ed"]).aggregate([])
        keyed.update((c, e) for c, e in zip(pairs["code"].to_pylist(), pairs["ed"].to_pylist(),
                                            strict=True)
                     if c is not None and e in (a, b))  # distinct codes, not rows
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


def _replace(dataset: Dataset, per_table: Mapping[str, tuple[pa.Table, pa.Array]],
             mapping_rows: Mapping[tuple[str, str], Mapping[str, Any]]
             ) -> tuple[dict[str, pa.Table], bool]:
    """Each table with its village codes replaced by their comparable codes (a join on the
    distinct codes, not a loop over rows)."""
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    changed = False
    new_tables: dict[str, pa.Table] = {}
    keys = [(e, c) for (e, c), row in mapping_rows.items() if row["comparable_code"] != c]
    mapping = pa.table({
        "ed": pa.array([e for e, _ in keys], pa.string()),
        "code": pa.array([c for _, c in keys], pa.string()),
        "comparable": pa.array([mapping_rows[k]["comparable_code"] for k in keys], pa.string()),
    })
    for name, (raw, eds) in per_table.items():
        schema = dataset.schema(name)
        codes = raw[schema.region_column].cast(pa.string())
        rows = pa.table({"row_": pa.array(np.arange(raw.num_rows, dtype=np.int64)), "ed": eds,
                         "code": codes})
        joined = rows.join(mapping, ["ed", "code"], join_type="left outer").sort_by("row_")
        table = raw
        if joined["comparable"].null_count < joined.num_rows:
            changed = True
            replaced = pc.coalesce(joined["comparable"], joined["code"])
            idx = raw.column_names.index(schema.region_column)
            table = raw.set_column(idx, schema.region_column, replaced)
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
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    cols = [k for k in key if k in table.column_names]
    if not cols:
        return table
    order = pa.array(np.arange(table.num_rows, dtype=np.int64))
    rows = table.select(cols).append_column("row_", order)
    first = rows.group_by(cols, use_threads=False).aggregate([("row_", "min")])["row__min"]
    return table.take(pc.take(first, pc.sort_indices(first)))
