"""Canonical table schemas: the column names and types of every model's bulk (columnar) form.

A :class:`TableSchema` is the single place the engine, the vectorised validators, the readers
and the JSON/docs generators read a table's shape from.  Schemas are *derived* from the pydantic
models (see :func:`kampungkb.models.tables.table_schema_from_model`) so a column is declared
once.

Table kinds decide how rows are assigned to periods:

``snapshot``
    The row describes a state in a named period (column ``period``: ``"2019"``, ``"2019-06"``,
    ``"2019-Q2"``); e.g. families and persons from a family census round.
``event``
    The row happened on a date (column named by ``date_column``); the engine assigns it to the
    period (year, quarter, month) that contains the date; e.g. marriages, interventions.
``register``
    The row is an entity that exists from ``start_column`` until ``end_column`` (open when
    null); it counts in every period whose last day falls inside that span; e.g. PATBM, home
    industries.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import attrs
import pyarrow as pa

__all__ = ["ARROW_TYPES", "Column", "ColumnType", "TableKind", "TableSchema"]

#: DuckDB SQL type names used by canonical columns (``VARCHAR[]`` is a list of text codes).
ColumnType = Literal["VARCHAR", "BOOLEAN", "INTEGER", "BIGINT", "DOUBLE", "DATE", "VARCHAR[]"]

TableKind = Literal["snapshot", "event", "register"]

#: The languages a description is shown in (as :data:`kampungkb.labels.Lang`).
_Lang = Literal["id", "en"]


def _in_lang(english: str, indonesian: str, lang: _Lang) -> str:
    """``indonesian`` for ``"id"`` when there is one, else ``english`` (a plugin's column may
    come with an English description only: it is shown rather than nothing)."""
    return indonesian if lang == "id" and indonesian else english


#: The Arrow type of each column type (what readers, generators and the engine exchange).
ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "BOOLEAN": pa.bool_(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "VARCHAR[]": pa.list_(pa.string()),
}


#: Longest column name (DuckDB and PostgreSQL identifiers), in characters.
MAX_COLUMN_NAME = 63


def _bad_column_name(name: str) -> str | None:
    """Why ``name`` cannot be a column name, or None. Names are always quoted in SQL; these
    rules keep them printable and unambiguous."""
    if not name or not name.strip():
        return "is empty"
    if len(name) > MAX_COLUMN_NAME:
        return f"is longer than {MAX_COLUMN_NAME} characters"
    if '"' in name or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return "holds a double quote or a control character"
    if name != name.strip():
        return "starts or ends with a space"
    return None


@attrs.frozen
class Column:
    """One column of a canonical table.

    Attributes:
        name: canonical column name (English, snake_case).
        type: DuckDB SQL type name.
        required: a row without a value here is rejected.
        description: what the column holds (English).
        label_id: column heading in Bahasa Indonesia.
        label_en: column heading in English.
        enum: allowed codes for a coded column (also for each item of a ``VARCHAR[]``).
        ge: inclusive lower bound for numbers.
        le: inclusive upper bound for numbers.
        pattern: regular expression a text value must match in full.
        personal: personal data (NIK, KK number, names): pseudonymised at ingest, masked in
            every message, and never usable in an indicator filter.
        derived: computed by the engine (e.g. ``age_years``); not expected in input files.
        dimension: whether a measure may break its counts down by this column
            (``by = "…"``): a category such as sex, contraceptive method or village code.
            ``None`` decides from the type: coded text (an ``enum``) and true/false columns are
            dimensions, everything else is not. Personal columns never are.
        identifier: the column names an entity (``person_id``, ``family_id``,
            ``child_id``): a measure may count distinct entities or keep each entity's latest
            row (``count_distinct``, ``latest_per``), but never break its counts down by it.
        description_id: what the column holds, in Bahasa Indonesia (every canonical column
            has one; a plugin's column without one shows ``description`` instead, see
            :meth:`description_in`).
    """

    name: str
    type: ColumnType
    required: bool = False
    description: str = ""
    label_id: str = ""
    label_en: str = ""
    enum: tuple[str, ...] | None = None
    ge: float | None = None
    le: float | None = None
    pattern: str | None = None
    personal: bool = False
    derived: bool = False
    dimension: bool | None = None
    identifier: bool = False
    description_id: str = ""

    def description_in(self, lang: _Lang = "id") -> str:
        """What the column holds in ``lang`` (``"id"`` falls back to the English)."""
        return _in_lang(self.description, self.description_id, lang)

    @property
    def is_dimension(self) -> bool:
        """Whether ``by = "<this column>"`` is allowed (a category, never a person)."""
        if self.personal:
            return False
        if self.dimension is not None:
            return self.dimension
        return (self.type == "VARCHAR" and self.enum is not None) or self.type == "BOOLEAN"

    @property
    def arrow_type(self) -> pa.DataType:
        """The column's Arrow type."""
        return ARROW_TYPES[self.type]


@attrs.frozen
class TableSchema:
    """The canonical (bulk, columnar) form of one model.

    Attributes:
        name: table name used in definitions (``"persons"``).
        kind: ``snapshot`` / ``event`` / ``register`` — see the module docstring.
        columns: the columns, in canonical order.
        key: columns that identify a row uniquely (within a period for snapshots).
        region_column: the column holding the village's Kemendagri code.
        period_column: for snapshots, the period column.
        date_column: for events, the date that assigns a row to a period.
        start_column / end_column: for registers, the span the entity exists in.
        parents: foreign keys, ``{column: "table.column"}``, e.g.
            ``{"family_id": "families.family_id"}``.
        description: what one row is (English).
        model: dotted path of the pydantic model the schema is derived from.
        description_id: what one row is, in Bahasa Indonesia.
    """

    name: str
    kind: TableKind
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    region_column: str = "village_code"
    period_column: str | None = None
    date_column: str | None = None
    start_column: str | None = None
    end_column: str | None = None
    parents: dict[str, str] = attrs.field(factory=dict)
    description: str = ""
    model: str = ""
    description_id: str = ""

    def description_in(self, lang: _Lang = "id") -> str:
        """What one row is in ``lang`` (``"id"`` falls back to the English)."""
        return _in_lang(self.description, self.description_id, lang)

    def __iter__(self) -> Iterator[Column]:
        return iter(self.columns)

    @property
    def column_names(self) -> tuple[str, ...]:
        """Names of all columns, in order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column called ``name``; ``KeyError`` if there is none."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def has_column(self, name: str) -> bool:
        """Whether the table has a column called ``name``."""
        return any(c.name == name for c in self.columns)

    @property
    def personal_columns(self) -> tuple[str, ...]:
        """Columns holding personal data."""
        return tuple(c.name for c in self.columns if c.personal)

    @property
    def dimension_columns(self) -> tuple[str, ...]:
        """Columns a measure may be disaggregated by (``by``)."""
        return tuple(c.name for c in self.columns if c.is_dimension)

    @property
    def entity_columns(self) -> tuple[str, ...]:
        """Columns a measure may count distinct or keep the latest row per: identifiers of
        entities and dimensions (never personal data)."""
        return tuple(c.name for c in self.columns
                     if not c.personal and (c.identifier or c.is_dimension))

    def arrow_schema(self, *, derived: bool = False) -> pa.Schema:
        """The Arrow schema of the table's input columns (``derived=True`` adds the rest)."""
        return pa.schema([pa.field(c.name, c.arrow_type) for c in self.columns
                          if derived or not c.derived])

    def with_columns(self, extra: tuple[Column, ...]) -> TableSchema:
        """A copy with ``extra`` columns appended (plugins' table extensions).

        Raises:
            ValueError: a name is empty, longer than 63 characters, holds a double quote or a
                control character, or is already a column of the table (ignoring case, as
                SQL does).
        """
        for c in extra:
            bad = _bad_column_name(c.name)
            if bad:
                raise ValueError(f"table {self.name!r}: column name {c.name!r} {bad}")
        known = {n.lower() for n in self.column_names}
        clash = sorted(c.name for c in extra if c.name.lower() in known)
        if not clash:
            names = [c.name.lower() for c in extra]
            clash = sorted({c.name for c in extra if names.count(c.name.lower()) > 1})
        if clash:
            raise ValueError(f"table {self.name!r} already has column(s) {clash}")
        return attrs.evolve(self, columns=self.columns + extra)
