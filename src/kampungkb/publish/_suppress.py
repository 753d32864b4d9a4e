"""Small-cell suppression of results: primary by a threshold, secondary against subtraction.

A *cell* is one results row (set, indicator, region, level, period, category).  Only indicators
whose numerator counts people (records of persons, families, marriages, violence cases and
victims, child measurements, or people in monthly reports) are subject to suppression; counts of
groups, interventions and village institutions are not personal and are published as they are.

* **Primary**: a cell is suppressed when its numerator, its denominator, or the people it leaves
  out (denominator − numerator) is between 1 and ``min_count − 1``.  Zero is published.
* **Secondary**: a published total minus its published parts must never reveal a suppressed
  part.  Two kinds of total are protected: a region and the regions one level below it (a
  district and its villages, a regency and its districts, the province and its regencies), and
  a total row and its disaggregation categories.  A total and its parts form a *group*; no
  group may have exactly one suppressed cell.  When a group has one — a part under a
  published total, or a suppressed total over published parts (the parts would add up to
  it) — its smallest published part is suppressed too, or the total when it has no other
  part.  Repeated until nothing changes (suppressing a cell can expose another group).
  Within the regional hierarchy this is enough: no linear combination of published cells
  gives a suppressed one (each suppressed cell can be changed, with others, keeping every
  published sum).

The whole computation is a few grouped SQL passes per round over the results (DuckDB), linear in
the number of rows per round.
"""

from __future__ import annotations

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from kampungkb.engine._duck import fetch_arrow
from kampungkb.engine._results import LEVELS

__all__ = ["MAX_ROUNDS", "suppress_cells"]

#: A bound on the rounds of secondary suppression (each round hides at least one more cell, so
#: a finite table settles; in practice a few rounds do).
MAX_ROUNDS = 1000

#: level -> the level above it
_PARENT_LEVEL = {"village": "district", "district": "regency", "regency": "province"}


def _parent_sql() -> tuple[str, str]:
    level = " ".join(f"WHEN '{lv}' THEN '{up}'" for lv, up in _PARENT_LEVEL.items())
    code = " ".join(f"WHEN '{lv}' THEN left(region_code, {LEVELS[up]})"
                    for lv, up in _PARENT_LEVEL.items())
    return f"CASE level {level} END", f"CASE level {code} END"


def _primary_sql(min_count: int) -> str:
    def small(x: str) -> str:
        return f"(coalesce({x}, 0) > 0 AND {x} < {min_count})"

    return (f"eligible AND ({small('numerator')} OR {small('denominator')} OR "
            f"{small('denominator - numerator')})")


_GROUPS_SQL = """
CREATE OR REPLACE TEMP TABLE _groups AS
-- regions: the parent of a row one level up (same set, indicator, period, category)
SELECT c.id AS child, p.id AS parent, '' AS part_of
FROM _cells c JOIN _cells p
  ON p.level = c.parent_level AND p.region_code = c.parent_code
 AND p.set_id = c.set_id AND p.set_version = c.set_version
 AND p.indicator_id = c.indicator_id AND p.period = c.period
 AND p.disaggregation IS NOT DISTINCT FROM c.disaggregation
 AND p.category IS NOT DISTINCT FROM c.category
WHERE c.eligible
UNION ALL
-- categories: the total row of the same region (one sum per disaggregation)
SELECT c.id AS child, p.id AS parent, c.disaggregation AS part_of
FROM _cells c JOIN _cells p
  ON p.disaggregation IS NULL AND c.disaggregation IS NOT NULL
 AND p.region_code = c.region_code AND p.level = c.level
 AND p.set_id = c.set_id AND p.set_version = c.set_version
 AND p.indicator_id = c.indicator_id AND p.period = c.period
WHERE c.eligible
"""

_ROUND_SQL = """
WITH g AS (
  SELECT g.parent, g.part_of, g.child, c.suppressed AS child_suppressed, c.numerator,
    c.region_code, c.category, p.suppressed AS parent_suppressed
  FROM _groups g JOIN _cells c ON c.id = g.child JOIN _cells p ON p.id = g.parent
),
exposed AS (  -- groups (a total and its parts) with exactly one hidden cell
  SELECT parent, part_of FROM g GROUP BY parent, part_of
  HAVING count(*) FILTER (WHERE child_suppressed)
    + CASE WHEN bool_or(parent_suppressed) THEN 1 ELSE 0 END = 1
),
pick AS (  -- the smallest published part of each such group (or the total itself)
  SELECT e.parent,
    arg_min(g.child, (coalesce(g.numerator, 0), g.region_code, coalesce(g.category, '')))
      FILTER (WHERE NOT g.child_suppressed) AS child
  FROM exposed e JOIN g USING (parent, part_of) GROUP BY e.parent, e.part_of
)
SELECT coalesce(child, parent) AS id FROM pick
"""


#: Hidden cells of one crossed component (regions x categories) checked by linear algebra; a
#: larger component hides every category cell of its indicator and period instead.
AUDIT_LIMIT = 400

_CROSSED_SQL = """
WITH k AS (
  SELECT DISTINCT set_id, set_version, indicator_id, period FROM _cells
  WHERE eligible AND disaggregation IS NOT NULL
)
SELECT g.parent, g.part_of, g.child,
  c.set_id || chr(31) || c.set_version || chr(31) || c.indicator_id || chr(31) || c.period
    AS key
FROM _groups g JOIN _cells c ON c.id = g.child
SEMI JOIN k USING (set_id, set_version, indicator_id, period)
"""


_Sum = tuple[int, str]  # a total's row and the kind of its parts


def _audit_crossed(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Cells to hide so that no hidden cell of a disaggregated indicator follows from the
    published ones by any combination of sums.

    A disaggregated indicator crosses two hierarchies (regions, and a total with its
    categories); there the group rule can leave a hidden cell that several totals together
    give away. Its hidden cells are split into components (cells sharing a sum); in each, the
    equations ``total - sum(parts) = published values`` restricted to the hidden cells
    determine a hidden cell exactly when every solution of the homogeneous system leaves it
    unchanged (a zero column of the null space). For each such cell the smallest published
    cell sharing a sum with it is hidden too. A component larger than :data:`AUDIT_LIMIT`
    hides every category cell of its indicator and period (the totals then form a single
    hierarchy, which the group rule protects).
    """
    pairs = fetch_arrow(con, _CROSSED_SQL)
    if pairs.num_rows == 0:
        return []
    flags = fetch_arrow(con, "SELECT suppressed, coalesce(numerator, 0) FROM _cells ORDER BY id")
    hidden = flags.column(0).to_numpy(zero_copy_only=False).astype(bool)
    numerator = flags.column(1).to_numpy(zero_copy_only=False).astype(float)
    parent = pairs.column("parent").to_pylist()
    part_of = pairs.column("part_of").to_pylist()
    child = pairs.column("child").to_pylist()
    key = pairs.column("key").to_pylist()
    # one sum per total and kind of part (regions below, or one disaggregation's categories);
    # the total comes first
    members: dict[_Sum, list[int]] = {}
    key_of: dict[_Sum, str] = {}
    for p, kind, c, k in zip(parent, part_of, child, key, strict=True):
        members.setdefault((p, kind), [p]).append(c)
        key_of[(p, kind)] = k
    picked: set[int] = set()
    for eqs in _components(members, hidden):
        cols = sorted({c for eq in eqs for c in members[eq] if hidden[c]})
        if len(cols) > AUDIT_LIMIT:
            picked.update(_every_category(con, {key_of[eq] for eq in eqs}))
            continue
        for cell in _determined(eqs, cols, members, hidden):
            near = [c for eq in eqs if cell in members[eq] for c in members[eq]
                    if not hidden[c] and c not in picked]
            if not near:
                near = [c for eq in eqs for c in members[eq] if not hidden[c] and c not in picked]
            if near:
                picked.add(min(near, key=lambda c: (numerator[c], c)))
            else:  # pragma: no cover - a component of hidden cells alone is never determined
                picked.update(_every_category(con, {key_of[eq] for eq in eqs}))
    return sorted(picked - set(np.flatnonzero(hidden).tolist()))



def _components(members: dict[_Sum, list[int]],
                hidden: npt.NDArray[np.bool_]) -> list[list[_Sum]]:
    """The sums holding hidden cells, in groups joined by the hidden cells they share."""
    root: dict[int, int] = {}

    def find(x: int) -> int:
        while root.setdefault(x, x) != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for cells in members.values():
        shown = [c for c in cells if hidden[c]]
        for c in shown[1:]:
            root[find(c)] = find(shown[0])
    parts: dict[int, list[_Sum]] = {}
    for eq, cells in members.items():
        shown = [c for c in cells if hidden[c]]
        if shown:
            parts.setdefault(find(shown[0]), []).append(eq)
    return list(parts.values())


def _determined(eqs: list[_Sum], cols: list[int], members: dict[_Sum, list[int]],
                hidden: npt.NDArray[np.bool_]) -> list[int]:
    """The hidden cells ``cols`` that the sums ``eqs`` determine: those every solution of
    the homogeneous system leaves at zero (a zero column of its null space)."""
    pos = {c: j for j, c in enumerate(cols)}
    matrix = np.zeros((len(eqs), len(cols)))
    for i, eq in enumerate(eqs):
        for c in members[eq]:
            if hidden[c]:
                matrix[i, pos[c]] += 1.0 if c == eq[0] else -1.0
    _, sv, vt = np.linalg.svd(matrix)
    rank = int((sv > 1e-9 * max(1.0, float(sv.max(initial=0.0)))).sum())
    null = vt[rank:]
    free = np.abs(null).max(axis=0) > 1e-9 if null.size else np.zeros(len(cols), bool)
    return [cols[j] for j in np.flatnonzero(~free)]


def _every_category(con: duckdb.DuckDBPyConnection, keys: set[str]) -> list[int]:
    """The published category cells of these indicators and periods."""
    rows = con.execute(
        "SELECT id FROM _cells WHERE eligible AND NOT suppressed AND disaggregation IS NOT NULL "
        "AND list_contains($keys, set_id || chr(31) || set_version || chr(31) || indicator_id "
        "|| chr(31) || period)", {"keys": sorted(keys)}).fetchall()
    return [r[0] for r in rows]


def suppress_cells(table: pa.Table, eligible: pa.Array, min_count: int) -> pa.Table:
    """``suppressed`` (bool) and ``suppression`` (``primary``/``secondary``/null) per row.

    Args:
        table: results rows (the columns of :data:`kampungkb.engine.RESULT_SCHEMA`).
        eligible: per row, whether the indicator counts people (only those are suppressed).
        min_count: the smallest count published (counts 1 … ``min_count − 1`` are hidden).

    Returns:
        Two columns, in the order of ``table``'s rows.
    """
    con = duckdb.connect()
    try:
        cells = table.select(["set_id", "set_version", "indicator_id", "region_code", "level",
                              "period", "disaggregation", "category", "numerator",
                              "denominator"])
        cells = cells.append_column("eligible", eligible)
        cells = cells.append_column("id", pa.array(np.arange(table.num_rows, dtype=np.int64)))
        con.register("_in", cells)
        parent_level, parent_code = _parent_sql()
        con.execute(f"CREATE TEMP TABLE _cells AS SELECT *, {_primary_sql(min_count)} AS "
                    f"primary_hit, false AS secondary, {parent_level} AS parent_level, "
                    f"{parent_code} AS parent_code FROM _in")
        con.execute("ALTER TABLE _cells ADD COLUMN suppressed BOOLEAN")
        con.execute("UPDATE _cells SET suppressed = primary_hit")
        con.execute(_GROUPS_SQL)
        for _ in range(MAX_ROUNDS):
            picked = [p[0] for p in con.execute(_ROUND_SQL).fetchall()]
            if not picked:
                picked = _audit_crossed(con)  # the groups are settled: check the crossings
            if not picked:
                break
            con.register("_picked", pa.table({"id": pa.array(picked, pa.int64())}))
            con.execute("UPDATE _cells SET suppressed = true, secondary = true "
                        "WHERE id IN (SELECT id FROM _picked)")
            con.unregister("_picked")
        else:  # pragma: no cover - each round hides at least one cell of a finite table
            raise RuntimeError("secondary suppression did not settle")
        return fetch_arrow(con, """
            SELECT coalesce(suppressed, false) AS suppressed,
              CASE WHEN primary_hit THEN 'primary' WHEN secondary THEN 'secondary' END
                AS suppression
            FROM _cells ORDER BY id""")
    finally:
        con.close()
