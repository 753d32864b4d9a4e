"""Coded values: codes, bilingual labels and method groupings."""

from __future__ import annotations

import re

import pytest

from kampungkb import models
from kampungkb.models import (
    MALE_METHODS,
    MKJP_METHODS,
    MODERN_METHODS,
    ContraceptiveMethod,
    FertilityIntention,
    LabelledEnum,
    Sex,
    enum_labels,
)

ENUMS = [
    obj
    for obj in vars(models).values()
    if isinstance(obj, type) and issubclass(obj, LabelledEnum) and obj is not LabelledEnum
]


def test_examples_from_the_brief() -> None:
    assert Sex.m.label() == "Laki-laki"
    assert Sex.m.label("en") == "Male"
    assert ContraceptiveMethod.mow.label("id") == "MOW (tubektomi)"
    assert ContraceptiveMethod.mow.label("en") == "Tubectomy (female sterilisation)"
    assert FertilityIntention.later.label("id") == "Ingin anak ditunda (IAT)"
    assert FertilityIntention.later.label("en") == "Wants a child later (IAT)"


def test_members_are_their_codes() -> None:
    assert Sex("f") is Sex.f
    assert Sex.f == "f"
    assert str(Sex.f) == "f"
    assert f"{Sex.f}" == "f"
    assert Sex.f.code == "f"
    assert Sex.codes() == ("m", "f")
    assert isinstance(Sex.f, str)


@pytest.mark.parametrize("enum_cls", ENUMS, ids=lambda e: e.__name__)
def test_every_enum_has_ascii_codes_and_two_labels(enum_cls: type[LabelledEnum]) -> None:
    assert enum_cls.__doc__
    for member in enum_cls:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", member.value)
        assert member.name == member.value
        assert member.label("id")
        assert member.label("en")
        assert member.label("id") != member.value or member.label("en") != member.value
    assert list(enum_labels(enum_cls, "en")) == [m.value for m in enum_cls]


def test_enum_labels() -> None:
    assert enum_labels(Sex) == {"m": "Laki-laki", "f": "Perempuan"}
    assert enum_labels(Sex, "en") == {"m": "Male", "f": "Female"}


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match=r"'id'.*'en'"):
        Sex.m.label("fr")  # type: ignore[arg-type]


def test_method_groupings() -> None:
    m = ContraceptiveMethod
    assert {m.iud, m.implant, m.mow, m.mop} == MKJP_METHODS
    assert {m.mop, m.condom} == MALE_METHODS
    assert MKJP_METHODS <= MODERN_METHODS
    assert MALE_METHODS <= MODERN_METHODS
    assert m.traditional not in MODERN_METHODS
    assert m.lam in MODERN_METHODS
    assert set(m) - MODERN_METHODS == {m.traditional}
