"""Record models: valid and invalid records, JSON round trips, schemas and personal data."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from kampungkb.models import (
    TABLE_MODELS,
    ChildMeasurement,
    ContraceptiveMethod,
    Family,
    HomeIndustry,
    Intervention,
    KampungKBModel,
    KampungKBProfile,
    Marriage,
    MonthlyReport,
    Patbm,
    Person,
    PoktanGroup,
    Sex,
    Village,
    ViolenceCase,
    ViolenceVictim,
    completed_years,
)

RAW_NIK = "1901015203850001"
RAW_KK = "1971031506200042"
NAME = "Siti Aminah Binti Rahman"
VILLAGE = "1901012001"

VALID: dict[type[KampungKBModel], dict[str, Any]] = {
    Village: {
        "village_code": VILLAGE, "name": "Desa Satu", "kampung_kb_name": "Kampung KB Satu",
        "designated_on": "2017-05-02", "decree_number": "SK 1/2017", "scope": "village",
        "criteria": ["poor_families_above_average", "coastal"], "cikar": True,
    },
    KampungKBProfile: {
        "village_code": VILLAGE, "period": "2019", "has_pokja": True, "pokja_decree": True,
        "pokja_trained": True, "pokja_members": 12, "funding_sources": ["apbn", "dana_desa"],
        "programmes": ["bkb", "bkr", "posyandu"], "data_sources": ["family_census"],
        "freq_coordination": "monthly", "freq_reporting": "monthly",
    },
    Family: {
        "family_id": "F1", "kk_number": RAW_KK, "head_name": NAME, "village_code": VILLAGE,
        "period": "2019", "welfare_stage": "ks1", "safe_drinking_water": True, "ibangga": 55.5,
    },
    Person: {
        "person_id": "P1", "nik": RAW_NIK, "name": NAME, "family_id": "F1",
        "village_code": VILLAGE, "period": "2019-Q2", "relation": "spouse", "sex": "f",
        "birth_date": "1985-03-12", "marital_status": "married", "age_first_marriage": 20,
        "contraceptive_method": "implant", "contraception_start": "2018-01-10",
        "pregnant": False, "fertility_intention": "no_more", "has_birth_certificate": True,
        "has_jkn": True,
    },
    PoktanGroup: {
        "group_id": "G1", "village_code": VILLAGE, "period": "2019-06", "kind": "bkb",
        "name": "BKB Melati", "active": True, "participants": 20, "target_families": 40,
    },
    Patbm: {
        "patbm_id": "PATBM1", "village_code": VILLAGE, "formed_on": "2018-08-01",
        "decree_number": "SK 5/2018", "activists": 10, "has_action_plan": True,
    },
    HomeIndustry: {
        "industry_id": "IR1", "village_code": VILLAGE, "owner_name": NAME, "owner_sex": "f",
        "started_on": "2019-01-01", "level": "ir1", "product": "kerupuk", "workers": 3,
    },
    Intervention: {
        "intervention_id": "I1", "village_code": VILLAGE, "date": "2019-03-04",
        "agency": "Dinas Kesehatan", "sector": "health", "family_function": "reproduction",
        "target_group": "pus", "funding_source": "apbd_regency",
    },
    Marriage: {
        "marriage_id": "M1", "village_code": VILLAGE, "date": "2019-07-07", "husband_age": 24,
        "wife_age": 17,
    },
    ViolenceCase: {
        "case_id": "C1", "village_code": VILLAGE, "date": "2019-02-02",
        "types": ["physical", "psychological"], "reported_to": "P2TP2A",
        "victims": [{"victim_id": "V1", "age": 12, "sex": "f"}, {"victim_id": "V2"}],
    },
    ViolenceVictim: {"victim_id": "V1", "age": 30, "sex": "f"},
    ChildMeasurement: {
        "measurement_id": "CM1", "child_id": "K1", "village_code": VILLAGE,
        "date": "2019-06-15", "sex": "m", "birth_date": "2018-01-20", "height_cm": 78.4,
        "measured": "lying", "weight_kg": 10.2,
    },
    MonthlyReport: {
        "village_code": VILLAGE, "period": "2019-06", "pus": 100, "users_iud": 10,
        "users_implant": 20, "users_injectable": 30, "nonusers_later": 5, "nonusers_no_more": 5,
        "families": 150, "families_with_toddler": 40, "participants_bkb": 20,
    },
}  # fmt: skip

INVALID: list[tuple[type[KampungKBModel], dict[str, Any], str]] = [
    (Village, {"village_code": "19.01.01"}, "village code"),
    (Village, {"criteria": ["coastal", "coastal"]}, "only once"),
    (Village, {"scope": "kampung"}, "'village', 'dusun' or 'rw'"),
    (Village, {"unknown_column": 1}, "Extra inputs are not permitted"),
    (KampungKBProfile, {"period": "2019-13"}, "should match pattern"),
    (KampungKBProfile, {"pokja_members": -1}, "greater than or equal to 0"),
    (KampungKBProfile, {"has_pokja": False}, "has_pokja is false"),
    (KampungKBProfile, {"funding_sources": ["bank"]}, "Input should be"),
    (Family, {"ibangga": 101}, "less than or equal to 100"),
    (Family, {"family_id": "  "}, "at least 1 character"),
    (Family, {"welfare_stage": "ks4"}, "Input should be"),
    (Person, {"sex": "x"}, "Input should be 'm' or 'f'"),
    (Person, {"birth_date": None}, "valid date"),
    (Person, {"age_first_marriage": 121}, "less than or equal to 120"),
    (Person, {"sex": "m", "pregnant": True, "contraceptive_method": None}, "man's row"),
    (Person, {"sex": "m"}, "recorded on the wife's row"),
    (Person, {"contraception_start": "1980-01-01"}, "before birth_date"),
    (Person, {"contraceptive_method": None}, "contraceptive_method is empty"),
    (Person, {"marital_status": "never_married"}, "never_married"),
    (PoktanGroup, {"kind": "posyandu"}, "Input should be"),
    (PoktanGroup, {"participants": -3}, "greater than or equal to 0"),
    (Patbm, {"dissolved_on": "2018-07-01"}, "dissolved_on is before formed_on"),
    (Patbm, {"formed_on": None}, "valid date"),
    (HomeIndustry, {"closed_on": "2018-12-31"}, "closed_on is before started_on"),
    (HomeIndustry, {"level": "ir4"}, "Input should be"),
    (Intervention, {"agency": ""}, "at least 1 character"),
    (Intervention, {"family_function": "fun"}, "Input should be"),
    (Marriage, {"wife_age": -1}, "greater than or equal to 0"),
    (Marriage, {"date": "2019-02-30"}, "date"),
    (ViolenceCase, {"types": ["verbal"]}, "Input should be"),
    (ViolenceCase, {"victims": [{"victim_id": "V"}, {"victim_id": "V"}]}, "unique"),
    (ViolenceCase, {"victims": [{"victim_id": "V", "age": 130}]}, "victims.0.age"),
    (ViolenceVictim, {"sex": "female"}, "Input should be"),
    (ChildMeasurement, {"height_cm": 20}, "greater than or equal to 30"),
    (ChildMeasurement, {"weight_kg": 70}, "less than or equal to 60"),
    (ChildMeasurement, {"date": "2017-01-01"}, "before birth_date"),
    (ChildMeasurement, {"measured": "sitting"}, "'lying' or 'standing'"),
    (MonthlyReport, {"period": "2019"}, "should match pattern"),
    (MonthlyReport, {"users_iud": -1}, "greater than or equal to 0"),
    (MonthlyReport, {"pus": 50}, "exceed pus"),
    (MonthlyReport, {"families": 30}, r"families_with_toddler \(40\) exceeds families \(30\)"),
]


@pytest.mark.parametrize("model", list(VALID), ids=lambda m: m.__name__)
def test_valid_record_and_json_round_trip(model: type[KampungKBModel]) -> None:
    record = model(**VALID[model])
    again = model.model_validate_json(record.model_dump_json())
    assert again == record
    assert model.model_validate(record.model_dump()) == record
    assert model.model_validate(record.model_dump(mode="json")) == record


@pytest.mark.parametrize(("model", "change", "expected"), INVALID)
def test_invalid_record(model: type[KampungKBModel], change: dict[str, Any], expected: str) -> None:
    data = {**VALID[model], **change}
    with pytest.raises(ValidationError, match=expected) as info:
        model(**data)
    assert info.value.title == model.__name__


@pytest.mark.parametrize("model", list(VALID), ids=lambda m: m.__name__)
def test_missing_required_fields(model: type[KampungKBModel]) -> None:
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    assert required
    with pytest.raises(ValidationError) as info:
        model()
    missing = {e["loc"][0] for e in info.value.errors() if e["type"] == "missing"}
    assert missing == set(required)


@pytest.mark.parametrize("model", list(VALID), ids=lambda m: m.__name__)
def test_json_schema(model: type[KampungKBModel]) -> None:
    schema = model.model_json_schema()
    assert schema["additionalProperties"] is False
    assert schema["description"]
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name
        assert prop.get("label_id"), name
        assert prop.get("label_en"), name
    personal = {n for n, p in schema["properties"].items() if p.get("personal")}
    assert personal == model.personal_fields()


def test_personal_fields() -> None:
    assert Person.personal_fields() == {"nik", "name"}
    assert Family.personal_fields() == {"kk_number", "head_name"}
    assert HomeIndustry.personal_fields() == {"owner_name"}
    assert Village.personal_fields() == frozenset()


@pytest.mark.parametrize("model", [Person, Family, HomeIndustry], ids=lambda m: m.__name__)
def test_repr_and_str_mask_personal_data(model: type[KampungKBModel]) -> None:
    record = model(**VALID[model])
    for text in (repr(record), str(record), repr([record])):
        assert NAME not in text
        assert RAW_NIK not in text
        assert RAW_KK not in text
        assert "<hidden>" in text
    assert NAME in record.model_dump_json()  # explicit export keeps the data


PERSONAL_BAD = [
    {"nik": RAW_NIK[:-1] + "X"},  # wrong NIK
    {"sex": "x"},  # unrelated field error: the input dict is in errors()
    {"contraception_start": "1980-01-01"},  # model-level error: the whole input in errors()
    {"unexpected": RAW_NIK},
    {"name": 42},
]


@pytest.mark.parametrize("change", PERSONAL_BAD)
def test_validation_errors_never_carry_personal_data(change: dict[str, Any]) -> None:
    data = {**VALID[Person], **change}
    validators = [
        lambda: Person(**data),
        lambda: Person.model_validate(data),
        lambda: Person.model_validate_json(_json(data)),
    ]
    if "name" not in change:  # in strings mode every name is valid text
        validators.append(
            lambda: Person.model_validate_strings({k: str(v) for k, v in data.items()})
        )
    for validate in validators:
        with pytest.raises(ValidationError) as info:
            validate()
        exc = info.value
        for text in (str(exc), repr(exc), repr(exc.errors()), exc.json()):
            assert RAW_NIK not in text
            assert RAW_NIK[:-1] not in text
            assert NAME not in text


def test_missing_field_error_masks_the_input_dict() -> None:
    data = {k: v for k, v in VALID[Person].items() if k != "sex"}
    with pytest.raises(ValidationError) as info:
        Person(**data)
    (error,) = info.value.errors()
    assert error["type"] == "missing"
    assert error["loc"] == ("sex",)
    assert error["input"]["nik"] == "<hidden>"
    assert error["input"]["name"] == "<hidden>"
    assert error["input"]["person_id"] == "P1"  # non-personal context stays


def test_a_nik_typed_as_a_number_or_a_record_as_a_list_is_hidden() -> None:
    """Found by a review: a NIK read as a number into an id column, and a row passed as a
    list (its name unnamed), were echoed in ``errors()`` and ``json()``."""
    data = {**VALID[Person], "person_id": int(RAW_NIK)}
    attempts = [lambda: Person(**data),
                lambda: Person.model_validate({**data, "person_id": float(RAW_NIK)}),
                lambda: Person.model_validate([RAW_NIK, NAME]),
                lambda: Person.model_validate((NAME,))]
    for validate in attempts:
        with pytest.raises(ValidationError) as info:
            validate()
        exc = info.value
        for text in (str(exc), repr(exc.errors()), exc.json()):
            assert RAW_NIK not in text
            assert NAME not in text
    with pytest.raises(ValidationError) as info:  # an ordinary number stays shown
        Person.model_validate({**VALID[Person], "person_id": 12})
    assert info.value.errors()[0]["input"] == 12


def test_invalid_json_is_hidden() -> None:
    with pytest.raises(ValidationError) as info:
        Person.model_validate_json('{"nik": "' + RAW_NIK + '", "name": "' + NAME)
    assert info.value.errors()[0]["input"] == "<hidden>"


def test_records_are_frozen_values() -> None:
    person = Person(**VALID[Person])
    with pytest.raises(ValidationError, match="frozen"):
        person.pregnant = True  # type: ignore[misc]
    assert person.model_copy(update={"pregnant": True}).pregnant is True
    assert person.sex is Sex.f
    assert person.contraceptive_method is ContraceptiveMethod.implant
    assert person.contraceptive_method == "implant"
    assert person.nik is not None
    assert person.nik.sex is Sex.f


def test_person_age_and_pus() -> None:
    person = Person(**VALID[Person])
    assert person.age_years(date(2019, 12, 31)) == 34
    assert person.age_years(date(2020, 3, 11)) == 34
    assert person.age_years(date(2020, 3, 12)) == 35
    assert person.is_pus(date(2019, 12, 31))
    assert not person.is_pus(date(2035, 3, 12))
    man = Person(**{**VALID[Person], "sex": "m", "contraceptive_method": None,
                    "contraception_start": None})  # fmt: skip
    assert not man.is_pus(date(2019, 12, 31))
    assert completed_years(date(2000, 2, 29), date(2001, 2, 28)) == 0
    assert completed_years(date(2000, 2, 29), date(2001, 3, 1)) == 1


def test_monthly_report_totals() -> None:
    report = MonthlyReport(**VALID[MonthlyReport])
    assert report.users_total == 60
    assert report.nonusers_total == 10


def test_violence_case_nests_victims() -> None:
    case = ViolenceCase(**VALID[ViolenceCase])
    assert [v.victim_id for v in case.victims] == ["V1", "V2"]
    assert isinstance(case.victims[0], ViolenceVictim)
    assert ViolenceCase(case_id="C2", village_code=VILLAGE, date=date(2019, 1, 1)).victims == []


def test_table_models_cover_every_model() -> None:
    assert set(TABLE_MODELS.values()) == set(VALID)
    for name, model in TABLE_MODELS.items():
        assert model.__table_name__ == name


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data)


def test_a_person_born_after_the_period_is_refused() -> None:
    """A snapshot row describes someone alive at the period's end (found by a review: such a
    child counted as aged -1 among the under-18s)."""
    data = {**VALID[Person], "period": "2018", "contraceptive_method": None,
            "contraception_start": None, "marital_status": "never_married",
            "age_first_marriage": None}
    with pytest.raises(ValidationError, match="after the end of the period"):
        Person(**{**data, "birth_date": "2019-01-05", "nik": None})
    assert Person(**{**data, "birth_date": "2018-12-31", "nik": None}).period == "2018"
