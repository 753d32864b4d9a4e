"""The dated editions of the Kemendagri region list that kampungkb ships, and which applies when.

Each edition is the list of codes and names fixed by a decree of the Minister of Home Affairs.
The decree numbers and dates are cited here; how sure we are of each is said in
``confidence`` (the decree numbers are the ones the source compilation names; the dates are
from public notices or memory, see ``docs/regions.md``).
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from kampungkb.errors import RegionCodeError

__all__ = ["EDITIONS", "Edition", "edition", "edition_for", "period_end"]


@attrs.frozen
class Edition:
    """One dated edition of the Kemendagri list of region codes and names.

    Attributes:
        id: short id used everywhere (``"2018"``, ``"2022"``, ``"2025"``).
        decree: the decree that fixed the list (``"Kepmendagri 300.2.2-2138/2025"``).
        title: the decree's full title, in Bahasa Indonesia.
        date: the date the decree was signed; the edition applies to periods ending on or
            after it (until the next edition).
        date_confidence: ``"high"``, ``"medium"`` or ``"low"`` — how sure the date is.
        note_en: what else to know (predecessors, editions between this one and the next
            that kampungkb does not ship).
        note_id: the same in Bahasa Indonesia.
    """

    id: str
    decree: str
    title: str
    date: dt.date
    date_confidence: str
    note_en: str = ""
    note_id: str = ""

    def __str__(self) -> str:
        return f"{self.id} ({self.decree}, {self.date.isoformat()})"


#: The editions kampungkb ships, oldest first.
EDITIONS: tuple[Edition, ...] = (
    Edition(
        "2018",
        "Permendagri 137/2017",
        "Peraturan Menteri Dalam Negeri Nomor 137 Tahun 2017 tentang Kode dan Data Wilayah "
        "Administrasi Pemerintahan",
        dt.date(2017, 12, 29),
        "medium",
        "A ministerial regulation (Permendagri), in force for 2018 onwards; the list used "
        "until Permendagri 72/2019 and Kepmendagri 146.1-4717/2020, which kampungkb does not "
        "ship: periods of 2019-2021 use this edition. Periods before it also use it (the "
        "earliest shipped edition; Permendagri 56/2015 is not shipped).",
        "Peraturan Menteri (Permendagri), berlaku sejak 2018; dipakai sampai Permendagri "
        "72/2019 dan Kepmendagri 146.1-4717/2020, yang tidak disertakan kampungkb: periode "
        "2019-2021 memakai edisi ini. Periode sebelumnya juga memakai edisi ini (edisi "
        "tertua yang disertakan; Permendagri 56/2015 tidak disertakan).",
    ),
    Edition(
        "2022",
        "Kepmendagri 050-145/2022",
        "Keputusan Menteri Dalam Negeri Nomor 050-145 Tahun 2022 tentang Pemberian Kode, Data "
        "Wilayah Administrasi Pemerintahan, dan Pulau Tahun 2021",
        dt.date(2022, 2, 14),
        "low",
        "Revises the list of Permendagri 58/2021. Before the four new Papua provinces (laws "
        "of July and December 2022): Kepmendagri 100.1.1-6117/2022, which added them, is not "
        "shipped, so periods from 2023 until the 2025 edition use this edition.",
        "Merevisi daftar Permendagri 58/2021. Sebelum empat provinsi baru Papua (UU Juli dan "
        "Desember 2022): Kepmendagri 100.1.1-6117/2022 yang menambahkannya tidak disertakan, "
        "jadi periode 2023 sampai edisi 2025 memakai edisi ini.",
    ),
    Edition(
        "2025",
        "Kepmendagri 300.2.2-2138/2025",
        "Keputusan Menteri Dalam Negeri Nomor 300.2.2-2138 Tahun 2025 tentang Pemberian dan "
        "Pemutakhiran Kode, Data Wilayah Administrasi Pemerintahan, dan Pulau",
        dt.date(2025, 4, 25),
        "medium",
        "38 provinces, 514 regencies/cities, 7,285 districts, 83,762 villages.",
        "38 provinsi, 514 kabupaten/kota, 7.285 kecamatan, 83.762 desa/kelurahan.",
    ),
)

_BY_ID = {e.id: e for e in EDITIONS}
_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")


def edition(edition_id: str | Edition) -> Edition:
    """The shipped edition with this id (``"2018"``, ``"2022"``, ``"2025"``).

    Raises:
        RegionCodeError: no such edition (the message lists the shipped ones).
    """
    if isinstance(edition_id, Edition):
        return edition_id
    try:
        return _BY_ID[str(edition_id).strip()]
    except KeyError:
        known = ", ".join(_BY_ID)
        raise RegionCodeError.of(
            "regions.unknown_edition", edition=str(edition_id)[:20], known=known
        ) from None


def period_end(period: str | dt.date) -> dt.date:
    """The last day of a period key (``"2019"``, ``"2019-Q2"``, ``"2019-06"``) or a date."""
    if isinstance(period, dt.date):
        return period
    text = str(period).strip()
    m = _PERIOD.fullmatch(text)
    if m is None:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise RegionCodeError.of("regions.not_a_period", period=text[:20]) from None
    year = int(m.group(1))
    month = int(m.group(2)) * 3 if m.group(2) else int(m.group(3)) if m.group(3) else 12
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def edition_for(period: str | dt.date, editions: tuple[Edition, ...] = EDITIONS) -> Edition:
    """The edition that applies to a period: the latest whose decree date is on or before the
    period's last day (the list in force when the period's data were recorded and reported);
    the earliest edition for periods before every decree.

    Example:
        >>> edition_for("2019").id, edition_for("2022").id, edition_for("2025-03").id
        ('2018', '2022', '2022')
    """
    end = period_end(period)
    ordered = sorted(editions, key=lambda e: e.date)
    chosen = ordered[0]
    for ed in ordered:
        if ed.date <= end:
            chosen = ed
    return chosen
