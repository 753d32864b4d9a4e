"""The validation run: typed tables in DuckDB, the rules, the report, accepted and rejected rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import attrs
import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from kampungkb._safe import safe_header
from kampungkb.definitions._records import sql_type
from kampungkb.io._catalogue import RULES
from kampungkb.io._coerce import coerce_expr, lit, qi, type_label
from kampungkb.io._distinct import arrow_types, constant_keys
from kampungkb.io._fast import DERIVED_IDS, fast_pass, id_namespace
from kampungkb.io._mask import (
    install_mask_macros,
    norm_sql,
    safe_columns,
    safe_expr,
    vocabulary,
)
from kampungkb.io._prepare import Source
from kampungkb.io._pseudonym import PseudonymKey, install_macros
from kampungkb.io._rules import (
    PROBLEMS_DDL,
    RuleContext,
    install_districts,
    run_rules,
    table_checks,
)
from kampungkb.io._schemas import input_columns
from kampungkb.io._select import candidates, full_tables
from kampungkb.io._text import ROW_COLUMN
from kampungkb.io.mapping import ColumnMapping
from kampungkb.io.report import FileSummary, ValidationReport, problems_schema
from kampungkb.models._schema import Column, TableSchema

__all__ = ["RunOutput", "run", "shown_expr"]


@attrs.frozen(repr=False)
class RunOutput:
    """Everything one validation run produces."""

    report: ValidationReport
    accepted: dict[str, pa.Table]
    rejected: dict[str, pa.Table]
    #: every row typed (output columns + ``__i``), per table
    typed: dict[str, pa.Table] = attrs.field(factory=dict)
    #: ``__i`` of the rejected rows, per table (sorted)
    gone: dict[str, npt.NDArray[np.int64]] = attrs.field(factory=dict)


def _typed_select(src: Source, schema: TableSchema, view: str, mapping: ColumnMapping) -> str:
    """SELECT that turns ``view`` (the registered source) into the typed table's columns."""
    present = set(src.data.column_names)
    inner: list[str] = []
    for c in input_columns(schema):
        if c.name in present:
            typ = src.data.schema.field(c.name).type
            expr = coerce_expr(
                c,
                qi(c.name),
                typ,
                decimal=src.decimal,
                date_format=src.date_format,
                values=mapping.values.get(c.name),
            )
        else:
            expr = f"CAST(NULL AS {sql_type(c)})"
        inner.append(f"{expr} AS {qi(c.name)}")
    outer: list[str] = []
    for c in input_columns(schema):
        ns = id_namespace(c.name)
        x = qi(c.name)
        if c.type != "VARCHAR" or ns is None:
            outer.append(x)
            continue
        expr = (
            rf"CASE WHEN regexp_full_match({x}, '\d{{16}}') "
            f"THEN kkb_pseudo({lit(ns)}, {x}) ELSE {x} END"
        )
        derived = DERIVED_IDS.get(c.name)
        if derived and schema.has_column(c.name):
            expr = f"COALESCE({expr}, kkb_pseudo({lit(derived[0])}, {qi(derived[1])}))"
        outer.append(f"{expr} AS {x}")
    return (
        f"SELECT {', '.join(outer)}, __i, __src, __row FROM (SELECT {', '.join(inner)}, "
        f"__i, __src, {qi(ROW_COLUMN)} AS __row FROM {view})"
    )


def _type_problems(
    src: Source, schema: TableSchema, view: str, k: int, mapping: ColumnMapping
) -> list[str]:
    out = []
    for c in input_columns(schema):
        # text (and coded text) never fails on type: the enum/pattern rules report it
        if c.name not in src.data.column_names or c.type in ("VARCHAR", "VARCHAR[]"):
            continue
        typ = src.data.schema.field(c.name).type
        expr = coerce_expr(
            c,
            qi(c.name),
            typ,
            decimal=src.decimal,
            date_format=src.date_format,
            values=mapping.values.get(c.name),
        )
        raw = f"NULLIF(trim(CAST({qi(c.name)} AS VARCHAR)), '')"
        out.append(
            f"SELECT __i, {k}, {lit(src.table)}, {lit(c.name)}, 'type', NULL, "
            f"{lit(type_label(c))} FROM {view} WHERE {raw} IS NOT NULL AND ({expr}) IS NULL"
        )
    return out


def shown_expr(c: Column, mapping: ColumnMapping, owner: str = "s") -> str:
    """SQL for the value a problem on column ``c`` shows: the source cell (of ``owner``),
    made safe (see :mod:`._mask`)."""
    text = f"CAST({owner}.{qi(c.name)} AS VARCHAR)"
    if c.personal:
        return f"kkb_mask({text})" if c.name in ("nik", "kk_number") else f"kkb_shape({text})"
    return f"left({safe_expr(text, vocabulary(c, mapping))}, 80)"


def _shown_table(
    con: duckdb.DuckDBPyConnection,
    name: str,
    cols: Sequence[Column],
    *,
    present: set[str],
    mapping: ColumnMapping,
    problems: str,
) -> str | None:
    """Create ``name``: ``(col, raw, shown)`` for each distinct source cell some problem shows
    (``problems``: FROM clause joining ``__problems p`` to the source view ``s``), with the
    value :func:`shown_expr` gives it — worked out once per distinct value, and with one
    instance of each masking macro (each costs a fixed time to prepare its regular
    expressions). Returns the SQL of the raw cell text (to join on), None without columns."""
    shown = [c for c in cols if c.name in present]
    if not shown:
        return None
    raw = " ".join(f"WHEN {lit(c.name)} THEN CAST(s.{qi(c.name)} AS VARCHAR)" for c in shown)
    raw = f"CASE p.col {raw} END"
    masked = [lit(c.name) for c in shown if c.personal and c.name in ("nik", "kk_number")]
    shaped = [lit(c.name) for c in shown if c.personal and c.name not in ("nik", "kk_number")]
    known = [
        f"WHEN {lit(c.name)} THEN list_contains([{', '.join(lit(w) for w in sorted(vocab))}]"
        f"::VARCHAR[], {norm_sql('raw')})"
        for c in shown
        if not c.personal and (vocab := vocabulary(c, mapping))
    ]
    safe = "kkb_safe(raw)"
    if known:
        safe = f"CASE WHEN (CASE col {' '.join(known)} ELSE FALSE END) THEN raw ELSE {safe} END"
    value = f"left({safe}, 80)"
    if shaped:
        value = f"CASE WHEN col IN ({', '.join(shaped)}) THEN kkb_shape(raw) ELSE {value} END"
    if masked:
        value = f"CASE WHEN col IN ({', '.join(masked)}) THEN kkb_mask(raw) ELSE {value} END"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT col, raw, {value} AS shown FROM "
        f"(SELECT DISTINCT p.col, {raw} AS raw FROM {problems} AND p.value IS NULL) "
        "WHERE raw IS NOT NULL"
    )
    return raw


def _create_typed(con: duckdb.DuckDBPyConnection, name: str, schema: TableSchema) -> None:
    cols = ", ".join(f"{qi(c.name)} {sql_type(c)}" for c in input_columns(schema))
    con.execute(f"CREATE TABLE {qi('t_' + name)} ({cols}, __i BIGINT, __src INTEGER, __row BIGINT)")


def run(
    sources: Sequence[Source],
    *,
    schemas: Mapping[str, TableSchema],
    mapping: ColumnMapping,
    key: PseudonymKey,
    districts: frozenset[str] | None,
    today: dt.date,
    deferred: bool = False,
) -> RunOutput:
    """Validate ``sources`` together (duplicates and references span every source).

    ``deferred``: leave out the checks across rows (duplicate keys, references; see
    :class:`~kampungkb.io._rules.RuleContext`), for a caller that makes them itself.
    """
    con = duckdb.connect(":memory:")
    # long IN lists would become joins, which cost time and the rows' order
    con.execute("SET disabled_optimizers = 'in_clause'")
    try:
        return _run(con, sources, schemas, mapping, key, districts, today, deferred)
    finally:
        con.close()


def _setup(con: duckdb.DuckDBPyConnection, sources: Sequence[Source]) -> None:
    con.execute(PROBLEMS_DDL)
    rules = pa.table(
        {
            "rule": list(RULES),
            "severity": [r.severity for r in RULES.values()],
            "message_id": [r.message_id for r in RULES.values()],
            "message_en": [r.message_en for r in RULES.values()],
        }
    )
    con.register("__rules", rules)
    con.register(
        "__sources",
        pa.table(
            {
                "src": pa.array(range(len(sources)), pa.int32()),
                "file": [s.file for s in sources],
                "sheet": [s.sheet for s in sources],
            }
        ),
    )


def _run(  # noqa: PLR0917 - private worker of run()
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    schemas: Mapping[str, TableSchema],
    mapping: ColumnMapping,
    key: PseudonymKey,
    districts: frozenset[str] | None,
    today: dt.date,
    deferred: bool = False,
) -> RunOutput:
    install_macros(con, key)
    install_mask_macros(con)
    install_districts(con, districts)
    _setup(con, sources)
    used = {s.table: schemas[s.table] for s in sources}
    missing: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for k, src in enumerate(sources):
        for col in src.missing:
            missing[src.table][col].append(k)
    ctx = RuleContext(used, missing, today, districts, deferred)
    checks = {name: table_checks(name, schema, ctx) for name, schema in used.items()}
    types = {name: arrow_types(con, schema.columns) for name, schema in used.items()}
    constant = {
        name: constant_keys([s for s in sources if s.table == name], schema)
        for name, schema in used.items()
    }
    fast = []
    for k, s in enumerate(sources):
        args = (used[s.table], mapping, checks[s.table], types[s.table], constant[s.table])
        fast.append(fast_pass(con, k, s, *args))
    full = full_tables(con, sources, used, fast, types)
    flagged = candidates(con, sources, used, fast, checks)
    del fast
    offsets: dict[str, int] = defaultdict(int)
    views: list[str] = []
    for name, schema in used.items():
        _create_typed(con, name, schema)
    for k, src in enumerate(sources):
        n = src.data.num_rows
        start = offsets[src.table]
        offsets[src.table] += n
        local = np.flatnonzero(flagged[src.table][start : start + n])
        data = src.data.take(pa.array(local))
        data = data.append_column("__i", pa.array(local + start, pa.int64()))
        data = data.append_column("__src", pa.array(np.full(len(local), k, np.int32)))
        view = f"src_{k}"
        con.register(view, data)
        views.append(view)
        sub = attrs.evolve(src, data=data)
        schema = used[src.table]
        con.execute(
            f"INSERT INTO {qi('t_' + src.table)} BY NAME "
            + _typed_select(sub, schema, view, mapping)
        )
        selects = _type_problems(sub, schema, view, k, mapping)
        if selects:
            con.execute("INSERT INTO __problems " + " UNION ALL ".join(selects))
        for col in src.missing:
            con.execute(
                "INSERT INTO __problems VALUES (NULL, ?, ?, ?, 'missing_column', NULL, NULL)",
                [k, src.table, col],
            )
        for header in src.unknown:
            con.execute(
                "INSERT INTO __problems VALUES (NULL, ?, ?, NULL, 'unknown_column', ?, NULL)",
                [k, src.table, safe_header(header)],
            )
    run_rules(con, ctx)
    con.execute(
        "DELETE FROM __problems p WHERE rule = 'required' AND EXISTS (SELECT 1 FROM __problems q "
        "WHERE q.rule = 'type' AND q.__i = p.__i AND q.tbl = p.tbl AND q.col = p.col)"
    )
    # a row is rejected once, however many problems it has (row-level errors, and every row
    # of a source lacking a required column): accepted + rejected = read
    whole = [
        f"SELECT {lit(s.table)} AS tbl, __i FROM {qi('t_' + s.table)} WHERE __src = {k}"
        for k, s in enumerate(sources)
        if s.missing
    ]
    con.execute(
        "CREATE TABLE __rejected AS SELECT DISTINCT tbl, __i FROM (SELECT p.tbl, p.__i FROM "
        "__problems p JOIN __rules r USING (rule) WHERE r.severity = 'error' AND p.__i IS NOT "
        f"NULL{''.join(' UNION ALL ' + w for w in whole)})"
    )
    report = _report(con, sources, views, used, mapping)
    accepted, rejected, gone = _split(con, sources, views, used, full, mapping)
    return RunOutput(report, accepted, rejected, full, gone)


def _report(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    views: Sequence[str],
    used: Mapping[str, TableSchema],
    mapping: ColumnMapping,
) -> ValidationReport:
    parts = []
    for k, (src, view) in enumerate(zip(sources, views, strict=True)):
        frm = (
            f"__problems p JOIN {view} s ON p.__i = s.__i WHERE p.__src = {k} "
            f"AND p.tbl = {lit(src.table)}"
        )
        cols = input_columns(used[src.table])
        present = set(src.data.column_names)
        raw = _shown_table(
            con, f"__shown_{k}", cols, present=present, mapping=mapping, problems=frm
        )
        if raw is None:
            parts.append(f"SELECT p.*, s.{qi(ROW_COLUMN)} AS __row, p.value AS __value FROM {frm}")
            continue
        parts.append(
            f"SELECT p.*, s.{qi(ROW_COLUMN)} AS __row, COALESCE(p.value, sh.shown) AS __value "
            f"FROM __problems p JOIN {view} s ON p.__i = s.__i LEFT JOIN __shown_{k} sh "
            f"ON sh.col = p.col AND sh.raw = {raw} WHERE p.__src = {k} "
            f"AND p.tbl = {lit(src.table)}"
        )
    parts.append(
        "SELECT p.*, NULL AS __row, p.value AS __value FROM __problems p WHERE p.__i IS NULL"
    )
    fill = (
        "replace(replace(replace({m}, '{{column}}', COALESCE(x.col, '')), '{{value}}', "
        "COALESCE(x.__value, '')), '{{detail}}', COALESCE(x.detail, ''))"
    )
    query = (
        f'SELECT s.file, s.sheet, x.tbl AS "table", CAST(x.__row AS BIGINT) AS "row", '
        f'x.col AS "column", x.__value AS value, x.rule, r.severity, '
        f"{fill.format(m='r.message_id')} AS message_id, "
        f"{fill.format(m='r.message_en')} AS message_en "
        f"FROM ({' UNION ALL '.join(parts)}) x JOIN __rules r USING (rule) "
        "JOIN __sources s ON s.src = x.__src ORDER BY x.__src, x.__row NULLS FIRST, x.col, x.rule"
    )
    problems = con.sql(query).to_arrow_table().cast(problems_schema())
    counts = dict(con.execute("SELECT __src, count(*) FROM __problems GROUP BY __src").fetchall())
    rejected = dict(
        con.execute(
            "SELECT t.__src, count(*) FROM ("
            + " UNION ALL ".join(
                f"SELECT __i, __src, {lit(n)} AS tbl FROM {qi('t_' + n)}" for n in used
            )
            + ") t JOIN __rejected r ON r.__i = t.__i AND r.tbl = t.tbl GROUP BY t.__src"
        ).fetchall()
    )
    files = tuple(
        FileSummary(
            file=s.file,
            sheet=s.sheet,
            table=s.table,
            rows_read=s.data.num_rows,
            rows_accepted=s.data.num_rows - int(rejected.get(k, 0)),
            rows_rejected=int(rejected.get(k, 0)),
            problems=int(counts.get(k, 0)),
        )
        for k, s in enumerate(sources)
    )
    return ValidationReport(problems=problems, files=files)


def _filter(table: pa.Table, keep: npt.NDArray[np.bool_]) -> pa.Table:
    """The rows of ``table`` where ``keep`` is true: column by column (much faster than
    Table.filter, and all-null columns stay cheap), two at a time (Arrow releases the GIL)."""
    mask = pa.array(keep)
    rows = int(keep.sum())

    def kept(col: pa.ChunkedArray) -> pa.ChunkedArray:
        if col.null_count == len(col):
            return pa.chunked_array([pa.nulls(rows, col.type)])
        return col.filter(mask)

    with ThreadPoolExecutor(2) as pool:
        return pa.Table.from_arrays(list(pool.map(kept, table.columns)), schema=table.schema)


def _split(  # noqa: PLR0917 - private worker of run()
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    views: Sequence[str],
    used: Mapping[str, TableSchema],
    full: Mapping[str, pa.Table],
    mapping: ColumnMapping,
) -> tuple[dict[str, pa.Table], dict[str, pa.Table], dict[str, npt.NDArray[np.int64]]]:
    accepted: dict[str, pa.Table] = {}
    removed: dict[str, npt.NDArray[np.int64]] = {}
    for name in used:
        table = full[name].drop_columns(["__i"])
        gone = (
            con.sql(f"SELECT __i FROM __rejected WHERE tbl = {lit(name)}")
            .to_arrow_table()
            .column(0)
            .to_numpy()
        )
        removed[name] = np.sort(gone.astype(np.int64, copy=False))
        if gone.size:
            keep = np.ones(table.num_rows, bool)
            keep[gone] = False
            table = _filter(table, keep)
        accepted[name] = table
    con.execute(
        "CREATE TABLE __reasons AS SELECT p.tbl, p.__i, string_agg(p.rule || "
        "COALESCE(':' || p.col, ''), '; ' ORDER BY p.rule) AS rules FROM __problems p "
        "JOIN __rules r USING (rule) WHERE r.severity = 'error' AND p.__i IS NOT NULL "
        "GROUP BY p.tbl, p.__i"
    )
    pieces: dict[str, list[pa.Table]] = defaultdict(list)
    for k, (src, view) in enumerate(zip(sources, views, strict=True)):
        schema = used[src.table]
        present = set(src.data.column_names)
        sel = [f"{lit(src.file)} AS source_file", f"s.{qi(ROW_COLUMN)} AS source_row"]
        vocabs: dict[str, frozenset[str]] = {}
        for c in input_columns(schema):
            if c.personal or not (c.name in present or c.name in DERIVED_IDS):
                continue
            if not schema.has_column(c.name):
                continue
            owner = "t" if id_namespace(c.name) else "s"
            sel.append(f"CAST({owner}.{qi(c.name)} AS VARCHAR) AS {qi(c.name)}")
            vocabs[c.name] = vocabulary(c, mapping)
        sel.append("COALESCE(rs.rules, 'missing_column') AS rules")
        rows = con.sql(
            f"SELECT {', '.join(sel)} FROM {view} s "
            f"JOIN {qi('t_' + src.table)} t ON t.__i = s.__i "
            f"JOIN __rejected rj ON rj.__i = s.__i AND rj.tbl = {lit(src.table)} "
            f"LEFT JOIN __reasons rs ON rs.__i = s.__i AND rs.tbl = {lit(src.table)} "
            f"WHERE s.__src = {k} ORDER BY s.__i"
        ).to_arrow_table()
        # the source values made safe (as safe_expr shows them), once per distinct value
        shown = safe_columns(con, {n: (rows.column(n), v) for n, v in vocabs.items()})
        for name, values in shown.items():
            rows = rows.set_column(rows.column_names.index(name), name, values)
        pieces[src.table].append(rows)
    rejected = {
        name: pa.concat_tables(tables, promote_options="permissive")
        for name, tables in pieces.items()
    }
    return accepted, rejected, removed
