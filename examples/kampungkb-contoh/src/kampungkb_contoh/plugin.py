"""The kampungkb plugin of "Provinsi Contoh" — a FICTIONAL province (an example to copy).

It uses three hooks:

* ``kampungkb_register_table_extensions`` — Provinsi Contoh's family census records whether a
  person holds the (fictional) *Kartu Contoh* health card: a column ``has_kartu_contoh`` on
  the ``persons`` table.
* ``kampungkb_register_measures`` — a measure other sets may reuse by id: persons holding the
  card.
* ``kampungkb_register_indicator_sets`` — the set ``contoh@2025``, defined in the TOML file
  ``sets/contoh_2025.toml`` shipped inside this package. It reuses CIKAR's shared measures
  ``pus`` and ``kb_users`` and this plugin's ``contoh_kartu_holders``, and defines its own.
"""

from __future__ import annotations

import functools
from importlib import resources

from kampungkb.indicators import IndicatorSet, Measure, load_indicator_set
from kampungkb.models import Column
from kampungkb.plugins import TableExtension, hookimpl

__all__ = [
    "KARTU_CONTOH",
    "KARTU_HOLDERS",
    "contoh_2025",
    "kampungkb_register_indicator_sets",
    "kampungkb_register_measures",
    "kampungkb_register_table_extensions",
]

#: The extra column Provinsi Contoh's family census records on every person.
KARTU_CONTOH = Column(
    name="has_kartu_contoh",
    type="BOOLEAN",
    description="The person holds a Kartu Contoh, the (fictional) provincial health card.",
    description_id="Individu memegang Kartu Contoh, kartu kesehatan provinsi (fiktif).",
    label_id="Pemegang Kartu Contoh",
    label_en="Holds a Kartu Contoh",
)

#: A shared measure: any set may reference it by id, as ``contoh@2025`` does.
KARTU_HOLDERS = Measure(
    id="contoh_kartu_holders",
    table="persons",
    filter="has_kartu_contoh",
    agg="count",
    label_id="Penduduk pemegang Kartu Contoh",
    label_en="Persons holding a Kartu Contoh",
)


@functools.cache
def contoh_2025() -> IndicatorSet:
    """The ``contoh@2025`` set, read from the TOML file shipped in this package."""
    text = resources.files("kampungkb_contoh").joinpath("sets", "contoh_2025.toml")
    return load_indicator_set(text)  # a resource: errors name the file


@hookimpl
def kampungkb_register_table_extensions() -> list[TableExtension]:
    """Add ``persons.has_kartu_contoh``."""
    return [TableExtension(table="persons", columns=(KARTU_CONTOH,))]


@hookimpl
def kampungkb_register_measures() -> list[Measure]:
    """Share ``contoh_kartu_holders``."""
    return [KARTU_HOLDERS]


@hookimpl
def kampungkb_register_indicator_sets() -> list[IndicatorSet]:
    """Register ``contoh@2025``."""
    return [contoh_2025()]
