"""The monthly aggregate report of a Kampung KB (counts, not microdata)."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, model_validator

from kampungkb.models._base import KampungKBModel, column_info
from kampungkb.models._periods import MonthPeriod
from kampungkb.models._village import VillageCodeField

__all__ = ["MonthlyReport"]


def _n(description: str, label_id: str, label_en: str, *, description_id: str) -> int | None:
    return Field(
        None,
        ge=0,
        description=description,
        json_schema_extra=column_info(label_id, label_en, description_id=description_id),
    )


def _users(method_en: str, method_id: str, *, description_id: str) -> int | None:
    return _n(
        f"PUS using {method_en}.",
        f"Peserta KB aktif {method_id}",
        f"Users of {method_en}",
        description_id=description_id,
    )


class MonthlyReport(KampungKBModel):
    """A Kampung KB's monthly report: PUS, contraceptive users by method, non-users by reason,
    families and poktan participants.

    Its counts enter the engine as data values with the same measure ids as microdata.
    """

    __table_name__ = "monthly_reports"
    __description_id__ = (
        "Laporan bulanan Kampung KB: PUS, peserta KB aktif menurut metode, PUS bukan peserta KB "
        "menurut alasan, keluarga dan peserta poktan."
    )

    village_code: VillageCodeField
    period: Annotated[
        MonthPeriod,
        Field(
            description='Month the report covers, e.g. "2019-06".',
            json_schema_extra=column_info(
                "Bulan laporan",
                "Report month",
                description_id='Bulan yang dilaporkan, mis. "2019-06".',
            ),
        ),
    ]
    pus: int | None = _n(
        "Couples of reproductive age (PUS).",
        "Jumlah PUS",
        "Couples of reproductive age (PUS)",
        description_id="Banyaknya pasangan usia subur (PUS).",
    )
    users_iud: int | None = _users(
        "IUD",
        "IUD",
        description_id="Banyaknya PUS peserta KB aktif yang memakai IUD.",
    )
    users_mow: int | None = _users(
        "tubectomy (MOW)",
        "MOW",
        description_id="Banyaknya PUS peserta KB aktif dengan MOW (tubektomi).",
    )
    users_mop: int | None = _users(
        "vasectomy (MOP)",
        "MOP",
        description_id="Banyaknya PUS peserta KB aktif dengan MOP (vasektomi).",
    )
    users_condom: int | None = _users(
        "condoms",
        "kondom",
        description_id="Banyaknya PUS peserta KB aktif yang memakai kondom.",
    )
    users_implant: int | None = _users(
        "implants",
        "implan",
        description_id="Banyaknya PUS peserta KB aktif yang memakai implan.",
    )
    users_injectable: int | None = _users(
        "injectables",
        "suntik",
        description_id="Banyaknya PUS peserta KB aktif yang memakai KB suntik.",
    )
    users_pill: int | None = _users(
        "the pill",
        "pil",
        description_id="Banyaknya PUS peserta KB aktif yang memakai pil KB.",
    )
    users_other: int | None = _users(
        "other methods",
        "metode lain",
        description_id="Banyaknya PUS peserta KB aktif yang memakai metode lain.",
    )
    nonusers_pregnant: int | None = _n(
        "Non-using PUS who are pregnant.",
        "Bukan peserta KB: hamil",
        "Non-users: pregnant",
        description_id="PUS bukan peserta KB yang sedang hamil.",
    )
    nonusers_want_soon: int | None = _n(
        "Non-using PUS who want a child soon.",
        "Bukan peserta KB: ingin anak segera",
        "Non-users: want a child soon",
        description_id="PUS bukan peserta KB yang ingin anak segera.",
    )
    nonusers_later: int | None = _n(
        "Non-using PUS who want a child later (IAT).",
        "Bukan peserta KB: ingin anak ditunda (IAT)",
        "Non-users: want a child later (IAT)",
        description_id="PUS bukan peserta KB yang ingin anak ditunda (IAT).",
    )
    nonusers_no_more: int | None = _n(
        "Non-using PUS who want no more children (TIAL).",
        "Bukan peserta KB: tidak ingin anak lagi (TIAL)",
        "Non-users: want no more children (TIAL)",
        description_id="PUS bukan peserta KB yang tidak ingin anak lagi (TIAL).",
    )
    families: int | None = _n(
        "Families in the village.",
        "Jumlah keluarga",
        "Families",
        description_id="Banyaknya keluarga di desa.",
    )
    families_with_toddler: int | None = _n(
        "Families with a child under five.",
        "Keluarga dengan balita",
        "Families with a toddler",
        description_id="Keluarga yang memiliki anak balita (di bawah lima tahun).",
    )
    families_with_youth: int | None = _n(
        "Families with a youth aged 10–24.",
        "Keluarga dengan remaja",
        "Families with a youth",
        description_id="Keluarga yang memiliki remaja berumur 10–24 tahun.",
    )
    families_with_elderly: int | None = _n(
        "Families with a member aged 60+.",
        "Keluarga dengan lansia",
        "Families with elderly",
        description_id="Keluarga yang memiliki anggota berumur 60 tahun ke atas.",
    )
    youths: int | None = _n(
        "Youths aged 10–24.",
        "Jumlah remaja",
        "Youths",
        description_id="Banyaknya remaja berumur 10–24 tahun.",
    )
    participants_bkb: int | None = _n(
        "Families taking part in BKB.",
        "Peserta BKB",
        "BKB participants",
        description_id="Keluarga yang ikut serta dalam BKB (Bina Keluarga Balita).",
    )
    participants_bkr: int | None = _n(
        "Families taking part in BKR.",
        "Peserta BKR",
        "BKR participants",
        description_id="Keluarga yang ikut serta dalam BKR (Bina Keluarga Remaja).",
    )
    participants_bkl: int | None = _n(
        "Families taking part in BKL.",
        "Peserta BKL",
        "BKL participants",
        description_id="Keluarga yang ikut serta dalam BKL (Bina Keluarga Lansia).",
    )
    participants_uppka: int | None = _n(
        "Families taking part in UPPKA.",
        "Peserta UPPKA",
        "UPPKA participants",
        description_id="Keluarga yang ikut serta dalam UPPKA (Usaha Peningkatan Pendapatan "
        "Keluarga Akseptor).",
    )
    participants_pikr: int | None = _n(
        "Youths taking part in PIK-R.",
        "Peserta PIK-R",
        "PIK-R participants",
        description_id="Remaja yang ikut serta dalam PIK-R (Pusat Informasi dan Konseling Remaja).",
    )

    @property
    def users_total(self) -> int:
        """Contraceptive users, all methods (missing counts as 0)."""
        return sum(getattr(self, name) or 0 for name in _USER_FIELDS)

    @property
    def nonusers_total(self) -> int:
        """Non-users by reason, all reasons (missing counts as 0)."""
        return sum(getattr(self, name) or 0 for name in _NONUSER_FIELDS)

    @model_validator(mode="after")
    def _within_pus(self) -> Self:
        if self.pus is not None and self.users_total + self.nonusers_total > self.pus:
            raise ValueError(
                f"users ({self.users_total}) plus non-users by reason ({self.nonusers_total}) "
                f"exceed pus ({self.pus})"
            )
        if self.families is not None:
            for name in ("families_with_toddler", "families_with_youth", "families_with_elderly"):
                value = getattr(self, name)
                if value is not None and value > self.families:
                    raise ValueError(f"{name} ({value}) exceeds families ({self.families})")
        return self


_USER_FIELDS = tuple(n for n in MonthlyReport.model_fields if n.startswith("users_"))
_NONUSER_FIELDS = tuple(n for n in MonthlyReport.model_fields if n.startswith("nonusers_"))
