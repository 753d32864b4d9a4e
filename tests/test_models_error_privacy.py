"""A model's ValidationError never carries personal data, whichever way it is raised.

Found by a review: assigning to a frozen record echoed the new value; a record given as an
object (``from_attributes``) was echoed whole (its repr, with NIK and name); a name or an
identity number in an unknown or non-personal field was echoed in ``errors()`` / ``json()``
(also as a ``Decimal`` / numpy number, or a NIK written in groups).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

import kampungkb.models._base as models_base
from kampungkb._safe import safe_header, safe_value
from kampungkb.models import (
    TABLE_MODELS,
    Family,
    HomeIndustry,
    KampungKBModel,
    Person,
    ViolenceCase,
)

RAW_NIK = "1901015203850001"
RAW_KK = "1901011203150001"
NAME = "Siti Aminah"
#: What must never show: the NIK's and KK number's digits after the province, and the name.
SECRETS = (RAW_NIK[2:], RAW_NIK[6:], RAW_KK[2:], RAW_KK[6:], "Siti", "Aminah")
#: 12+ digits in a row, also in groups.
ID_RUN = re.compile(r"\d(?:[\s.\-]?\d){11,}")

BASE: dict[str, Any] = {
    "person_id": "P1", "family_id": "F1", "village_code": "1901012001", "period": "2019",
    "sex": "f", "birth_date": date(1985, 3, 12),
}
VALID_PERSON: dict[str, Any] = {**BASE, "nik": RAW_NIK, "name": NAME}
VALID_FAMILY: dict[str, Any] = {
    "family_id": "F1", "kk_number": RAW_KK, "head_name": NAME, "village_code": "1901012001",
    "period": "2019",
}


class Holder(BaseModel):
    """Someone else's model nesting a kampungkb record (no ``hide_input_in_errors``)."""

    person: Person
    people: list[Person] = []


@dataclass
class PersonRow:
    """A record as an object: an ORM row, a dataclass from another system."""

    person_id: str
    nik: str
    name: str
    village_code: str
    period: str
    sex: str
    birth_date: date


class Plain:
    def __init__(self) -> None:
        self.person_id, self.nik, self.name = "P1", RAW_NIK, NAME

    def __repr__(self) -> str:
        return f"Plain(nik={self.nik!r}, name={self.name!r})"


def _texts(exc: ValidationError) -> list[str]:
    return [str(exc), repr(exc), repr(exc.errors()), exc.json()]


def assert_no_personal_data(exc: ValidationError) -> None:
    for text in _texts(exc):
        for secret in SECRETS:
            assert secret not in text, (secret, text)
        assert not ID_RUN.search(text.replace("https://errors.pydantic.dev/", "")), text


def _raised(validate: Any) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate()
    assert_no_personal_data(info.value)
    return info.value


def _only(exc: ValidationError) -> dict[str, Any]:
    (error,) = exc.errors()
    return dict(error)


# -- 1. assignment to a frozen record ---------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "field", "value"),
    [
        (Person(**VALID_PERSON), "name", "Siti Aminah"),
        (Person(**VALID_PERSON), "nik", RAW_NIK),
        (Person(**VALID_PERSON), "nik", int(RAW_NIK)),
        (Person(**VALID_PERSON), "person_id", "Siti Aminah"),
        (Person(**VALID_PERSON), "person_id", Decimal(RAW_NIK)),
        (Person(**VALID_PERSON), "not_a_field", "Siti Aminah"),
        (Family(**VALID_FAMILY), "head_name", "Siti Aminah"),
        (Family(**VALID_FAMILY), "kk_number", RAW_KK),
        (Family(**VALID_FAMILY), "family_id", f"KK {RAW_KK}"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None,
)
def test_assigning_to_a_frozen_record_does_not_echo_the_value(
    record: KampungKBModel, field: str, value: Any
) -> None:
    before = record.model_dump()
    exc = _raised(lambda: setattr(record, field, value))
    error = _only(exc)
    assert error["type"] == "frozen_instance"
    assert error["loc"] == (field,)
    assert exc.title == type(record).__name__
    assert record.model_dump() == before


def test_frozen_error_input_follows_the_display_rule() -> None:
    person = Person(**VALID_PERSON)
    with pytest.raises(ValidationError) as info:
        person.name = "Siti Aminah"  # type: ignore[misc]
    assert _only(info.value)["input"] == "<hidden>"
    with pytest.raises(ValidationError) as info:
        person.person_id = "Siti Aminah"  # type: ignore[misc]
    assert _only(info.value)["input"] == safe_value("Siti Aminah")
    with pytest.raises(ValidationError) as info:
        person.pregnant = True  # type: ignore[misc]
    assert _only(info.value)["input"] is True  # an ordinary value stays shown


# -- 2. a record given as an object -----------------------------------------------------------

OBJECTS = [
    SimpleNamespace(**{k: v for k, v in VALID_PERSON.items() if k != "family_id"}),
    PersonRow(**{k: v for k, v in VALID_PERSON.items() if k != "family_id"}),
    Plain(),
]


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: type(o).__name__)
def test_a_record_given_as_an_object_is_not_echoed(obj: object) -> None:
    name = type(obj).__name__
    attempts = [
        lambda: Person.model_validate(obj, from_attributes=True),
        lambda: TypeAdapter(Person).validate_python(obj, from_attributes=True),
    ]
    for validate in attempts:
        exc = _raised(validate)
        missing = [e for e in exc.errors() if e["type"] == "missing"]
        assert ("family_id",) in {e["loc"] for e in missing}
        for error in missing:
            assert error["input"] == f"<{name} object>"
    # not from attributes: the wrong shape is named, the object is not shown
    exc = _raised(lambda: Person.model_validate(obj))
    assert _only(exc)["type"] == "model_type"


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: type(o).__name__)
def test_an_object_in_someone_elses_model_or_a_list_is_not_echoed(obj: object) -> None:
    exc = _raised(lambda: Holder.model_validate({"person": obj}, from_attributes=True))
    assert ("person", "family_id") in {e["loc"] for e in exc.errors()}
    exc = _raised(lambda: Holder.model_validate({"person": obj}))
    assert _only(exc)["loc"] == ("person",)
    exc = _raised(lambda: Holder.model_validate(
        SimpleNamespace(person=Person(**VALID_PERSON), people=[obj]), from_attributes=True))
    assert ("people", 0, "family_id") in {e["loc"] for e in exc.errors()}
    exc = _raised(lambda: TypeAdapter(list[Person]).validate_python([obj], from_attributes=True))
    assert (0, "family_id") in {e["loc"] for e in exc.errors()}


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: type(o).__name__)
def test_an_object_as_a_field_value_is_not_echoed(obj: object) -> None:
    name = type(obj).__name__
    attempts = [
        lambda: Person(**{**VALID_PERSON, "family_id": obj}),
        lambda: Person.model_validate({**VALID_PERSON, "family_id": obj}),
        lambda: Person.model_validate_strings({**{k: str(v) for k, v in VALID_PERSON.items()},
                                               "family_id": obj}),
        lambda: Person.model_validate({**VALID_PERSON, "extra_row": obj}),
    ]
    for validate in attempts:
        error = _only(_raised(validate))
        assert error["input"] == f"<{name} object>"
        assert error["loc"] in {("family_id",), ("extra_row",)}


@pytest.mark.parametrize("model", list(TABLE_MODELS.values()), ids=lambda m: m.__name__)
def test_every_model_hides_an_object_record(model: type[KampungKBModel]) -> None:
    obj = SimpleNamespace(nik=RAW_NIK, name=NAME, kk_number=RAW_KK, head_name=NAME,
                          owner_name=NAME, note=f"{NAME} {RAW_NIK}")
    required = {n for n, f in model.model_fields.items() if f.is_required()}
    for validate in (lambda: model.model_validate(obj, from_attributes=True),
                     lambda: TypeAdapter(model).validate_python(obj, from_attributes=True),
                     lambda: model.model_validate(obj)):
        exc = _raised(validate)
        assert exc.title == model.__name__
    exc = _raised(lambda: model.model_validate(obj, from_attributes=True))
    assert {e["loc"][0] for e in exc.errors() if e["type"] == "missing"} == required


# -- 3. personal values in unknown or non-personal fields -------------------------------------

UNSAFE_CHANGES: list[tuple[dict[str, Any], tuple[str, ...], str]] = [
    ({"nama": "Siti Aminah"}, ("nama",), "extra_forbidden"),
    ({"sex": "Siti Aminah"}, ("sex",), "enum"),
    ({"no_kk": Decimal(RAW_KK)}, ("no_kk",), "extra_forbidden"),
    ({"NIK": np.int64(int(RAW_NIK))}, ("NIK",), "extra_forbidden"),
    ({"nik_lama": "1901 0152 0385 0001"}, ("nik_lama",), "extra_forbidden"),
    ({"nik_lama": "1901-0152-0385-0001"}, ("nik_lama",), "extra_forbidden"),
    ({"catatan": f"NIK {RAW_NIK} a.n. Siti Aminah"}, ("catatan",), "extra_forbidden"),
    ({"kontak": {"ibu": NAME, "no": np.float64(float(RAW_KK))}}, ("kontak",), "extra_forbidden"),
    ({"anggota": [NAME, RAW_NIK, np.uint64(int(RAW_KK))]}, ("anggota",), "extra_forbidden"),
    ({"person_id": np.int64(int(RAW_NIK))}, ("person_id",), "string_type"),
    ({"person_id": Decimal(RAW_NIK)}, ("person_id",), "string_type"),
    ({"person_id": Fraction(int(RAW_NIK))}, ("person_id",), "string_type"),
    ({"berkas": NAME.encode()}, ("berkas",), "extra_forbidden"),
    ({"family_id": [NAME, RAW_KK]}, ("family_id",), "string_type"),
    ({"period": NAME}, ("period",), "string_pattern_mismatch"),
    ({"village_code": RAW_NIK}, ("village_code",), "region_code"),
    ({"marital_status": NAME}, ("marital_status",), "enum"),
    ({"birth_date": NAME}, ("birth_date",), "date_from_datetime_parsing"),
    ({"pregnant": NAME}, ("pregnant",), "bool_parsing"),
    ({"age_first_marriage": RAW_NIK}, ("age_first_marriage",), "less_than_equal"),
]


@pytest.mark.parametrize(("change", "loc", "kind"), UNSAFE_CHANGES,
                         ids=[str(next(iter(c))) for c, _, _ in UNSAFE_CHANGES])
def test_personal_values_in_other_fields_are_not_echoed(
    change: dict[str, Any], loc: tuple[str, ...], kind: str
) -> None:
    data = {**BASE, **change}
    attempts = [
        lambda: Person(**data),
        lambda: Person.model_validate(data),
        lambda: TypeAdapter(Person).validate_python(data),
        lambda: Holder.model_validate({"person": data}),
    ]
    for validate in attempts:
        exc = _raised(validate)
        found = [e for e in exc.errors() if e["loc"][-len(loc):] == loc]
        assert found, exc.errors()
        assert found[0]["type"] == kind, found[0]


def test_personal_values_in_json_and_strings_are_not_echoed() -> None:
    document = json.dumps({**BASE, "birth_date": "1985-03-12", "nama": NAME,
                           "no_kk": int(RAW_KK), "nik_lama": "1901 0152 0385 0001"})
    exc = _raised(lambda: Person.model_validate_json(document))
    assert {e["loc"] for e in exc.errors()} == {("nama",), ("no_kk",), ("nik_lama",)}
    assert {e["type"] for e in exc.errors()} == {"extra_forbidden"}
    exc = _raised(lambda: TypeAdapter(Person).validate_json(document))
    assert len(exc.errors()) == 3
    strings = {k: str(v) for k, v in {**BASE, "sex": NAME, "nik_lama": RAW_NIK}.items()}
    exc = _raised(lambda: Person.model_validate_strings(strings))
    assert {e["loc"] for e in exc.errors()} == {("sex",), ("nik_lama",)}


def test_the_echoed_input_follows_the_safe_display_rule() -> None:
    def error(change: dict[str, Any]) -> dict[str, Any]:
        with pytest.raises(ValidationError) as info:
            Person.model_validate({**BASE, **change})
        return _only(info.value)

    sex = error({"sex": NAME})
    assert sex["input"] == safe_value(NAME)  # as its message's neighbours show it
    assert sex["msg"] == "Input should be 'm' or 'f'"
    assert sex["ctx"] == {"expected": "'m' or 'f'"}
    assert error({"nik_lama": "1901 0152 0385 0001"})["input"] == "19** **** **** ****"
    assert error({"no_kk": Decimal(RAW_KK)})["input"] == "19**************"
    assert error({"NIK": np.int64(int(RAW_NIK))})["input"] == "<hidden>"  # a personal name
    # what is documented as shown stays shown
    assert error({"sex": "x"})["input"] == "x"
    assert error({"age_first_marriage": 300})["input"] == 300
    assert error({"person_id": 12})["input"] == 12
    assert error({"person_id": 12.5})["input"] == 12.5
    assert error({"extra": "ks3_plus"})["input"] == "ks3_plus"  # a code of the library
    assert error({"extra": date(2019, 1, 1)})["input"] == date(2019, 1, 1)


def test_a_missing_field_echoes_a_safe_record() -> None:
    data = {**BASE, "nik": RAW_NIK, "name": NAME, "marital_status": "married",
            "note_field": f"{NAME}, {RAW_NIK}"}
    del data["sex"]
    exc = _raised(lambda: Person.model_validate(data))
    missing = next(e for e in exc.errors() if e["type"] == "missing")
    assert missing["loc"] == ("sex",)
    echoed = missing["input"]
    assert echoed["nik"] == "<hidden>"
    assert echoed["name"] == "<hidden>"
    assert echoed["person_id"] == "P1"
    assert echoed["marital_status"] == "married"
    assert echoed["birth_date"] == date(1985, 3, 12)
    assert echoed["note_field"] == safe_value(f"{NAME}, {RAW_NIK}")


def test_a_row_whose_keys_are_data_does_not_leak_through_them() -> None:
    """A file read without its header row makes its first data row the keys: a name, a NIK."""
    row = {**BASE, NAME: "P2", RAW_NIK: "x", "Nama": 1, "NIK": 2, "nama_kk": 3}
    exc = _raised(lambda: Person.model_validate(row))
    assert {e["loc"] for e in exc.errors()} == {
        (safe_header(NAME),), ("19**************",), (safe_header("Nama"),), ("NIK",),
        ("nama_kk",),
    }
    assert {e["type"] for e in exc.errors()} == {"extra_forbidden"}
    del row["sex"]
    exc = _raised(lambda: Person.model_validate(row))
    echoed = next(e["input"] for e in exc.errors() if e["type"] == "missing")
    assert echoed["person_id"] == "P1"
    assert echoed["nama_kk"] == 3
    assert "19**************" in echoed


# -- the rule holds on every path, once ------------------------------------------------------


def test_a_nested_kampungkb_record_is_masked_once() -> None:
    """ViolenceCase nests ViolenceVictim: both mask, and masking twice changes nothing."""
    case = {"case_id": "C1", "village_code": "1901012001", "date": "2019-05-01",
            "victims": [{"victim_id": "V1", "age": NAME, "name": NAME},
                        SimpleNamespace(victim_id="V2", nik=RAW_NIK)]}
    for validate in (lambda: ViolenceCase.model_validate(case),
                     lambda: TypeAdapter(list[ViolenceCase]).validate_python([case])):
        exc = _raised(validate)
        by_loc = {e["loc"][1:] if isinstance(e["loc"][0], int) else e["loc"]: e
                  for e in exc.errors()}
        assert by_loc[("victims", 0, "age")]["input"] == safe_value(NAME)
        assert by_loc[("victims", 0, "age")]["type"] == "int_parsing"
        assert by_loc[("victims", 0, "name")]["input"] == "<hidden>"
        assert by_loc[("victims", 0, "name")]["type"] == "extra_forbidden"
        # a record of the wrong shape: named, not shown
        assert by_loc[("victims", 1)]["type"] == "model_type"
        assert by_loc[("victims", 1)]["input"] == "<hidden>"


def test_a_model_level_error_in_someone_elses_model_does_not_dump_the_record() -> None:
    """The error of a cross-field rule has the record as input; ``json()`` would serialise
    it with its digits and names."""
    bad = {**VALID_PERSON, "sex": "m", "pregnant": True}
    for validate in (lambda: Holder.model_validate({"person": bad}),
                     lambda: TypeAdapter(Person).validate_python(bad),
                     lambda: TypeAdapter(list[Person]).validate_json(
                         json.dumps([{**bad, "birth_date": "1985-03-12"}]))):
        exc = _raised(validate)
        assert any("pregnant is true on a man's row" in e["msg"] for e in exc.errors())


def test_a_kampungkb_record_of_the_wrong_kind_is_named_not_shown() -> None:
    person = Person(**VALID_PERSON)
    exc = _raised(lambda: ViolenceCase.model_validate(
        {"case_id": "C1", "village_code": "1901012001", "date": "2019-05-01",
         "victims": [person]}))
    error = _only(exc)
    assert error["type"] == "model_type"
    assert error["loc"] == ("victims", 0)
    assert error["input"] == "<hidden>"  # a whole record given instead of a victim
    exc = _raised(lambda: Person.model_validate({**BASE, "family_id": person}))
    assert _only(exc)["input"] == "<Person object>"


def test_the_success_path_does_not_mask(monkeypatch: pytest.MonkeyPatch) -> None:
    """Masking runs only when an error is raised."""
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("masking on the success path")

    monkeypatch.setattr(models_base, "_sanitise", fail)
    monkeypatch.setattr(models_base, "_mask", fail)
    person = Person(**VALID_PERSON)
    assert Person.model_validate(VALID_PERSON) == person
    assert Person.model_validate_json(person.model_dump_json()) == person
    assert TypeAdapter(Person).validate_python(VALID_PERSON) == person
    assert Holder(person=person, people=[VALID_PERSON]).people == [person]
    assert Person.model_validate(SimpleNamespace(**VALID_PERSON), from_attributes=True) == person
    assert HomeIndustry.model_validate_strings(
        {"industry_id": "I1", "village_code": "1901012001", "owner_name": NAME,
         "started_on": "2019-01-01"}).owner_name == NAME


def test_the_error_shape_is_kept() -> None:
    """Title, kind of input and the hidden text of a model's own error are as before."""
    with pytest.raises(ValidationError) as info:
        Person.model_validate_json(json.dumps({**BASE, "birth_date": "x", "nama": NAME}))
    exc = info.value
    assert exc.title == "Person"
    assert "input_value" not in str(exc)
    assert [e["type"] for e in exc.errors()] == ["date_from_datetime_parsing", "extra_forbidden"]
    with pytest.raises(ValidationError) as info:
        Person.model_validate_json('{"name": "' + NAME)
    assert _only(info.value)["type"] == "json_invalid"
    assert_no_personal_data(info.value)


# -- properties ------------------------------------------------------------------------------

NUMBER_TYPES = [int, float, Decimal, np.int64, np.uint64, np.float64, np.longdouble,
                lambda n: Decimal(n) / 1, str, lambda n: f"{n:_}".replace("_", " "),
                lambda n: "-".join(re.findall(".{1,4}", str(n)))]


@settings(max_examples=150, deadline=None)
@given(
    number=st.integers(10**15, 10**16 - 1),
    make=st.sampled_from(NUMBER_TYPES),
    field=st.sampled_from(["no_kk", "nomor", "x1", "person_id", "family_id", "period",
                           "village_code", "age_first_marriage", "sex"]),
    nested=st.booleans(),
)
def test_a_sixteen_digit_number_is_never_echoed(
    number: int, make: Any, field: str, nested: bool
) -> None:
    value = make(number)
    data = {**BASE, field: value, "zz_unknown": value}  # the field may accept the value
    with pytest.raises(ValidationError) as info:
        Holder.model_validate({"person": data}) if nested else Person.model_validate(data)
    exc = info.value
    assert any(e["loc"][-1] == "zz_unknown" for e in exc.errors())
    tail = str(number)[6:]
    for text in _texts(exc):
        assert tail not in text
        assert not ID_RUN.search(text.replace("https://errors.pydantic.dev/", ""))


@settings(max_examples=100, deadline=None)
@given(
    name=st.from_regex(r"Zq[a-z]{2,8}( Zq[a-z]{2,8}){0,2}", fullmatch=True),
    field=st.sampled_from(["nama", "person_id", "sex", "period", "marital_status", "note"]),
)
def test_a_name_is_never_echoed(name: str, field: str) -> None:
    data = {**BASE, field: name}
    if field == "person_id":
        data[field] = [name]  # not text: a type error with the list as input
    if field == "note":
        data[name] = "x"  # a name as a key (a row read without its header)
    with pytest.raises(ValidationError) as info:
        Person.model_validate(data)
    for text in _texts(info.value):
        assert name not in text
