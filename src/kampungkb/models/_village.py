"""Villages designated Kampung KB and their periodic Kampung KB profile."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self, TypeVar

from pydantic import AfterValidator, Field, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from kampungkb.models._base import KampungKBModel, column_info
from kampungkb.models._enums import (
    DataSource,
    Frequency,
    FundingSource,
    Programme,
    Scope,
    VillageCriterion,
)
from kampungkb.models._periods import Period
from kampungkb.models._regions import VillageCode

__all__ = ["Codes", "KampungKBProfile", "PeriodField", "Village", "VillageCodeField"]

_T = TypeVar("_T")


def _unique(values: list[_T]) -> list[_T]:
    if len(set(values)) != len(values):
        raise ValueError("each code may appear only once")
    return values


class _UniqueItems:
    """JSON Schema of a list of distinct codes: ``"uniqueItems": true`` (what ``_unique``
    checks)."""

    def __get_pydantic_json_schema__(self, schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = handler(schema)
        out["uniqueItems"] = True
        return out


#: A list of distinct codes (a ``VARCHAR[]`` column).
Codes = Annotated[list[_T], AfterValidator(_unique), _UniqueItems()]


#: The required ``village_code`` field shared by every model.
VillageCodeField = Annotated[
    VillageCode,
    Field(
        description="Kemendagri code of the village (desa/kelurahan), PP.KK.CC.DDDD.",
        json_schema_extra=column_info(
            "Kode desa/kelurahan",
            "Village code",
            description_id="Kode desa/kelurahan menurut Kemendagri, dengan format PP.KK.CC.DDDD.",
        ),
    ),
]

#: The required ``period`` field of snapshot models.
PeriodField = Annotated[
    Period,
    Field(
        description='Period the row describes: year "2019", quarter "2019-Q2" or month "2019-06".',
        json_schema_extra=column_info(
            "Periode",
            "Period",
            description_id='Periode yang digambarkan baris ini: tahun "2019", triwulan "2019-Q2" '
            'atau bulan "2019-06".',
        ),
    ),
]


class Village(KampungKBModel):
    """A village (desa/kelurahan) designated Kampung KB (one row per village)."""

    __table_name__ = "villages"
    __description_id__ = "Desa/kelurahan yang dicanangkan sebagai Kampung KB (satu baris per desa)."

    village_code: VillageCodeField
    name: str | None = Field(
        None,
        description="Official name of the village.",
        json_schema_extra=column_info(
            "Nama desa/kelurahan",
            "Village name",
            description_id="Nama resmi desa/kelurahan.",
        ),
    )
    kampung_kb_name: str | None = Field(
        None,
        description="Name of the Kampung KB (often the village, a dusun or an RW).",
        json_schema_extra=column_info(
            "Nama Kampung KB",
            "Kampung KB name",
            description_id="Nama Kampung KB (sering kali sama dengan nama desa, dusun atau RW).",
        ),
    )
    designated_on: dt.date | None = Field(
        None,
        description="Date the village was designated (declared) a Kampung KB.",
        json_schema_extra=column_info(
            "Tanggal pencanangan",
            "Designation date",
            description_id="Tanggal desa dicanangkan sebagai Kampung KB.",
        ),
    )
    decree_number: str | None = Field(
        None,
        description="Number of the decree (SK) designating the Kampung KB.",
        json_schema_extra=column_info(
            "Nomor SK",
            "Decree number",
            description_id="Nomor surat keputusan (SK) pembentukan Kampung KB.",
        ),
    )
    scope: Scope | None = Field(
        None,
        description="Area the Kampung KB covers: whole village, a dusun or an RW.",
        json_schema_extra=column_info(
            "Cakupan wilayah",
            "Scope",
            description_id="Wilayah yang dicakup Kampung KB: seluruh desa, satu dusun atau satu "
            "RW.",
        ),
    )
    criteria: Codes[VillageCriterion] | None = Field(
        None,
        description="Designation criteria the village met (BKKBN juknis 2016; Perban 20/2023).",
        json_schema_extra=column_info(
            "Kriteria pembentukan",
            "Designation criteria",
            description_id="Kriteria pembentukan yang dipenuhi desa (juknis BKKBN 2016; Perban "
            "20/2023).",
        ),
    )
    cikar: bool | None = Field(
        None,
        description="Designated Kampung KB CIKAR (Pergub Bangka Belitung 40/2018).",
        json_schema_extra=column_info(
            "Kampung KB CIKAR",
            "CIKAR Kampung KB",
            description_id="Ditetapkan sebagai Kampung KB CIKAR (Pergub Bangka Belitung 40/2018).",
        ),
    )


def _flag(description: str, label_id: str, label_en: str, *, description_id: str) -> bool | None:
    return Field(
        None,
        description=description,
        json_schema_extra=column_info(label_id, label_en, description_id=description_id),
    )


def _frequency(what_en: str, what_id: str, *, description_id: str) -> Frequency | None:
    return Field(
        None,
        description=f"How often the Kampung KB holds {what_en}.",
        json_schema_extra=column_info(
            f"Frekuensi {what_id}",
            f"{what_en.capitalize()} frequency",
            description_id=description_id,
        ),
    )


class KampungKBProfile(KampungKBModel):
    """The Kampung KB profile of a village in a period (input and process variables)."""

    __table_name__ = "kampung_kb_profiles"
    __description_id__ = (
        "Profil Kampung KB suatu desa pada suatu periode (variabel masukan dan proses)."
    )

    village_code: VillageCodeField
    period: PeriodField
    recorded_on: dt.date | None = Field(
        None,
        description="Date the profile was recorded.",
        json_schema_extra=column_info(
            "Tanggal pencatatan",
            "Recorded on",
            description_id="Tanggal profil dicatat.",
        ),
    )
    has_pokja: bool | None = _flag(
        "A Kampung KB working group (Pokja) exists.",
        "Ada Pokja",
        "Has a working group (Pokja)",
        description_id="Sudah ada kelompok kerja (Pokja) Kampung KB.",
    )
    pokja_decree: bool | None = _flag(
        "The Pokja has a decree (SK).",
        "Pokja ber-SK",
        "Working group has a decree",
        description_id="Pokja sudah memiliki SK.",
    )
    pokja_trained: bool | None = _flag(
        "Pokja members have been trained.",
        "Pokja terlatih",
        "Working group trained",
        description_id="Anggota Pokja sudah mendapat pelatihan.",
    )
    pokja_members: int | None = Field(
        None,
        ge=0,
        description="Number of Pokja members.",
        json_schema_extra=column_info(
            "Jumlah anggota Pokja",
            "Working group members",
            description_id="Banyaknya anggota Pokja (orang).",
        ),
    )
    has_field_worker: bool | None = _flag(
        "A family-planning field worker (PKB/PLKB) serves the village.",
        "Ada PKB/PLKB",
        "Has a field worker (PKB/PLKB)",
        description_id="Desa dilayani penyuluh KB (PKB/PLKB).",
    )
    has_regulation: bool | None = _flag(
        "A village regulation or decree supports the Kampung KB.",
        "Ada regulasi/SK pendukung",
        "Has a supporting regulation",
        description_id="Ada peraturan desa atau SK yang mendukung Kampung KB.",
    )
    has_work_plan: bool | None = _flag(
        "A community work plan (rencana kegiatan masyarakat) exists.",
        "Ada rencana kegiatan masyarakat",
        "Has a community work plan",
        description_id="Sudah ada rencana kegiatan masyarakat (RKM).",
    )
    funding_sources: Codes[FundingSource] | None = Field(
        None,
        description="Sources funding Kampung KB activities.",
        json_schema_extra=column_info(
            "Sumber dana",
            "Funding sources",
            description_id="Sumber pendanaan kegiatan Kampung KB.",
        ),
    )
    programmes: Codes[Programme] | None = Field(
        None,
        description="Programmes and poktan present in the village.",
        json_schema_extra=column_info(
            "Program/kelompok kegiatan",
            "Programmes",
            description_id="Program dan kelompok kegiatan (poktan) yang ada di desa.",
        ),
    )
    has_secretariat: bool | None = _flag(
        "The Kampung KB has a secretariat.",
        "Ada sekretariat",
        "Has a secretariat",
        description_id="Kampung KB memiliki sekretariat.",
    )
    has_rumah_dataku: bool | None = _flag(
        "The Kampung KB has a Rumah DataKu (data house).",
        "Ada Rumah DataKu",
        "Has Rumah DataKu",
        description_id="Kampung KB memiliki Rumah DataKu (Rumah Data Kependudukan dan Informasi "
        "Keluarga).",
    )
    data_sources: Codes[DataSource] | None = Field(
        None,
        description="Data sources used for planning.",
        json_schema_extra=column_info(
            "Sumber data",
            "Data sources",
            description_id="Sumber data yang dipakai dalam perencanaan.",
        ),
    )
    freq_coordination: Frequency | None = _frequency(
        "coordination meetings",
        "rapat koordinasi",
        description_id="Seberapa sering Kampung KB mengadakan rapat koordinasi.",
    )
    freq_socialisation: Frequency | None = _frequency(
        "socialisation",
        "sosialisasi",
        description_id="Seberapa sering Kampung KB melakukan sosialisasi.",
    )
    freq_planning: Frequency | None = _frequency(
        "planning meetings",
        "rapat perencanaan",
        description_id="Seberapa sering Kampung KB mengadakan rapat perencanaan.",
    )
    freq_monitoring: Frequency | None = _frequency(
        "monitoring and evaluation",
        "monitoring dan evaluasi",
        description_id="Seberapa sering Kampung KB melakukan monitoring dan evaluasi.",
    )
    freq_reporting: Frequency | None = _frequency(
        "reporting",
        "pelaporan",
        description_id="Seberapa sering Kampung KB menyampaikan laporan.",
    )

    @model_validator(mode="after")
    def _pokja_consistent(self) -> Self:
        if self.has_pokja is False and (
            self.pokja_decree or self.pokja_trained or (self.pokja_members or 0) > 0
        ):
            raise ValueError(
                "has_pokja is false but pokja_decree, pokja_trained or pokja_members say "
                "a working group exists"
            )
        return self
