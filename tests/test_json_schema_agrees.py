"""The published JSON Schema refuses what the models refuse, where a schema can say it.

A client validating against ``kampungkb schema TABLE --json`` must not accept a region code,
identity number or list the model then rejects (a 422 the schema did not warn of).  The
patterns are checked differentially: for every dotted code shape Hypothesis draws, the schema's
pattern matches exactly when the model accepts it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kampungkb.errors import RegionCodeError
from kampungkb.models import RegionCode, VillageCode
from kampungkb.models.tables import CANONICAL_TABLES, json_schema


def _accepts(cls: type[RegionCode], code: str) -> bool:
    try:
        cls(code)
    except RegionCodeError:
        return False
    return True


def _pattern(cls: type[RegionCode]) -> str:
    return str(cls.__get_pydantic_json_schema__(None, None)["pattern"])  # type: ignore[arg-type]


PART = st.text(alphabet="0123456789", min_size=2, max_size=2)
NUMBER = st.text(alphabet="0123456789", min_size=4, max_size=4)


@given(PART, PART, PART, NUMBER, st.integers(1, 4))
def test_region_code_pattern_matches_exactly_what_the_model_accepts(
        p: str, r: str, d: str, v: str, parts: int) -> None:
    code = ".".join([p, r, d, v][:parts])
    assert (re.fullmatch(_pattern(RegionCode), code) is not None) == _accepts(RegionCode, code)


@given(PART, PART, PART, NUMBER)
def test_village_code_pattern_matches_exactly_what_the_model_accepts(
        p: str, r: str, d: str, v: str) -> None:
    code = f"{p}.{r}.{d}.{v}"
    assert (re.fullmatch(_pattern(VillageCode), code) is not None) == _accepts(VillageCode, code)


@pytest.mark.parametrize("code", ["10.01.01.2091", "00.01.01.2091", "19.00.01.2091",
                                  "19.01.01.0091"])
def test_the_reviewers_codes_are_refused_by_the_schema(code: str) -> None:
    pattern = json_schema("persons")["properties"]["village_code"]["pattern"]
    assert re.fullmatch(pattern, code) is None


def _lists(node: Any) -> list[dict[str, Any]]:
    """Every array schema in ``node``."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == "array":
            found.append(node)
        for value in node.values():
            found.extend(_lists(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_lists(value))
    return found


@pytest.mark.parametrize("table", sorted(CANONICAL_TABLES))
def test_lists_of_codes_say_each_code_once(table: str) -> None:
    schema = CANONICAL_TABLES[table]
    code_lists = [c.name for c in schema if c.type.endswith("[]")]
    props = json_schema(table)["properties"]
    for name in code_lists:
        arrays = _lists(props[name])
        assert arrays, name
        assert all(a.get("uniqueItems") is True for a in arrays), name


DIGITS16 = st.text(alphabet="0123456789", min_size=16, max_size=16)
PLAUSIBLE = st.builds(
    lambda p, r, d, day, month, yy, serial: f"{p}{r}{d}{day:02d}{month:02d}{yy:02d}{serial:04d}",
    st.sampled_from(["00", "10", "11", "19", "99"]), st.sampled_from(["00", "01", "71"]),
    st.sampled_from(["00", "01", "12"]), st.integers(0, 80), st.integers(0, 13),
    st.integers(0, 99), st.sampled_from([0, 1, 9999]))


@pytest.mark.parametrize("cls_name", ["NIK", "KKNumber"])
@given(code=st.one_of(DIGITS16, PLAUSIBLE))
def test_identity_number_pattern_refuses_what_the_model_refuses(cls_name: str, code: str) -> None:
    from kampungkb import models  # noqa: PLC0415

    cls = getattr(models, cls_name)
    pattern = cls.__get_pydantic_json_schema__(None, None)["pattern"]
    try:
        cls(code)
        accepted = True
    except ValueError:
        accepted = False
    matches = re.fullmatch(pattern, code) is not None
    if accepted:
        assert matches, code  # never stricter than the model
    elif matches:  # the only rule a pattern cannot say: a day the month does not have
        day, month = int(code[6:8]), int(code[8:10])
        day -= 40 if cls_name == "NIK" and day > 40 else 0
        assert day > 28, code
        assert month in (2, 4, 6, 9, 11), code


def test_a_blank_identifier_is_refused_by_the_schema() -> None:
    prop = json_schema("persons")["properties"]["person_id"]
    assert re.search(prop["pattern"], " ") is None
    assert re.search(prop["pattern"], " P1 ") is not None
