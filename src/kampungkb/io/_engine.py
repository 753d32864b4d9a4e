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
import pyarrow.compute as pc

from kampungkb._safe import safe_header
from kampungkb.definitions._records import sql_type
from kampungkb.io._catalogue import RULES
from kampungkb.io._coerce import coerce_expr, lit, qi, type_label
from kampungkb.io._distinct import arrow_types, constant_keys
from kampungkb.io._fast import DERIVED_IDS, FastOut, fast_pass, id_namespace
from kampungkb.io._mask import (
    as_is_many,
    install_mask_macros,
    norm_sql,
    safe_columns,
    safe_expr,
    vocabulary,
)
from kampungkb.io._plausible import period_end_sql
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

__all__ = ["RunOutput", "connect", "run", "shown_expr"]


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


def _typed_select(  # noqa: PLR0917 - private helper of _run
    src: Source,
    schema: TableSchema,
    view: str,
    mapping: ColumnMapping,
    exact: frozenset[str] = frozenset(),
    converted: frozenset[str] = frozenset(),
) -> str:
    """SELECT that turns ``view`` (the registered source) into the typed table's columns;
    ``exact``: columns already in canonical form (see :attr:`._fast.FastOut.exact`), taken as
    they are; ``converted``: columns whose converted values the view holds as
    ``__typed_<name>`` (see :attr:`._fast.FastOut.converted`). No conversion to plan there."""
    present = set(src.data.column_names)
    inner: list[str] = []
    for c in input_columns(schema):
        if c.name in present and c.name in converted:
            expr = qi("__typed_" + c.name)
        elif c.name in present and c.name in exact:
            expr = qi(c.name)
        elif c.name in present:
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


def _type_problems(  # noqa: PLR0917 - private helper of _run
    src: Source,
    schema: TableSchema,
    view: str,
    k: int,
    mapping: ColumnMapping,
    convertible: frozenset[str] = frozenset(),
) -> list[str]:
    """SELECTs of the ``type`` problems; none for a column whose conversion cannot fail
    (``convertible``, see :attr:`._fast.FastOut.convertible`)."""
    out = []
    for c in input_columns(schema):
        # text (and coded text) never fails on type: the enum/pattern rules report it
        if c.name not in src.data.column_names or c.type in ("VARCHAR", "VARCHAR[]"):
            continue
        if c.name in convertible:
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
    """Register ``name``: ``(col, raw, shown)`` for each distinct source cell some problem
    shows (``problems``: FROM clause joining ``__problems p`` to the source view ``s``), with the
    value :func:`shown_expr` gives it — worked out once per distinct value: a value shown as it
    is with Arrow (see :func:`._mask.safe_columns`), the others in one query with one instance
    of each masking macro (each costs a fixed time to prepare its regular expressions). Returns
    the SQL of the raw cell text (to join on), None without columns."""
    shown = [c for c in cols if c.name in present]
    if not shown:
        return None
    raw = " ".join(f"WHEN {lit(c.name)} THEN CAST(s.{qi(c.name)} AS VARCHAR)" for c in shown)
    raw = f"CASE p.col {raw} END"
    pairs = con.sql(
        f"SELECT DISTINCT p.col, {raw} AS raw FROM {problems} AND p.value IS NULL"
    ).to_arrow_table()
    pairs = pairs.filter(pc.is_valid(pairs.column("raw")))
    plain = np.zeros(pairs.num_rows, bool)
    where = []
    for c in shown:
        rows = np.flatnonzero(np.asarray(pc.equal(pairs.column("col"), c.name), bool))
        if rows.size and not c.personal:
            values = pairs.column("raw").take(pa.array(rows)).combine_chunks()
            where.append((rows, values, vocabulary(c, mapping)))
    found = as_is_many([(values, vocab) for _, values, vocab in where])
    for (rows, values, _), ok in zip(where, found, strict=True):
        fits = pc.less_equal(pc.binary_length(values), 80)
        plain[rows] = np.asarray(pc.and_(ok, fits), bool)
    keep = pa.array(plain)
    out = pairs.filter(keep).append_column("shown", pairs.column("raw").filter(keep))
    rest = pairs.filter(pc.invert(keep))
    if rest.num_rows:
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
        con.register("__shown_rest", rest)
        try:
            done = con.sql(f"SELECT col, raw, {value} AS shown FROM __shown_rest").to_arrow_table()
        finally:
            con.unregister("__shown_rest")
        out = pa.concat_tables([out, done.cast(out.schema)])
    con.register(name, out)
    return raw


def _typed(  # noqa: PLR0917 - private helper of _run
    con: duckdb.DuckDBPyConnection,
    k: int,
    src: Source,
    rows: npt.NDArray[np.bool_],
    start: int,
    schema: TableSchema,
    mapping: ColumnMapping,
    fast: FastOut,
) -> bool:
    """Register source ``k``'s flagged ``rows`` (numbered from ``start`` in their table) as the
    view ``src_<k>``, insert them typed into ``t_<table>`` and their ``type`` problems into
    ``__problems``. ``fast``: the source's fast pass (its columns in canonical form, converted
    or that cannot fail). Returns whether any column was looked at for ``type`` problems."""
    local = np.flatnonzero(rows)
    mask = pa.array(rows)
    # a filter, not a take: no look-up of each row's chunk (CSV gives many)
    data = src.data.filter(mask)
    data = data.append_column("__i", pa.array(local + start, pa.int64()))
    data = data.append_column("__src", pa.array(np.full(len(local), k, np.int32)))
    for name, values in fast.converted.items():
        data = data.append_column("__typed_" + name, values.filter(mask))
    view = f"src_{k}"
    con.register(view, data)
    sub = attrs.evolve(src, data=data)
    con.execute(
        f"INSERT INTO {qi('t_' + src.table)} BY NAME "
        + _typed_select(sub, schema, view, mapping, fast.exact, frozenset(fast.converted))
    )
    selects = _type_problems(sub, schema, view, k, mapping, fast.convertible)
    if selects:
        con.execute("INSERT INTO __problems " + " UNION ALL ".join(selects))
    return bool(selects)


def _create_typed(con: duckdb.DuckDBPyConnection, name: str, schema: TableSchema) -> None:
    cols = ", ".join(f"{qi(c.name)} {sql_type(c)}" for c in input_columns(schema))
    con.execute(f"CREATE TABLE {qi('t_' + name)} ({cols}, __i BIGINT, __src INTEGER, __row BIGINT)")


def connect() -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection set up for one :func:`run` (which closes it)."""
    con = duckdb.connect(":memory:")
    try:
        # long IN lists would become joins, which cost time and the rows' order
        con.execute("SET disabled_optimizers = 'in_clause'")
    except BaseException:
        con.close()
        raise
    return con


def run(
    sources: Sequence[Source],
    *,
    schemas: Mapping[str, TableSchema],
    mapping: ColumnMapping,
    key: PseudonymKey,
    districts: frozenset[str] | None,
    today: dt.date,
    deferred: bool = False,
    con: duckdb.DuckDBPyConnection | None = None,
) -> RunOutput:
    """Validate ``sources`` together (duplicates and references span every source).

    ``deferred``: leave out the checks across rows (duplicate keys, references; see
    :class:`~kampungkb.io._rules.RuleContext`), for a caller that makes them itself.
    ``con``: a connection from :func:`connect` to work on (made while the caller read its
    files); this run closes it. Default: a new one.
    """
    con = connect() if con is None else con
    try:
        return _run(con, sources, schemas, mapping, key, districts, today, deferred)
    finally:
        con.close()


def _absent(
    sources: Sequence[Source], used: Mapping[str, TableSchema]
) -> dict[str, frozenset[str]]:
    """Per table, the input columns no source of it has (nor derives from a NIK / KK number):
    null in every typed row."""

    def has(src: Source, name: str) -> bool:
        names = src.data.column_names
        return name in names or (name in DERIVED_IDS and DERIVED_IDS[name][1] in names)

    return {
        name: frozenset(
            c.name
            for c in input_columns(schema)
            if not any(has(s, c.name) for s in sources if s.table == name)
        )
        for name, schema in used.items()
    }


def _period_ends(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    used: Mapping[str, TableSchema],
    mapping: ColumnMapping,
    today: dt.date,
) -> dict[str, str]:
    """Per table whose every row (of every source) has one and the same period, as their
    encoding shows: the last day of that period as an SQL constant (what
    :func:`~._plausible.period_end_sql` gives for each row)."""
    out: dict[str, str] = {}
    for name, schema in used.items():
        period = schema.period_column
        names = {c.name for c in input_columns(schema)}
        if not period or period not in names or schema.column(period).type != "VARCHAR":
            continue
        typed = set()
        for src in (s for s in sources if s.table == name):
            enc = src.encoded.get(period)
            if (
                enc is None
                or len(enc.dictionary) != 1
                or src.data.column(period).null_count
                or not pa.types.is_string(src.data.schema.field(period).type)
            ):
                break
            expr = coerce_expr(
                schema.column(period), lit(str(enc.dictionary[0].as_py())), pa.string(),
                decimal=src.decimal, date_format=src.date_format,
                values=mapping.values.get(period),
            )  # fmt: skip
            typed.add(con.execute(f"SELECT {expr}").fetchall()[0][0])
        else:
            if len(typed) != 1:
                continue
            value = next(iter(typed))
            text = "CAST(NULL AS VARCHAR)" if value is None else lit(str(value))
            end = period_end_sql(period, names, today)
            try:
                found = con.execute(
                    f"SELECT CAST({end} AS VARCHAR) FROM (SELECT {text} AS {qi(period)})"
                ).fetchall()[0][0]
            except duckdb.Error:
                continue  # the rules then work it out row by row (and fail alike)
            if found is not None:
                out[name] = f"DATE {lit(str(found))}"
    return out


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
    ends = _period_ends(con, sources, used, mapping, today)
    ctx = RuleContext(used, missing, today, districts, deferred, _absent(sources, used), ends)
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
    offsets: dict[str, int] = defaultdict(int)
    views: list[str] = []
    typed_checked = False
    for name, schema in used.items():
        _create_typed(con, name, schema)
    for k, src in enumerate(sources):
        n = src.data.num_rows
        start = offsets[src.table]
        offsets[src.table] += n
        view = f"src_{k}"
        views.append(view)
        rows = flagged[src.table][start : start + n]
        typed_checked |= _typed(con, k, src, rows, start, used[src.table], mapping, fast[k])
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
    del fast
    run_rules(con, ctx)
    if typed_checked:  # else there is no ``type`` problem
        con.execute(
            "DELETE FROM __problems p WHERE rule = 'required' AND EXISTS (SELECT 1 FROM "
            "__problems q WHERE q.rule = 'type' AND q.__i = p.__i AND q.tbl = p.tbl AND "
            "q.col = p.col)"
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
    gone = _gone(con, used)
    # the accepted rows are filtered (Arrow, no DuckDB) while the report and the rejected rows
    # are made (small queries, one core): the two overlap
    with ThreadPoolExecutor(1) as pool:
        accepting = pool.submit(_accepted, full, gone)
        report = _report(con, sources, views, used, mapping)
        rejected = _rejected(con, sources, views, used, mapping)
        accepted = accepting.result()
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


def _gone(
    con: duckdb.DuckDBPyConnection, used: Mapping[str, TableSchema]
) -> dict[str, npt.NDArray[np.int64]]:
    """``__i`` of the rejected rows, per table (sorted)."""
    out: dict[str, npt.NDArray[np.int64]] = {}
    for name in used:
        gone = (
            con.sql(f"SELECT __i FROM __rejected WHERE tbl = {lit(name)}")
            .to_arrow_table()
            .column(0)
            .to_numpy()
        )
        out[name] = np.sort(gone.astype(np.int64, copy=False))
    return out


def _accepted(
    full: Mapping[str, pa.Table], gone: Mapping[str, npt.NDArray[np.int64]]
) -> dict[str, pa.Table]:
    """The typed tables without their rejected rows (and without ``__i``)."""
    accepted: dict[str, pa.Table] = {}
    for name, typed in full.items():
        table = typed.drop_columns(["__i"])
        if gone[name].size:
            keep = np.ones(table.num_rows, bool)
            keep[gone[name]] = False
            table = _filter(table, keep)
        accepted[name] = table
    return accepted


def _rejected(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    views: Sequence[str],
    used: Mapping[str, TableSchema],
    mapping: ColumnMapping,
) -> dict[str, pa.Table]:
    """The rejected rows per table: source values as text (made safe), personal columns
    removed, with ``source_file``, ``source_row`` and ``rules``."""
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
    return {
        name: pa.concat_tables(tables, promote_options="permissive")
        for name, tables in pieces.items()
    }
