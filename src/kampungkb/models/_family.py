"""Families and persons (family census microdata, one row per period)."""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import Field, model_validator

from kampungkb.models._base import Identifier, KampungKBModel, column_info
from kampungkb.models._enums import (
    ContraceptiveMethod,
    FertilityIntention,
    LastMenses,
    MaritalStatus,
    Relation,
    Sex,
    Wantedness,
    WelfareStage,
)
from kampungkb.models._identity import NIK, KKNumber
from kampungkb.models._village import PeriodField, VillageCodeField

__all__ = ["Family", "Person", "completed_years"]


#: The oldest plausible age in completed years (the bound of every age field).
MAX_AGE = 120


def _period_end(period: str) -> dt.date:
    """The last day of a period ``"2019"``, ``"2019-Q2"`` or ``"2019-06"``."""
    year = int(period[:4])
    if len(period) == 4:
        return dt.date(year, 12, 31)
    month = int(period[-1]) * 3 if "Q" in period else int(period[5:7])
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def completed_years(birth_date: dt.date, reference: dt.date) -> int:
    """Age in completed years at ``reference`` (a birthday on 29 February counts on 1 March)."""
    years = reference.year - birth_date.year
    if (reference.month, reference.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


#: Person fields that only a woman's row may carry (the DHS fertility detail).
_WOMEN_ONLY = (
    "ever_used_contraception",
    "last_birth_date",
    "last_birth_wanted",
    "pregnancy_wanted",
    "last_menses",
    "infecund_reported",
)


class Family(KampungKBModel):
    """A family (keluarga, one family card) in a period."""

    __table_name__ = "families"
    __description_id__ = "Keluarga (satu Kartu Keluarga/KK) pada suatu periode."

    family_id: Identifier = Field(
        description="Family identifier: a keyed pseudonym of the KK number, or a source id.",
        json_schema_extra=column_info(
            "ID keluarga",
            "Family id",
            description_id="Pengenal keluarga: pseudonim berkunci dari nomor KK, atau ID dari "
            "sumber data.",
        ),
    )
    kk_number: KKNumber | None = Field(
        None,
        description="Family card number (No. KK), 16 digits. Personal data.",
        json_schema_extra=column_info(
            "Nomor KK",
            "Family card number",
            personal=True,
            description_id="Nomor Kartu Keluarga (No. KK), 16 digit. Data pribadi.",
        ),
    )
    head_name: str | None = Field(
        None,
        description="Name of the head of the family. Personal data.",
        json_schema_extra=column_info(
            "Nama kepala keluarga",
            "Head of family",
            personal=True,
            description_id="Nama kepala keluarga. Data pribadi.",
        ),
    )
    village_code: VillageCodeField
    period: PeriodField
    welfare_stage: WelfareStage | None = Field(
        None,
        description="Tahapan Keluarga Sejahtera (BKKBN welfare stage).",
        json_schema_extra=column_info(
            "Tahapan keluarga sejahtera",
            "Welfare stage",
            description_id="Tahapan Keluarga Sejahtera menurut BKKBN (Pra Sejahtera sampai KS III "
            "Plus).",
        ),
    )
    safe_drinking_water: bool | None = Field(
        None,
        description="The family has access to safe drinking water.",
        json_schema_extra=column_info(
            "Air minum layak",
            "Safe drinking water",
            description_id="Keluarga memiliki akses ke air minum layak.",
        ),
    )
    proper_latrine: bool | None = Field(
        None,
        description="The family has a proper latrine.",
        json_schema_extra=column_info(
            "Jamban layak",
            "Proper latrine",
            description_id="Keluarga memiliki jamban layak.",
        ),
    )
    ibangga: float | None = Field(
        None,
        ge=0,
        le=100,
        description="iBangga family development index (< 40 vulnerable, 40–70, > 70 resilient).",
        json_schema_extra=column_info(
            "Indeks iBangga",
            "iBangga index",
            description_id="Indeks Pembangunan Keluarga (iBangga): < 40 rentan, 40–70 berkembang, "
            "> 70 tangguh.",
        ),
    )


class Person(KampungKBModel):
    """A member of a family in a period.

    Convention: a couple's contraceptive method (also the male methods MOP and condom) is
    recorded on the wife's row, so a man's row carries no method.  PUS (pasangan usia subur) is
    a married woman aged 15–49 at the period's reference date (:meth:`is_pus`).
    """

    __table_name__ = "persons"
    __description_id__ = "Anggota keluarga pada suatu periode."

    person_id: Identifier = Field(
        description="Person identifier: a keyed pseudonym of the NIK, or a source id.",
        json_schema_extra=column_info(
            "ID individu",
            "Person id",
            description_id="Pengenal individu: pseudonim berkunci dari NIK, atau ID dari sumber "
            "data.",
        ),
    )
    nik: NIK | None = Field(
        None,
        description="Nomor Induk Kependudukan, 16 digits. Personal data.",
        json_schema_extra=column_info(
            "NIK",
            "National identity number (NIK)",
            personal=True,
            description_id="Nomor Induk Kependudukan, 16 digit. Data pribadi.",
        ),
    )
    name: str | None = Field(
        None,
        description="Full name. Personal data.",
        json_schema_extra=column_info(
            "Nama",
            "Name",
            personal=True,
            description_id="Nama lengkap. Data pribadi.",
        ),
    )
    family_id: Identifier = Field(
        description="The family (families.family_id) the person belongs to.",
        json_schema_extra=column_info(
            "ID keluarga",
            "Family id",
            description_id="Keluarga tempat individu ini tercatat (families.family_id).",
        ),
    )
    village_code: VillageCodeField
    period: PeriodField
    relation: Relation | None = Field(
        None,
        description="Relation to the head of the family.",
        json_schema_extra=column_info(
            "Hubungan dengan kepala keluarga",
            "Relation to head",
            description_id="Hubungan individu dengan kepala keluarga.",
        ),
    )
    sex: Sex = Field(
        description="Sex: m or f.",
        json_schema_extra=column_info(
            "Jenis kelamin",
            "Sex",
            description_id="Jenis kelamin: m (laki-laki) atau f (perempuan).",
        ),
    )
    birth_date: dt.date = Field(
        description="Date of birth.",
        json_schema_extra=column_info(
            "Tanggal lahir",
            "Birth date",
            description_id="Tanggal kelahiran individu.",
        ),
    )
    marital_status: MaritalStatus | None = Field(
        None,
        description="Marital status.",
        json_schema_extra=column_info(
            "Status perkawinan",
            "Marital status",
            description_id="Status perkawinan saat pendataan.",
        ),
    )
    age_first_marriage: int | None = Field(
        None,
        ge=0,
        le=120,
        description="Age in completed years at first marriage.",
        json_schema_extra=column_info(
            "Usia kawin pertama",
            "Age at first marriage",
            description_id="Umur saat perkawinan pertama, dalam tahun penuh.",
        ),
    )
    contraceptive_method: ContraceptiveMethod | None = Field(
        None,
        description="Contraceptive method the couple uses now (null: not using).",
        json_schema_extra=column_info(
            "Metode kontrasepsi",
            "Contraceptive method",
            description_id="Metode kontrasepsi yang sedang dipakai pasangan (kosong: tidak "
            "ber-KB).",
        ),
    )
    contraception_start: dt.date | None = Field(
        None,
        description="Date the current contraceptive method was started.",
        json_schema_extra=column_info(
            "Mulai ber-KB",
            "Contraception start",
            description_id="Tanggal mulai memakai metode kontrasepsi yang sekarang.",
        ),
    )
    pregnant: bool | None = Field(
        None,
        description="Currently pregnant.",
        json_schema_extra=column_info(
            "Sedang hamil",
            "Pregnant",
            description_id="Sedang hamil saat pendataan.",
        ),
    )
    fertility_intention: FertilityIntention | None = Field(
        None,
        description="Wish for (more) children: soon, later (IAT), no more (TIAL), undecided.",
        json_schema_extra=column_info(
            "Keinginan punya anak",
            "Fertility intention",
            description_id="Keinginan punya anak (lagi): segera, ditunda (IAT), tidak ingin anak "
            "lagi (TIAL), belum memutuskan.",
        ),
    )
    has_birth_certificate: bool | None = Field(
        None,
        description="Has a birth certificate (akta kelahiran).",
        json_schema_extra=column_info(
            "Punya akta kelahiran",
            "Has birth certificate",
            description_id="Memiliki akta kelahiran.",
        ),
    )
    has_jkn: bool | None = Field(
        None,
        description="Covered by national health insurance (JKN).",
        json_schema_extra=column_info(
            "Punya JKN",
            "Has JKN health insurance",
            description_id="Terdaftar sebagai peserta Jaminan Kesehatan Nasional (JKN).",
        ),
    )
    # -- fertility detail for the DHS 2012 unmet-need algorithm (women's rows; all optional) --
    ever_used_contraception: bool | None = Field(
        None,
        description="Has ever used a contraceptive method (the couple's, on the wife's row).",
        json_schema_extra=column_info(
            "Pernah ber-KB",
            "Ever used contraception",
            description_id="Pasangan pernah memakai metode kontrasepsi (dicatat pada baris istri).",
        ),
    )
    last_birth_date: dt.date | None = Field(
        None,
        description="Date of the woman's most recent live birth (null: none recorded).",
        json_schema_extra=column_info(
            "Tanggal melahirkan terakhir",
            "Date of last birth",
            description_id="Tanggal kelahiran hidup terakhir dari perempuan ini (kosong: tidak ada "
            "yang tercatat).",
        ),
    )
    last_birth_wanted: Wantedness | None = Field(
        None,
        description="Whether the most recent birth was wanted then, later (mistimed) or not "
        "at all (no more children).",
        json_schema_extra=column_info(
            "Kelahiran terakhir diinginkan",
            "Last birth wanted",
            description_id="Apakah kelahiran terakhir diinginkan saat itu, diinginkan nanti (tidak "
            "tepat waktu) atau tidak diinginkan sama sekali (tidak ingin anak lagi).",
        ),
    )
    pregnancy_wanted: Wantedness | None = Field(
        None,
        description="For a pregnant woman: whether the current pregnancy was wanted then, "
        "later (mistimed) or not at all.",
        json_schema_extra=column_info(
            "Kehamilan diinginkan",
            "Current pregnancy wanted",
            description_id="Untuk perempuan yang sedang hamil: apakah kehamilan ini diinginkan "
            "saat itu, diinginkan nanti (tidak tepat waktu) atau tidak diinginkan sama sekali.",
        ),
    )
    last_menses: LastMenses | None = Field(
        None,
        description="When she last menstruated: within 6 months, 6 months ago or more, not "
        "since the last birth (postpartum amenorrhoea), menopausal/hysterectomy, never.",
        json_schema_extra=column_info(
            "Haid terakhir",
            "Last menstrual period",
            description_id="Kapan terakhir haid: dalam 6 bulan terakhir, 6 bulan lalu atau lebih, "
            "belum haid sejak melahirkan terakhir (amenore pascapersalinan), "
            "menopause/histerektomi, belum pernah.",
        ),
    )
    infecund_reported: bool | None = Field(
        None,
        description="Says she cannot get pregnant (including menopause or hysterectomy given "
        "as the reason for not using contraception).",
        json_schema_extra=column_info(
            "Menyatakan tidak bisa hamil",
            "Reports being infecund",
            description_id="Menyatakan tidak bisa hamil (termasuk menopause atau histerektomi yang "
            "disebut sebagai alasan tidak ber-KB).",
        ),
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.sex is Sex.m:
            if self.pregnant:
                raise ValueError("pregnant is true on a man's row")
            if self.contraceptive_method is not None:
                raise ValueError(
                    "contraceptive_method is set on a man's row; a couple's method (MOP and "
                    "condom too) is recorded on the wife's row"
                )
        if self.contraception_start is not None:
            if self.contraceptive_method is None:
                raise ValueError("contraception_start is set but contraceptive_method is empty")
            if self.contraception_start < self.birth_date:
                raise ValueError("contraception_start is before birth_date")
        if (
            self.age_first_marriage is not None
            and self.marital_status is MaritalStatus.never_married
        ):
            raise ValueError("age_first_marriage is set but marital_status is never_married")
        if self.birth_date > _period_end(self.period):
            raise ValueError(
                "birth_date is after the end of the period: a person not yet born cannot be "
                "recorded in it"
            )
        if completed_years(self.birth_date, _period_end(self.period)) > MAX_AGE:
            raise ValueError(
                f"birth_date gives an age over {MAX_AGE} years at the end of the period"
            )
        self._consistent_fertility()
        return self

    def _consistent_fertility(self) -> None:
        """Checks of the DHS fertility-detail fields (recorded on women's rows only)."""
        if self.sex is Sex.m:
            women_only = [n for n in _WOMEN_ONLY if getattr(self, n) is not None]
            if women_only:
                raise ValueError(
                    f"{', '.join(women_only)} set on a man's row; fertility details are "
                    "recorded on the woman's row"
                )
        if self.pregnancy_wanted is not None and self.pregnant is False:
            raise ValueError("pregnancy_wanted is set but pregnant is false")
        if self.last_birth_date is not None and self.last_birth_date < self.birth_date:
            raise ValueError("last_birth_date is before birth_date")
        if self.last_birth_wanted is not None and self.last_birth_date is None:
            raise ValueError("last_birth_wanted is set but last_birth_date is empty")

    def age_years(self, reference: dt.date) -> int:
        """Age in completed years at ``reference`` (the period's last day)."""
        return completed_years(self.birth_date, reference)

    def is_pus(self, reference: dt.date) -> bool:
        """PUS: a married woman aged 15–49 at ``reference``."""
        return (
            self.sex is Sex.f
            and self.marital_status is MaritalStatus.married
            and 15 <= self.age_years(reference) <= 49
        )
