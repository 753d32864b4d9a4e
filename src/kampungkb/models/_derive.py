"""Deriving canonical table schemas from pydantic models (one declaration per column)."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from kampungkb.models._identity import _IdentityNumber
from kampungkb.models._regions import RegionCode
from kampungkb.models._schema import Column, ColumnType, TableKind, TableSchema

__all__ = ["column_from_field", "table_schema_from_model"]


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip ``Optional`` and ``Annotated``; return the bare type and collected metadata."""
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata.extend(extra)
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                raise TypeError(f"cannot map a union of several types {annotation!r}")
            annotation = args[0]
        else:
            return annotation, metadata


def _scalar(  # noqa: PLR0911 — one return per supported type reads best
    tp: Any,
) -> tuple[ColumnType, tuple[str, ...] | None, str | None, bool]:
    """DuckDB type, enum codes, pattern and personal flag of a scalar annotation."""
    if isinstance(tp, type):
        if issubclass(tp, _IdentityNumber):
            return "VARCHAR", None, r"^\d{16}$", True
        if issubclass(tp, RegionCode):
            return "VARCHAR", None, tp.pattern, False
        if issubclass(tp, Enum):
            return "VARCHAR", tuple(str(m.value) for m in tp), None, False
        if issubclass(tp, bool):
            return "BOOLEAN", None, None, False
        if issubclass(tp, int):
            return "INTEGER", None, None, False
        if issubclass(tp, float):
            return "DOUBLE", None, None, False
        if issubclass(tp, dt.datetime):
            raise TypeError("datetime fields are not supported in canonical tables; use date")
        if issubclass(tp, dt.date):
            return "DATE", None, None, False
        if issubclass(tp, str):
            return "VARCHAR", None, None, False
    raise TypeError(f"cannot map annotation {tp!r} to a DuckDB column type")


def column_from_field(name: str, info: FieldInfo) -> Column:
    """The canonical :class:`Column` for one pydantic field.

    Reads the DuckDB type from the annotation (``str``, ``bool``, ``int``, ``float``,
    ``date``, enums, ``list`` of enums, region codes, NIK/KK numbers), ``required`` (no
    default), ``ge``/``le`` and ``pattern`` from the constraints, the English description from
    ``description``, the labels, the Bahasa Indonesia description (``description_id``) and the
    personal / derived / dimension / identifier markers from ``json_schema_extra``. Region codes are
    dimensions (a measure may be broken down by village).
    """
    tp, metadata = _unwrap(info.annotation)
    metadata = [*info.metadata, *metadata]
    if get_origin(tp) in (list, tuple):
        item, item_meta = _unwrap(get_args(tp)[0])
        metadata.extend(item_meta)
        item_type, enum, pattern, personal = _scalar(item)
        if item_type != "VARCHAR":
            raise TypeError(f"field {name!r}: only lists of text codes are supported")
        col_type: ColumnType = "VARCHAR[]"
    else:
        col_type, enum, pattern, personal = _scalar(tp)
    region = isinstance(tp, type) and issubclass(tp, RegionCode)
    ge = le = None
    for m in metadata:
        if isinstance(m, annotated_types.Ge):
            ge = float(m.ge)  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Le):
            le = float(m.le)  # type: ignore[arg-type]
        elif getattr(m, "pattern", None) is not None:
            pattern = str(m.pattern)
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    dimension = extra.get("dimension")
    return Column(
        name=name,
        type=col_type,
        required=info.is_required(),
        description=info.description or "",
        label_id=str(extra.get("label_id", "")),
        label_en=str(extra.get("label_en", "")),
        enum=enum,
        ge=ge,
        le=le,
        pattern=pattern,
        personal=personal or extra.get("personal") is True,
        derived=extra.get("derived") is True,
        dimension=True if region else (dimension if isinstance(dimension, bool) else None),
        identifier=extra.get("identifier") is True,
        description_id=str(extra.get("description_id", "")),
    )


def table_schema_from_model(
    model_cls: type[BaseModel],
    *,
    name: str,
    kind: TableKind,
    key: tuple[str, ...],
    period_column: str | None = None,
    date_column: str | None = None,
    start_column: str | None = None,
    end_column: str | None = None,
    parents: Mapping[str, str] | None = None,
    exclude: tuple[str, ...] = (),
    derived: tuple[Column, ...] = (),
    description: str | None = None,
    description_id: str | None = None,
) -> TableSchema:
    """Derive a canonical :class:`TableSchema` from a pydantic model.

    Args:
        model_cls: the model; its fields become the columns, in declaration order.
        name: the table name.
        kind: ``"snapshot"``, ``"event"`` or ``"register"``.
        key: columns identifying a row.
        period_column, date_column, start_column, end_column: see :class:`TableSchema`.
        parents: foreign keys ``{column: "table.column"}``.
        exclude: fields that are not columns (e.g. nested lists).
        derived: engine-computed columns appended at the end (``derived=True``).
        description: what one row is (default: the first paragraph of the model's docstring).
        description_id: what one row is, in Bahasa Indonesia (default: the model's
            ``__description_id__``, empty when it has none).
    """
    columns = [
        column_from_field(field, info)
        for field, info in model_cls.model_fields.items()
        if field not in exclude
    ]
    columns.extend(derived)
    doc = (model_cls.__doc__ or "").strip().split("\n\n")[0]
    return TableSchema(
        name=name,
        kind=kind,
        columns=tuple(columns),
        key=key,
        period_column=period_column,
        date_column=date_column,
        start_column=start_column,
        end_column=end_column,
        parents=dict(parents or {}),
        description=description if description is not None else " ".join(doc.split()),
        model=f"kampungkb.models.{model_cls.__name__}",
        description_id=(description_id if description_id is not None
                        else str(getattr(model_cls, "__description_id__", ""))),
    )
