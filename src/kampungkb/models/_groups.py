"""Community groups: poktan, PATBM and home industries (Industri Rumahan)."""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import Field, model_validator

from kampungkb.models._base import Identifier, KampungKBModel, column_info
from kampungkb.models._enums import IndustryLevel, PoktanKind, Sex
from kampungkb.models._village import PeriodField, VillageCodeField

__all__ = ["HomeIndustry", "Patbm", "PoktanGroup"]


def _count(description: str, label_id: str, label_en: str, *, description_id: str) -> int | None:
    return Field(
        None,
        ge=0,
        description=description,
        json_schema_extra=column_info(label_id, label_en, description_id=description_id),
    )


class PoktanGroup(KampungKBModel):
    """A poktan (kelompok kegiatan: BKB, BKR, BKL, UPPKA, PIK-R) in a period."""

    __table_name__ = "poktan_groups"
    __description_id__ = (
        "Kelompok kegiatan (poktan: BKB, BKR, BKL, UPPKA, PIK-R) pada suatu periode."
    )

    group_id: Identifier = Field(
        description="Identifier of the group.",
        json_schema_extra=column_info(
            "ID kelompok",
            "Group id",
            description_id="Pengenal kelompok.",
        ),
    )
    village_code: VillageCodeField
    period: PeriodField
    kind: PoktanKind = Field(
        description="Kind of poktan: bkb, bkr, bkl, uppka or pikr.",
        json_schema_extra=column_info(
            "Jenis poktan",
            "Group kind",
            description_id="Jenis poktan: bkb, bkr, bkl, uppka atau pikr.",
        ),
    )
    name: str | None = Field(
        None,
        description="Name of the group.",
        json_schema_extra=column_info(
            "Nama kelompok",
            "Group name",
            description_id="Nama kelompok kegiatan.",
        ),
    )
    active: bool | None = Field(
        None,
        description="The group was active in the period.",
        json_schema_extra=column_info(
            "Aktif",
            "Active",
            description_id="Kelompok aktif berkegiatan pada periode ini.",
        ),
    )
    participants: int | None = _count(
        "Participating families (or youths for PIK-R) in the period.",
        "Jumlah peserta",
        "Participants",
        description_id="Banyaknya keluarga peserta (atau remaja untuk PIK-R) pada periode ini.",
    )
    target_families: int | None = _count(
        "Families the group targets (e.g. families with a toddler for BKB).",
        "Keluarga sasaran",
        "Target families",
        description_id="Banyaknya keluarga sasaran kelompok (mis. keluarga dengan balita untuk "
        "BKB).",
    )


class Patbm(KampungKBModel):
    """A PATBM (Perlindungan Anak Terpadu Berbasis Masyarakat) community child-protection group.

    "Formed" in practice means a village-head decree, about ten volunteer activists and an
    action plan.  A register row: it exists from ``formed_on`` until ``dissolved_on``.
    """

    __table_name__ = "patbm"
    __description_id__ = "Kelompok PATBM (Perlindungan Anak Terpadu Berbasis Masyarakat) di desa."

    patbm_id: Identifier = Field(
        description="Identifier of the PATBM group.",
        json_schema_extra=column_info(
            "ID PATBM",
            "PATBM id",
            description_id="Pengenal kelompok PATBM.",
        ),
    )
    village_code: VillageCodeField
    name: str | None = Field(
        None,
        description="Name of the group.",
        json_schema_extra=column_info(
            "Nama PATBM",
            "PATBM name",
            description_id="Nama kelompok PATBM.",
        ),
    )
    formed_on: dt.date = Field(
        description="Date the group was formed.",
        json_schema_extra=column_info(
            "Tanggal pembentukan",
            "Formed on",
            description_id="Tanggal kelompok dibentuk.",
        ),
    )
    dissolved_on: dt.date | None = Field(
        None,
        description="Date the group ceased (null while it exists).",
        json_schema_extra=column_info(
            "Tanggal bubar",
            "Dissolved on",
            description_id="Tanggal kelompok bubar (kosong selama masih ada).",
        ),
    )
    decree_number: str | None = Field(
        None,
        description="Number of the village-head decree (SK) forming the group.",
        json_schema_extra=column_info(
            "Nomor SK",
            "Decree number",
            description_id="Nomor SK kepala desa tentang pembentukan kelompok.",
        ),
    )
    activists: int | None = _count(
        "Number of volunteer activists.",
        "Jumlah aktivis",
        "Activists",
        description_id="Banyaknya aktivis relawan.",
    )
    has_action_plan: bool | None = Field(
        None,
        description="The group has an action plan.",
        json_schema_extra=column_info(
            "Ada rencana aksi",
            "Has action plan",
            description_id="Kelompok sudah memiliki rencana aksi.",
        ),
    )
    activities: int | None = _count(
        "Number of activities held.",
        "Jumlah kegiatan",
        "Activities",
        description_id="Banyaknya kegiatan yang sudah dilaksanakan.",
    )

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.dissolved_on is not None and self.dissolved_on < self.formed_on:
            raise ValueError("dissolved_on is before formed_on")
        return self


class HomeIndustry(KampungKBModel):
    """An Industri Rumahan: a home-based micro business run by women (Permen PPPA 2/2016).

    A register row: it exists from ``started_on`` until ``closed_on``.
    """

    __table_name__ = "home_industries"
    __description_id__ = (
        "Industri Rumahan: usaha mikro berbasis rumah tangga yang dijalankan perempuan (Permen "
        "PPPA 2/2016)."
    )

    industry_id: Identifier = Field(
        description="Identifier of the home industry.",
        json_schema_extra=column_info(
            "ID industri rumahan",
            "Home industry id",
            description_id="Pengenal industri rumahan.",
        ),
    )
    village_code: VillageCodeField
    owner_name: str | None = Field(
        None,
        description="Name of the owner. Personal data.",
        json_schema_extra=column_info(
            "Nama pemilik",
            "Owner name",
            personal=True,
            description_id="Nama pemilik usaha. Data pribadi.",
        ),
    )
    owner_sex: Sex | None = Field(
        None,
        description="Sex of the owner.",
        json_schema_extra=column_info(
            "Jenis kelamin pemilik",
            "Owner sex",
            description_id="Jenis kelamin pemilik usaha.",
        ),
    )
    started_on: dt.date = Field(
        description="Date the business started.",
        json_schema_extra=column_info(
            "Tanggal mulai",
            "Started on",
            description_id="Tanggal usaha mulai berjalan.",
        ),
    )
    closed_on: dt.date | None = Field(
        None,
        description="Date the business closed (null while it runs).",
        json_schema_extra=column_info(
            "Tanggal tutup",
            "Closed on",
            description_id="Tanggal usaha tutup (kosong selama masih berjalan).",
        ),
    )
    level: IndustryLevel | None = Field(
        None,
        description="Level: IR 1 beginner, IR 2 developing, IR 3 advanced.",
        json_schema_extra=column_info(
            "Level industri rumahan",
            "Level",
            description_id="Level: IR 1 pemula, IR 2 berkembang, IR 3 maju.",
        ),
    )
    product: str | None = Field(
        None,
        description="Main product.",
        json_schema_extra=column_info("Produk", "Product", description_id="Produk utama usaha."),
    )
    has_permit: bool | None = Field(
        None,
        description="Holds a business permit (PIRT or NIB).",
        json_schema_extra=column_info(
            "Punya izin (PIRT/NIB)",
            "Has permit (PIRT/NIB)",
            description_id="Memiliki izin usaha (PIRT atau NIB).",
        ),
    )
    workers: int | None = _count(
        "Number of workers.",
        "Jumlah pekerja",
        "Workers",
        description_id="Banyaknya pekerja.",
    )

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.closed_on is not None and self.closed_on < self.started_on:
            raise ValueError("closed_on is before started_on")
        return self
