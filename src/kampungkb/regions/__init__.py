"""Regions through time: dated editions of the Kemendagri region list, the crosswalk between
them, and comparable geography for evaluations across editions.

kampungkb ships three editions down to villages, with names — 2018 (Permendagri 137/2017),
2022 (Kepmendagri 050-145/2022) and 2025 (Kepmendagri 300.2.2-2138/2025) — built from the
MIT-licensed compilation cahyadsn/wilayah (Copyright (c) 2017-2025 Cahya DSN), and the changes
derived between them.  Nothing is loaded until first used.

Example::

    from kampungkb import regions
    eds = regions.packaged()
    eds.edition_for("2019")                      # Edition 2018 (Permendagri 137/2017)
    eds.changes("2018", "2022", region="19")     # Bangka Belitung's changes
    regions.comparable_codes("2022", "2025")     # village code -> comparable code
"""

from __future__ import annotations

from kampungkb.models._regions import bps_village_message, looks_like_bps_village
from kampungkb.regions._bps import BpsConverter, bps_converter, bps_message
from kampungkb.regions._check import check_editions
from kampungkb.regions._compare import (
    COMPARABLE_METHODS,
    Comparable,
    comparable_codes,
    make_comparable,
)
from kampungkb.regions._crosswalk import (
    CHANGE_COLUMNS,
    CHANGE_KINDS,
    Change,
    Crosswalk,
    Undecided,
    derive_crosswalk,
    name_key,
    read_changes,
)
from kampungkb.regions._editions import EDITIONS, Edition, edition_for, period_end
from kampungkb.regions._history import EDITION_PROBLEM_COLUMNS, RegionEditions, packaged

__all__ = [
    "CHANGE_COLUMNS",
    "CHANGE_KINDS",
    "COMPARABLE_METHODS",
    "EDITIONS",
    "EDITION_PROBLEM_COLUMNS",
    "BpsConverter",
    "Change",
    "Comparable",
    "Crosswalk",
    "Edition",
    "RegionEditions",
    "Undecided",
    "bps_converter",
    "bps_message",
    "bps_village_message",
    "check_editions",
    "check_village_codes",
    "comparable_codes",
    "derive_crosswalk",
    "edition_for",
    "looks_like_bps_village",
    "make_comparable",
    "name_key",
    "packaged",
    "period_end",
    "read_changes",
]


def check_village_codes(codes: object, periods: object, **kwargs: object) -> object:
    """:meth:`RegionEditions.check_village_codes` on the packaged editions (for io)."""
    return packaged().check_village_codes(codes, periods, **kwargs)  # type: ignore[arg-type]
