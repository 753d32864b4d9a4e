"""Events: cross-sector interventions, marriages, violence cases and child measurements."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import Field, model_validator

from kampungkb.models._base import Identifier, KampungKBModel, column_info
from kampungkb.models._enums import (
    FamilyFunction,
    FundingSource,
    MeasurementPosition,
    Sector,
    Sex,
    TargetGroup,
    ViolenceType,
)
from kampungkb.models._village import Codes, VillageCodeField

__all__ = [
    "ChildMeasurement",
    "EventDateField",
    "Intervention",
    "Marriage",
    "ViolenceCase",
    "ViolenceVictim",
]

#: The required ``date`` field of event models.
EventDateField = Annotated[
    dt.date,
    Field(
        description="Date of the event; assigns the row to a period.",
        json_schema_extra=column_info(
            "Tanggal",
            "Date",
            description_id="Tanggal kejadian; menentukan periode baris ini.",
        ),
    ),
]


def _age(description: str, label_id: str, label_en: str, *, description_id: str) -> int | None:
    return Field(
        None,
        ge=0,
        le=120,
        description=description,
        json_schema_extra=column_info(label_id, label_en, description_id=description_id),
    )


class Intervention(KampungKBModel):
    """An activity by an agency in the village (cross-sector intervention)."""

    __table_name__ = "interventions"
    __description_id__ = "Kegiatan suatu instansi di desa (intervensi lintas sektor)."

    intervention_id: Identifier = Field(
        description="Identifier of the intervention.",
        json_schema_extra=column_info(
            "ID kegiatan",
            "Intervention id",
            description_id="Pengenal kegiatan.",
        ),
    )
    village_code: VillageCodeField
    date: EventDateField
    agency: Identifier = Field(
        description='Agency that carried it out (free text, e.g. "Dinas Kesehatan").',
        json_schema_extra=column_info(
            "Instansi",
            "Agency",
            description_id='Instansi pelaksana (teks bebas, mis. "Dinas Kesehatan").',
        ),
    )
    sector: Sector | None = Field(
        None,
        description="Sector of the intervention.",
        json_schema_extra=column_info("Sektor", "Sector", description_id="Sektor kegiatan."),
    )
    family_function: FamilyFunction | None = Field(
        None,
        description="Which of the eight family functions the activity serves.",
        json_schema_extra=column_info(
            "Fungsi keluarga",
            "Family function",
            description_id="Fungsi keluarga (dari delapan fungsi keluarga) yang didukung kegiatan.",
        ),
    )
    target_group: TargetGroup | None = Field(
        None,
        description="Target group of the activity.",
        json_schema_extra=column_info(
            "Sasaran",
            "Target group",
            description_id="Kelompok sasaran kegiatan.",
        ),
    )
    funding_source: FundingSource | None = Field(
        None,
        description="Source of the activity's funding.",
        json_schema_extra=column_info(
            "Sumber dana",
            "Funding source",
            description_id="Sumber dana kegiatan.",
        ),
    )


class Marriage(KampungKBModel):
    """A marriage registered in the village."""

    __table_name__ = "marriages"
    __description_id__ = "Perkawinan yang tercatat di desa."

    marriage_id: Identifier = Field(
        description="Identifier of the marriage.",
        json_schema_extra=column_info(
            "ID perkawinan",
            "Marriage id",
            description_id="Pengenal perkawinan.",
        ),
    )
    village_code: VillageCodeField
    date: EventDateField
    husband_age: int | None = _age(
        "Husband's age in completed years at marriage.",
        "Usia suami",
        "Husband's age",
        description_id="Umur suami saat menikah, dalam tahun penuh.",
    )
    wife_age: int | None = _age(
        "Wife's age in completed years at marriage.",
        "Usia istri",
        "Wife's age",
        description_id="Umur istri saat menikah, dalam tahun penuh.",
    )


class ViolenceVictim(KampungKBModel):
    """A victim of a violence case (one case can have several victims).

    In the canonical bulk form victims are their own table (``violence_victims``) carrying the
    case's ``case_id``, ``village_code`` and ``date``.
    """

    __table_name__ = "violence_victims"
    __description_id__ = "Korban suatu kasus kekerasan (satu kasus dapat memiliki beberapa korban)."

    victim_id: Identifier = Field(
        description="Identifier of the victim (within the data set).",
        json_schema_extra=column_info(
            "ID korban",
            "Victim id",
            description_id="Pengenal korban (unik dalam satu set data).",
        ),
    )
    age: int | None = _age(
        "Victim's age in completed years.",
        "Usia korban",
        "Victim's age",
        description_id="Umur korban, dalam tahun penuh.",
    )
    sex: Sex | None = Field(
        None,
        description="Victim's sex.",
        json_schema_extra=column_info(
            "Jenis kelamin korban",
            "Victim's sex",
            description_id="Jenis kelamin korban: m (laki-laki) atau f (perempuan).",
        ),
    )


class ViolenceCase(KampungKBModel):
    """A reported case of violence against women or children (as in SIMFONI-PPA)."""

    __table_name__ = "violence_cases"
    __description_id__ = (
        "Kasus kekerasan terhadap perempuan atau anak yang dilaporkan (seperti dalam SIMFONI-PPA)."
    )

    case_id: Identifier = Field(
        description="Identifier of the case.",
        json_schema_extra=column_info("ID kasus", "Case id", description_id="Pengenal kasus."),
    )
    village_code: VillageCodeField
    date: EventDateField
    types: Codes[ViolenceType] | None = Field(
        None,
        description="Types of violence in the case (several are possible).",
        json_schema_extra=column_info(
            "Jenis kekerasan",
            "Types of violence",
            description_id="Jenis kekerasan dalam kasus ini (boleh lebih dari satu).",
        ),
    )
    reported_to: str | None = Field(
        None,
        description="Where the case was reported (free text, e.g. P2TP2A, police).",
        json_schema_extra=column_info(
            "Dilaporkan ke",
            "Reported to",
            description_id="Tempat kasus dilaporkan (teks bebas, mis. P2TP2A, kepolisian).",
        ),
    )
    victims: list[ViolenceVictim] = Field(
        default_factory=list,
        description="The case's victims (the violence_victims table in bulk form).",
        json_schema_extra=column_info(
            "Korban",
            "Victims",
            description_id="Para korban dalam kasus ini (pada data berbentuk tabel, menjadi "
            "tabel violence_victims).",
        ),
    )

    @model_validator(mode="after")
    def _unique_victims(self) -> Self:
        ids = [v.victim_id for v in self.victims]
        if len(set(ids)) != len(ids):
            raise ValueError("victim_id must be unique within a case")
        return self


class ChildMeasurement(KampungKBModel):
    """A length/height (and weight) measurement of a child, e.g. at the posyandu.

    The engine derives ``age_days``, ``haz`` (length/height-for-age z-score, WHO 2006) and
    ``haz_flag``.
    """

    __table_name__ = "child_measurements"
    __description_id__ = "Pengukuran panjang/tinggi badan (dan berat badan) anak, mis. di posyandu."

    measurement_id: Identifier = Field(
        description="Identifier of the measurement.",
        json_schema_extra=column_info(
            "ID pengukuran",
            "Measurement id",
            description_id="Pengenal pengukuran.",
        ),
    )
    child_id: Identifier = Field(
        description="Pseudonymous identifier of the child.",
        json_schema_extra=column_info(
            "ID anak",
            "Child id",
            description_id="Pengenal anak berupa pseudonim.",
        ),
    )
    village_code: VillageCodeField
    date: EventDateField
    sex: Sex = Field(
        description="Child's sex.",
        json_schema_extra=column_info(
            "Jenis kelamin",
            "Sex",
            description_id="Jenis kelamin anak: m (laki-laki) atau f (perempuan).",
        ),
    )
    birth_date: dt.date = Field(
        description="Child's date of birth.",
        json_schema_extra=column_info(
            "Tanggal lahir",
            "Birth date",
            description_id="Tanggal lahir anak.",
        ),
    )
    height_cm: float | None = Field(
        None,
        ge=30,
        le=150,
        description="Length (lying) or height (standing) in centimetres.",
        json_schema_extra=column_info(
            "Panjang/tinggi badan (cm)",
            "Length/height (cm)",
            description_id="Panjang badan (diukur telentang) atau tinggi badan (diukur berdiri), "
            "dalam sentimeter.",
        ),
    )
    measured: MeasurementPosition | None = Field(
        None,
        description="Position of the measurement: lying (length) or standing (height).",
        json_schema_extra=column_info(
            "Posisi pengukuran",
            "Measured",
            description_id="Posisi saat diukur: telentang (panjang badan) atau berdiri (tinggi "
            "badan).",
        ),
    )
    weight_kg: float | None = Field(
        None,
        ge=0.5,
        le=60,
        description="Weight in kilograms.",
        json_schema_extra=column_info(
            "Berat badan (kg)",
            "Weight (kg)",
            description_id="Berat badan, dalam kilogram.",
        ),
    )

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.date < self.birth_date:
            raise ValueError("the measurement date is before birth_date")
        return self
