"""The canonical tables: their schemas, derived from the pydantic models.

``CANONICAL_TABLES`` maps each of the 13 table names to its :class:`TableSchema`; every column
is declared once, on a model field, and :func:`table_schema_from_model` reads the DuckDB type,
``required``, bounds, allowed codes, pattern, labels and the personal-data marker from it.

Example:
    >>> get_table_schema("persons").column("sex").enum
    ('m', 'f')
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Mapping
from typing import Any

import attrs

from kampungkb.errors import KampungKBError
from kampungkb.models import _canonical
from kampungkb.models._base import KampungKBModel
from kampungkb.models._derive import column_from_field, table_schema_from_model
from kampungkb.models._events import (
    ChildMeasurement,
    Intervention,
    Marriage,
    ViolenceCase,
    ViolenceVictim,
)
from kampungkb.models._family import Family, Person
from kampungkb.models._groups import HomeIndustry, Patbm, PoktanGroup
from kampungkb.models._reports import MonthlyReport
from kampungkb.models._schema import Column, ColumnType, TableSchema
from kampungkb.models._village import KampungKBProfile, Village

__all__ = [
    "CANONICAL_TABLES",
    "TABLE_MODELS",
    "UnknownTableError",
    "column_from_field",
    "get_table_schema",
    "json_schema",
    "table_schema_from_model",
]


#: The codes of ``child_measurements.haz_flag`` (``kampungkb.growth``'s flags that apply to
#: height-for-age; null = no flag).
HAZ_FLAG_CODES: tuple[str, ...] = ("missing_input", "age_out_of_range", "implausible",
                                   "position_unknown")


class UnknownTableError(KampungKBError, KeyError):
    """No canonical table has the requested name (the message suggests close names)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _derived(
    name: str,
    type_: ColumnType,
    description: str,
    label_id: str,
    label_en: str,
    *,
    description_id: str,
    **kw: Any,
) -> Column:
    return Column(
        name=name,
        type=type_,
        description=description,
        description_id=description_id,
        label_id=label_id,
        label_en=label_en,
        derived=True,
        **kw,
    )


def _victims_schema() -> TableSchema:
    victim = {
        c.name: c for c in (column_from_field(n, i) for n, i in ViolenceVictim.model_fields.items())
    }
    case = {
        c.name: c
        for c in (
            column_from_field(n, i) for n, i in ViolenceCase.model_fields.items() if n != "victims"
        )
    }
    case_id = Column(
        name="case_id",
        type="VARCHAR",
        required=True,
        description="The case (violence_cases.case_id) the victim belongs to.",
        description_id="Kasus tempat korban ini tercatat (violence_cases.case_id).",
        label_id="ID kasus",
        label_en="Case id",
    )
    date = Column(
        name="date",
        type="DATE",
        required=True,
        description="Date of the case; assigns the row to a period.",
        description_id="Tanggal kasus; menentukan periode baris ini.",
        label_id="Tanggal kasus",
        label_en="Case date",
    )
    columns = (
        victim["victim_id"],
        case_id,
        case["village_code"],
        date,
        victim["age"],
        victim["sex"],
    )
    return TableSchema(
        name="violence_victims",
        kind="event",
        columns=columns,
        key=("victim_id",),
        date_column="date",
        parents={"case_id": "violence_cases.case_id"},
        description="A victim of a violence case (one case can have several victims).",
        description_id=ViolenceVictim.__description_id__,
        model="kampungkb.models.ViolenceVictim",
    )


def _build() -> dict[str, TableSchema]:
    snap: dict[str, Any] = {"kind": "snapshot", "period_column": "period"}
    event: dict[str, Any] = {"kind": "event", "date_column": "date"}
    tables = [
        table_schema_from_model(
            Village,
            name="villages",
            kind="register",
            key=("village_code",),
            start_column="designated_on",
        ),
        table_schema_from_model(
            KampungKBProfile, name="kampung_kb_profiles", key=("village_code", "period"), **snap
        ),
        table_schema_from_model(Family, name="families", key=("family_id", "period"), **snap),
        table_schema_from_model(
            Person,
            name="persons",
            key=("person_id", "period"),
            parents={"family_id": "families.family_id"},
            **snap,
            derived=(
                _derived(
                    "age_years",
                    "INTEGER",
                    "Age in completed years at the period's last day.",
                    "Umur (tahun)",
                    "Age (years)",
                    description_id="Umur dalam tahun penuh pada hari terakhir periode.",
                    ge=0.0,
                ),
                _derived(
                    "is_pus",
                    "BOOLEAN",
                    "PUS: a married woman aged 15–49 at the period's last day.",
                    "PUS",
                    "Couple of reproductive age (PUS)",
                    description_id="PUS: perempuan berstatus kawin berumur 15–49 tahun pada "
                    "hari terakhir periode.",
                ),
            ),
        ),
        table_schema_from_model(
            PoktanGroup, name="poktan_groups", key=("group_id", "period"), **snap
        ),
        table_schema_from_model(
            Patbm,
            name="patbm",
            kind="register",
            key=("patbm_id",),
            start_column="formed_on",
            end_column="dissolved_on",
        ),
        table_schema_from_model(
            HomeIndustry,
            name="home_industries",
            kind="register",
            key=("industry_id",),
            start_column="started_on",
            end_column="closed_on",
        ),
        table_schema_from_model(
            Intervention, name="interventions", key=("intervention_id",), **event
        ),
        table_schema_from_model(Marriage, name="marriages", key=("marriage_id",), **event),
        table_schema_from_model(
            ViolenceCase, name="violence_cases", key=("case_id",), exclude=("victims",), **event
        ),
        _victims_schema(),
        table_schema_from_model(
            ChildMeasurement,
            name="child_measurements",
            key=("measurement_id",),
            **event,
            derived=(
                _derived(
                    "age_days",
                    "INTEGER",
                    "Age in days at the measurement.",
                    "Umur (hari)",
                    "Age (days)",
                    description_id="Umur dalam hari pada tanggal pengukuran.",
                    ge=0.0,
                ),
                _derived(
                    "haz",
                    "DOUBLE",
                    "Length/height-for-age z-score (WHO 2006), rounded to 2 decimals.",
                    "Z-skor TB/U",
                    "Height-for-age z-score",
                    description_id="Z-skor panjang/tinggi badan menurut umur (PB/U atau TB/U, "
                    "standar WHO 2006), dibulatkan 2 desimal.",
                ),
                _derived(
                    "haz_flag",
                    "VARCHAR",
                    "Why haz is missing or was adjusted (e.g. implausible |z| > 6, "
                    "age over 60 months, position unknown).",
                    "Catatan z-skor TB/U",
                    "Height-for-age flag",
                    description_id="Alasan haz kosong atau disesuaikan (mis. tidak masuk akal "
                    "|z| > 6, umur lebih dari 60 bulan, posisi pengukuran tidak diketahui).",
                    # the codes kampungkb.growth writes (a test keeps them equal), so a filter
                    # comparing haz_flag with a misspelt code is refused
                    enum=HAZ_FLAG_CODES,
                ),
            ),
        ),
        table_schema_from_model(
            MonthlyReport, name="monthly_reports", key=("village_code", "period"), **snap
        ),
    ]
    return {t.name: _mark_roles(t) for t in tables}


#: Columns a measure may break its counts down by (``by``) beyond the automatic ones (coded
#: text, true/false, region codes): whole ages and the agency (an organisation) of an
#: intervention.  Identifiers of persons, families and children, dates, names and free text
#: never are: a breakdown by them would list individual records.
_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "persons": ("age_years",),
    "marriages": ("husband_age", "wife_age"),
    "violence_victims": ("age",),
    "interventions": ("agency",),
}
#: Entity identifiers that are neither a table's key nor a foreign key.
_IDENTIFIERS: dict[str, tuple[str, ...]] = {"child_measurements": ("child_id",)}


def _mark_roles(schema: TableSchema) -> TableSchema:
    """Mark dimension columns (``by``) and entity identifiers (``count_distinct``,
    ``latest_per``) on a derived schema."""
    period = {schema.period_column}
    ids = (set(schema.key) - period) | set(schema.parents) | set(_IDENTIFIERS.get(schema.name, ()))
    dims = set(_DIMENSIONS.get(schema.name, ()))
    columns = tuple(
        attrs.evolve(c, identifier=c.identifier or c.name in ids,
                     dimension=True if c.name in dims else c.dimension)
        for c in schema.columns)
    return attrs.evolve(schema, columns=columns)


#: The 13 canonical tables, by name, in the contract's order: :func:`_build`'s result, read
#: from the generated literal of :mod:`kampungkb.models._canonical` (one object for every
#: importer; a test checks that the literal and the models agree).
CANONICAL_TABLES: Mapping[str, TableSchema] = _canonical.CANONICAL_TABLES

#: The model behind each canonical table (``violence_victims`` → :class:`ViolenceVictim`).
TABLE_MODELS: Mapping[str, type[KampungKBModel]] = types.MappingProxyType(
    {
        "villages": Village,
        "kampung_kb_profiles": KampungKBProfile,
        "families": Family,
        "persons": Person,
        "poktan_groups": PoktanGroup,
        "patbm": Patbm,
        "home_industries": HomeIndustry,
        "interventions": Intervention,
        "marriages": Marriage,
        "violence_cases": ViolenceCase,
        "violence_victims": ViolenceVictim,
        "child_measurements": ChildMeasurement,
        "monthly_reports": MonthlyReport,
    }
)


def _unknown(key: str, name: str, known: list[str]) -> UnknownTableError:
    """The error for an unknown ``name`` (message ``key``, or ``key_close`` naming close
    matches)."""
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    return UnknownTableError.of(
        f"{key}_close" if close else key,
        name=name,
        close=", ".join(repr(c) for c in close),
        known=", ".join(known),
    )


def get_table_schema(name: str) -> TableSchema:
    """The canonical table called ``name``.

    Raises:
        UnknownTableError: (a ``KeyError``) naming close matches, e.g. ``'person'`` → did you
            mean ``'persons'``?
    """
    try:
        return CANONICAL_TABLES[name]
    except KeyError:
        raise _unknown("models.unknown_table", name, list(CANONICAL_TABLES)) from None


def json_schema(name: str) -> dict[str, Any]:
    """JSON Schema of the model behind a canonical table (``"persons"``) or of a model
    (``"Person"``)."""
    by_model = {m.__name__: m for m in TABLE_MODELS.values()}
    model = TABLE_MODELS.get(name) or by_model.get(name)
    if model is None:
        raise _unknown("models.unknown_table_or_model", name, [*TABLE_MODELS, *by_model])
    return model.model_json_schema()
