"""Community groups: poktan, PATBM and home industries (Industri Rumahan)."""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import Field, model_validator

from kampungkb.models._base import Identifier, KampungKBModel, column_info
from kampungkb.models._enums import IndustryLevel, PoktanKind, Sex
from kampungkb.models._village import PeriodField, VillageCodeField

__all__ = ["HomeIndustry", "Patbm", "PoktanGroup"]


def _count(description: str, label_id: str, label_en: str) -> int | None:
    return Field(
        None, ge=0, description=description, json_schema_extra=column_info(label_id, label_en)
    )


class PoktanGroup(KampungKBModel):
    """A poktan (kelompok kegiatan: BKB, BKR, BKL, UPPKA, PIK-R) in a period."""

    __table_name__ = "poktan_groups"

    group_id: Identifier = Field(
        description="Identifier of the group.",
        json_schema_extra=column_info("ID kelompok", "Group id"),
    )
    village_code: VillageCodeField
    period: PeriodField
    kind: PoktanKind = Field(
        description="Kind of poktan: bkb, bkr, bkl, uppka or pikr.",
        json_schema_extra=column_info("Jenis poktan", "Group kind"),
    )
    name: str | None = Field(
        None,
        description="Name of the group.",
        json_schema_extra=column_info("Nama kelompok", "Group name"),
    )
    active: bool | None = Field(
        None,
        description="The group was active in the period.",
        json_schema_extra=column_info("Aktif", "Active"),
    )
    participants: int | None = _count(
        "Participating families (or youths for PIK-R) in the period.",
        "Jumlah peserta",
        "Participants",
    )
    target_families: int | None = _count(
        "Families the group targets (e.g. families with a toddler for BKB).",
        "Keluarga sasaran",
        "Target families",
    )


class Patbm(KampungKBModel):
    """A PATBM (Perlindungan Anak Terpadu Berbasis Masyarakat) community child-protection group.

    "Formed" in practice means a village-head decree, about ten volunteer activists and an
    action plan.  A register row: it exists from ``formed_on`` until ``dissolved_on``.
    """

    __table_name__ = "patbm"

    patbm_id: Identifier = Field(
        description="Identifier of the PATBM group.",
        json_schema_extra=column_info("ID PATBM", "PATBM id"),
    )
    village_code: VillageCodeField
    name: str | None = Field(
        None,
        description="Name of the group.",
        json_schema_extra=column_info("Nama PATBM", "PATBM name"),
    )
    formed_on: dt.date = Field(
        description="Date the group was formed.",
        json_schema_extra=column_info("Tanggal pembentukan", "Formed on"),
    )
    dissolved_on: dt.date | None = Field(
        None,
        description="Date the group ceased (null while it exists).",
        json_schema_extra=column_info("Tanggal bubar", "Dissolved on"),
    )
    decree_number: str | None = Field(
        None,
        description="Number of the village-head decree (SK) forming the group.",
        json_schema_extra=column_info("Nomor SK", "Decree number"),
    )
    activists: int | None = _count("Number of volunteer activists.", "Jumlah aktivis", "Activists")
    has_action_plan: bool | None = Field(
        None,
        description="The group has an action plan.",
        json_schema_extra=column_info("Ada rencana aksi", "Has action plan"),
    )
    activities: int | None = _count("Number of activities held.", "Jumlah kegiatan", "Activities")

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

    industry_id: Identifier = Field(
        description="Identifier of the home industry.",
        json_schema_extra=column_info("ID industri rumahan", "Home industry id"),
    )
    village_code: VillageCodeField
    owner_name: str | None = Field(
        None,
        description="Name of the owner. Personal data.",
        json_schema_extra=column_info("Nama pemilik", "Owner name", personal=True),
    )
    owner_sex: Sex | None = Field(
        None,
        description="Sex of the owner.",
        json_schema_extra=column_info("Jenis kelamin pemilik", "Owner sex"),
    )
    started_on: dt.date = Field(
        description="Date the business started.",
        json_schema_extra=column_info("Tanggal mulai", "Started on"),
    )
    closed_on: dt.date | None = Field(
        None,
        description="Date the business closed (null while it runs).",
        json_schema_extra=column_info("Tanggal tutup", "Closed on"),
    )
    level: IndustryLevel | None = Field(
        None,
        description="Level: IR 1 beginner, IR 2 developing, IR 3 advanced.",
        json_schema_extra=column_info("Level industri rumahan", "Level"),
    )
    product: str | None = Field(
        None,
        description="Main product.",
        json_schema_extra=column_info("Produk", "Product"),
    )
    has_permit: bool | None = Field(
        None,
        description="Holds a business permit (PIRT or NIB).",
        json_schema_extra=column_info("Punya izin (PIRT/NIB)", "Has permit (PIRT/NIB)"),
    )
    workers: int | None = _count("Number of workers.", "Jumlah pekerja", "Workers")

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.closed_on is not None and self.closed_on < self.started_on:
            raise ValueError("closed_on is before started_on")
        return self
