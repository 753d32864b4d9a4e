"""Where io finds the canonical table schemas, and the few io-only facts about them."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kampungkb.errors import DatasetError
from kampungkb.models._schema import Column, TableSchema

__all__ = [
    "AUX_COLUMNS",
    "PARTS_TOTALS",
    "TABLE_SYNONYMS",
    "canonical_schemas",
    "input_columns",
    "normalise_name",
]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_name(text: str) -> str:
    """``"Tgl. Lahir "`` → ``"tgl_lahir"``: lowercase, runs of other characters become ``_``."""
    return _NON_ALNUM.sub("_", text.strip().lower()).strip("_")


def canonical_schemas(
    schemas: Mapping[str, TableSchema] | None = None,
) -> Mapping[str, TableSchema]:
    """The schemas to validate against: ``schemas`` if given, else the models' canonical tables.

    Raises:
        DatasetError: when no schemas are given and :mod:`kampungkb.models.tables` is missing.
    """
    if schemas is not None:
        return schemas
    try:
        from kampungkb.models._canonical import CANONICAL_TABLES  # noqa: PLC0415 - optional at import
    except ImportError as exc:  # pragma: no cover - only while models is being written
        raise DatasetError.of("io.no_schemas") from exc
    return CANONICAL_TABLES


#: Source columns io accepts besides a table's own: personal ids that only serve to derive a
#: pseudonymous key and are dropped afterwards. ``{table column that receives the pseudonym:
#: auxiliary column}``; a table gets the auxiliary column when it has the receiving column.
AUX_COLUMNS: dict[str, Column] = {
    "family_id": Column(
        "kk_number",
        "VARCHAR",
        description="KK number; only used to derive the family's pseudonymous id",
        label_id="Nomor KK",
        label_en="KK number",
        personal=True,
    ),
    "person_id": Column(
        "nik",
        "VARCHAR",
        description="NIK; only used to derive the person's pseudonymous id",
        label_id="NIK",
        label_en="NIK",
        personal=True,
    ),
}

#: File stems / sheet names (normalised) that name a canonical table, besides its own name.
TABLE_SYNONYMS: dict[str, str] = {
    "desa": "villages",
    "kelurahan": "villages",
    "kampung_kb": "villages",
    "profil": "kampung_kb_profiles",
    "profil_kampung_kb": "kampung_kb_profiles",
    "keluarga": "families",
    "data_keluarga": "families",
    "penduduk": "persons",
    "individu": "persons",
    "anggota_keluarga": "persons",
    "data_penduduk": "persons",
    "poktan": "poktan_groups",
    "kelompok_kegiatan": "poktan_groups",
    "industri_rumahan": "home_industries",
    "intervensi": "interventions",
    "kegiatan": "interventions",
    "perkawinan": "marriages",
    "pernikahan": "marriages",
    "kasus_kekerasan": "violence_cases",
    "korban_kekerasan": "violence_victims",
    "pengukuran_anak": "child_measurements",
    "laporan_bulanan": "monthly_reports",
}

#: Monthly report parts that must not exceed their total: ``(parts, total)``.
PARTS_TOTALS: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        (
            "users_iud",
            "users_mow",
            "users_mop",
            "users_condom",
            "users_implant",
            "users_injectable",
            "users_pill",
            "users_other",
            "nonusers_pregnant",
            "nonusers_want_soon",
            "nonusers_later",
            "nonusers_no_more",
        ),
        "pus",
    ),
    (("families_with_toddler",), "families"),
    (("families_with_youth",), "families"),
    (("families_with_elderly",), "families"),
)


def input_columns(schema: TableSchema) -> tuple[Column, ...]:
    """Columns a source may carry for ``schema``: its own (not derived) plus auxiliary ones."""
    cols = [c for c in schema.columns if not c.derived]
    names = {c.name for c in cols}
    for receiver, aux in AUX_COLUMNS.items():
        if receiver in names and aux.name not in names:
            cols.append(aux)
    return tuple(cols)
