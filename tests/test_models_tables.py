"""The canonical tables derived from the models match the internal contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from kampungkb.errors import KampungKBError
from kampungkb.models import (
    CANONICAL_TABLES,
    NIK,
    TABLE_MODELS,
    Column,
    ContraceptiveMethod,
    Sex,
    UnknownTableError,
    VillageCode,
    get_table_schema,
    json_schema,
    table_schema_from_model,
)

CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "villages": (
        "village_code", "name", "kampung_kb_name", "designated_on", "decree_number", "scope",
        "criteria", "cikar",
    ),
    "kampung_kb_profiles": (
        "village_code", "period", "recorded_on", "has_pokja", "pokja_decree", "pokja_trained",
        "pokja_members", "has_field_worker", "has_regulation", "has_work_plan",
        "funding_sources", "programmes", "has_secretariat", "has_rumah_dataku", "data_sources",
        "freq_coordination", "freq_socialisation", "freq_planning", "freq_monitoring",
        "freq_reporting",
    ),
    "families": (
        "family_id", "kk_number", "head_name", "village_code", "period", "welfare_stage",
        "safe_drinking_water", "proper_latrine", "ibangga",
    ),
    "persons": (
        "person_id", "nik", "name", "family_id", "village_code", "period", "relation", "sex",
        "birth_date", "marital_status", "age_first_marriage", "contraceptive_method",
        "contraception_start", "pregnant", "fertility_intention", "has_birth_certificate",
        "has_jkn", "ever_used_contraception", "last_birth_date", "last_birth_wanted",
        "pregnancy_wanted", "last_menses", "infecund_reported", "age_years", "is_pus",
    ),
    "poktan_groups": (
        "group_id", "village_code", "period", "kind", "name", "active", "participants",
        "target_families",
    ),
    "patbm": (
        "patbm_id", "village_code", "name", "formed_on", "dissolved_on", "decree_number",
        "activists", "has_action_plan", "activities",
    ),
    "home_industries": (
        "industry_id", "village_code", "owner_name", "owner_sex", "started_on", "closed_on",
        "level", "product", "has_permit", "workers",
    ),
    "interventions": (
        "intervention_id", "village_code", "date", "agency", "sector", "family_function",
        "target_group", "funding_source",
    ),
    "marriages": ("marriage_id", "village_code", "date", "husband_age", "wife_age"),
    "violence_cases": ("case_id", "village_code", "date", "types", "reported_to"),
    "violence_victims": ("victim_id", "case_id", "village_code", "date", "age", "sex"),
    "child_measurements": (
        "measurement_id", "child_id", "village_code", "date", "sex", "birth_date", "height_cm",
        "measured", "weight_kg", "age_days", "haz", "haz_flag",
    ),
    "monthly_reports": (
        "village_code", "period", "pus", "users_iud", "users_mow", "users_mop", "users_condom",
        "users_implant", "users_injectable", "users_pill", "users_other", "nonusers_pregnant",
        "nonusers_want_soon", "nonusers_later", "nonusers_no_more", "families",
        "families_with_toddler", "families_with_youth", "families_with_elderly", "youths",
        "participants_bkb", "participants_bkr", "participants_bkl", "participants_uppka",
        "participants_pikr",
    ),
}  # fmt: skip

KINDS = {
    "villages": "register", "kampung_kb_profiles": "snapshot", "families": "snapshot",
    "persons": "snapshot", "poktan_groups": "snapshot", "patbm": "register",
    "home_industries": "register", "interventions": "event", "marriages": "event",
    "violence_cases": "event", "violence_victims": "event", "child_measurements": "event",
    "monthly_reports": "snapshot",
}  # fmt: skip


def test_thirteen_tables_in_contract_order() -> None:
    assert tuple(CANONICAL_TABLES) == tuple(CONTRACT_COLUMNS)
    assert set(TABLE_MODELS) == set(CANONICAL_TABLES)


@pytest.mark.parametrize("name", list(CONTRACT_COLUMNS))
def test_columns_and_kind_match_contract(name: str) -> None:
    table = get_table_schema(name)
    assert table.name == name
    assert table.column_names == CONTRACT_COLUMNS[name]
    assert table.kind == KINDS[name]
    for key in table.key:
        assert table.column(key).required
    assert table.column("village_code").required
    assert table.column("village_code").pattern == VillageCode.pattern
    if table.kind == "snapshot":
        assert table.period_column == "period"
        assert table.column("period").required
    if table.kind == "event":
        assert table.date_column == "date"
        assert table.column("date").type == "DATE"
    for col in table:
        assert col.label_id
        assert col.label_en
        assert col.description


def test_registers_and_keys() -> None:
    assert get_table_schema("villages").start_column == "designated_on"
    assert get_table_schema("villages").end_column is None
    patbm = get_table_schema("patbm")
    assert (patbm.start_column, patbm.end_column) == ("formed_on", "dissolved_on")
    assert patbm.column("formed_on").required
    industries = get_table_schema("home_industries")
    assert (industries.start_column, industries.end_column) == ("started_on", "closed_on")
    assert get_table_schema("persons").key == ("person_id", "period")
    assert get_table_schema("persons").parents == {"family_id": "families.family_id"}
    assert get_table_schema("violence_victims").parents == {"case_id": "violence_cases.case_id"}
    assert get_table_schema("monthly_reports").key == ("village_code", "period")


def test_spot_check_types_and_enums() -> None:
    persons = get_table_schema("persons")
    assert persons.column("sex").type == "VARCHAR"
    assert persons.column("sex").enum == ("m", "f")
    assert persons.column("sex").required
    assert persons.column("birth_date").type == "DATE"
    assert persons.column("birth_date").required
    assert persons.column("contraceptive_method").enum == (
        "iud", "mow", "mop", "condom", "implant", "injectable", "pill", "lam", "traditional",
    )  # fmt: skip
    assert persons.column("fertility_intention").enum == (
        "want_soon", "later", "no_more", "undecided",
    )  # fmt: skip
    assert persons.column("age_first_marriage").type == "INTEGER"
    assert (persons.column("age_first_marriage").ge, persons.column("age_first_marriage").le) == (
        0,
        120,
    )
    assert persons.column("pregnant").type == "BOOLEAN"
    assert persons.personal_columns == ("nik", "name")
    assert persons.column("nik").pattern == r"^\d{16}$"
    assert persons.column("age_years").derived
    assert persons.column("is_pus").type == "BOOLEAN"
    assert not any(c.derived for c in persons.columns[:-2])

    families = get_table_schema("families")
    assert families.personal_columns == ("kk_number", "head_name")
    assert families.column("ibangga").type == "DOUBLE"
    assert (families.column("ibangga").ge, families.column("ibangga").le) == (0, 100)
    assert families.column("welfare_stage").enum == (
        "pra_sejahtera", "ks1", "ks2", "ks3", "ks3_plus",
    )  # fmt: skip

    profiles = get_table_schema("kampung_kb_profiles")
    assert profiles.column("funding_sources").type == "VARCHAR[]"
    assert profiles.column("funding_sources").enum == (
        "apbn", "apbd_province", "apbd_regency", "dana_desa", "add", "csr", "swadaya", "other",
    )  # fmt: skip
    assert profiles.column("freq_reporting").enum == (
        "none", "weekly", "monthly", "quarterly", "semester", "yearly", "ad_hoc",
    )  # fmt: skip
    assert get_table_schema("villages").column("criteria").type == "VARCHAR[]"
    assert len(get_table_schema("villages").column("criteria").enum or ()) == 11
    assert get_table_schema("villages").column("scope").enum == ("village", "dusun", "rw")
    assert get_table_schema("home_industries").personal_columns == ("owner_name",)
    assert get_table_schema("interventions").column("agency").required
    assert get_table_schema("interventions").column("funding_source").enum == (
        profiles.column("funding_sources").enum
    )
    assert get_table_schema("violence_cases").column("types").type == "VARCHAR[]"
    assert get_table_schema("poktan_groups").column("kind").enum == (
        "bkb", "bkr", "bkl", "uppka", "pikr",
    )  # fmt: skip

    child = get_table_schema("child_measurements")
    assert (child.column("height_cm").ge, child.column("height_cm").le) == (30, 150)
    assert (child.column("weight_kg").ge, child.column("weight_kg").le) == (0.5, 60)
    assert [c.name for c in child if c.derived] == ["age_days", "haz", "haz_flag"]
    assert child.column("haz").type == "DOUBLE"


def test_period_patterns() -> None:
    period = get_table_schema("persons").column("period").pattern
    month = get_table_schema("monthly_reports").column("period").pattern
    assert period is not None
    assert month is not None
    for ok in ("2019", "2019-Q2", "2019-06", "2019-12"):
        assert re.fullmatch(period, ok)
    for bad in ("19", "2019-Q5", "2019-13", "2019-6", "2019Q2"):
        assert not re.fullmatch(period, bad)
    assert re.fullmatch(month, "2019-06")
    assert not re.fullmatch(month, "2019")
    assert not re.fullmatch(month, "2019-Q2")


def test_monthly_report_counts_are_non_negative_integers() -> None:
    table = get_table_schema("monthly_reports")
    for col in table.columns[2:]:
        assert col.type == "INTEGER"
        assert col.ge == 0
        assert not col.required


def test_unknown_table_suggests_close_names() -> None:
    with pytest.raises(UnknownTableError, match="did you mean 'persons'") as info:
        get_table_schema("person")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, KampungKBError)
    with pytest.raises(KeyError, match="violence_victims"):
        get_table_schema("violence_victim")
    with pytest.raises(UnknownTableError) as info:
        get_table_schema("zzz")
    assert "did you mean" not in str(info.value)


def test_table_schema_from_model_reads_annotations() -> None:
    class Sample(BaseModel):
        """A sample row."""

        sample_id: str = Field(description="id", json_schema_extra={"label_id": "ID"})
        count: int | None = Field(None, ge=1, le=9, description="a count")
        share: float = Field(0.5, description="a share")
        sex: Sex | None = None
        methods: list[ContraceptiveMethod] | None = None
        nik: NIK | None = None
        code: VillageCode | None = None
        secret: str | None = Field(None, json_schema_extra={"personal": True})

    extra = Column("extra", "DOUBLE", derived=True)
    table = table_schema_from_model(
        Sample, name="samples", kind="snapshot", key=("sample_id",), derived=(extra,)
    )
    assert table.description == "A sample row."
    assert [c.type for c in table] == [
        "VARCHAR", "INTEGER", "DOUBLE", "VARCHAR", "VARCHAR[]", "VARCHAR", "VARCHAR", "VARCHAR",
        "DOUBLE",
    ]  # fmt: skip
    assert table.column("sample_id").required
    assert table.column("sample_id").label_id == "ID"
    assert not table.column("share").required
    assert (table.column("count").ge, table.column("count").le) == (1, 9)
    assert table.column("methods").enum == tuple(m.value for m in ContraceptiveMethod)
    assert table.personal_columns == ("nik", "secret")
    assert table.column("extra").derived


def test_table_schema_from_model_rejects_unmappable_types() -> None:
    class Bad(BaseModel):
        things: dict[str, int]

    with pytest.raises(TypeError, match="cannot map"):
        table_schema_from_model(Bad, name="bad", kind="event", key=())


@pytest.mark.parametrize("name", list(CONTRACT_COLUMNS))
def test_json_schema_by_table_name(name: str) -> None:
    schema = json_schema(name)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    props = schema["properties"]
    for col in get_table_schema(name):
        if col.derived or (name == "violence_victims" and col.name != "victim_id"):
            continue
        assert col.name in props
        assert props[col.name]["label_en"] == col.label_en


def test_json_schema_by_model_name_and_unknown() -> None:
    assert json_schema("Person") == json_schema("persons")
    assert json_schema("ViolenceCase")["properties"]["victims"]["type"] == "array"
    with pytest.raises(UnknownTableError, match="did you mean"):
        json_schema("Persn")


DATA_MODEL_DOC = Path(__file__).resolve().parents[1] / "docs" / "data-model.md"


@pytest.mark.skipif(not DATA_MODEL_DOC.exists(), reason="docs not available")
def test_data_model_doc_lists_every_table_and_column() -> None:
    text = DATA_MODEL_DOC.read_text(encoding="utf-8")
    for table in CANONICAL_TABLES.values():
        section = text.split(f"### `{table.name}`\n", 1)
        assert len(section) == 2, f"docs/data-model.md has no section for {table.name}"
        body = section[1].split("\n### ", 1)[0]
        for col in table:
            assert f"| `{col.name}` | {col.type} |" in body, (table.name, col.name)
