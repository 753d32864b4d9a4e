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
  a total row and its disaggregation categories.  Whenever a published total has exactly one
  suppressed part, the smallest published part is suppressed too; a total with a single part
  is suppressed with it.  Repeated until nothing changes (suppressing a part of one total can
  expose another).

The whole computation is a few grouped SQL passes per round over the results (DuckDB), linear in
the number of rows per round.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from kampungkb.engine._duck import fetch_arrow
from kampungkb.engine._results import LEVELS

__all__ = ["MAX_ROUNDS", "suppress_cells"]

#: Secondary suppression stops after this many rounds (each round suppresses at least one cell
#: while it runs; in practice two or three rounds settle).
MAX_ROUNDS = 50

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
SELECT c.id AS child, p.id AS parent
FROM _cells c JOIN _cells p
  ON p.level = c.parent_level AND p.region_code = c.parent_code
 AND p.set_id = c.set_id AND p.set_version = c.set_version
 AND p.indicator_id = c.indicator_id AND p.period = c.period
 AND p.disaggregation IS NOT DISTINCT FROM c.disaggregation
 AND p.category IS NOT DISTINCT FROM c.category
WHERE c.eligible
UNION ALL
-- categories: the total row of the same region
SELECT c.id AS child, p.id AS parent
FROM _cells c JOIN _cells p
  ON p.disaggregation IS NULL AND c.disaggregation IS NOT NULL
 AND p.region_code = c.region_code AND p.level = c.level
 AND p.set_id = c.set_id AND p.set_version = c.set_version
 AND p.indicator_id = c.indicator_id AND p.period = c.period
WHERE c.eligible
"""

_ROUND_SQL = """
WITH g AS (
  SELECT g.parent, g.child, c.suppressed AS child_suppressed, c.numerator, c.region_code,
    c.category, p.suppressed AS parent_suppressed
  FROM _groups g JOIN _cells c ON c.id = g.child JOIN _cells p ON p.id = g.parent
),
exposed AS (  -- published totals with exactly one suppressed part
  SELECT parent, count(*) AS parts FROM g WHERE NOT parent_suppressed
  GROUP BY parent HAVING count(*) FILTER (WHERE child_suppressed) = 1
),
pick AS (  -- the smallest published part of each exposed total (or the total itself)
  SELECT e.parent,
    arg_min(g.child, (coalesce(g.numerator, 0), g.region_code, coalesce(g.category, '')))
      FILTER (WHERE NOT g.child_suppressed) AS child
  FROM exposed e JOIN g USING (parent) GROUP BY e.parent
)
SELECT coalesce(child, parent) AS id FROM pick
"""


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
            picked = con.execute(_ROUND_SQL).fetchall()
            if not picked:
                break
            con.register("_picked", pa.table({"id": pa.array([p[0] for p in picked],
                                                             pa.int64())}))
            con.execute("UPDATE _cells SET suppressed = true, secondary = true "
                        "WHERE id IN (SELECT id FROM _picked)")
            con.unregister("_picked")
        return fetch_arrow(con, """
            SELECT coalesce(suppressed, false) AS suppressed,
              CASE WHEN primary_hit THEN 'primary' WHEN secondary THEN 'secondary' END
                AS suppression
            FROM _cells ORDER BY id""")
    finally:
        con.close()
