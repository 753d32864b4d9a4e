"""Region codes in every documented form, everywhere (found by a review): ``--region`` took
only dotted codes while ``--within`` took ``1901``; an empty region meant the whole country;
a bad level was a bare ``KeyError``; digits of other scripts passed as a code;
``comparable_codes`` missed undotted keys."""

from __future__ import annotations

import contextlib
import io

import pytest

from kampungkb import regions
from kampungkb.cli import main
from kampungkb.errors import RegionCodeError
from kampungkb.models import RegionCode


@pytest.mark.parametrize("code", ["1901", " 19.01 ", "19.01"])
def test_region_option_takes_a_code_dotted_or_not(code: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["evaluate", "--demo", "--region", code, "--format", "json",
                     "--lang", "en"]) == 0
    assert '"19.01"' in out.getvalue()


def test_an_empty_region_is_malformed_not_the_whole_country() -> None:
    history = regions.packaged()
    with pytest.raises(RegionCodeError):
        history.changes("2018", "2022", region="")
    assert len(history.changes("2018", "2022", region="19").changes) < len(
        history.changes("2018", "2022").changes)


def test_a_level_that_is_no_level_is_a_clear_error() -> None:
    with pytest.raises(RegionCodeError) as caught:
        RegionCode("19.01.01.2001").ancestor("Village")  # type: ignore[arg-type]
    assert "village" in caught.value.message("en")
    assert "tingkat wilayah" in caught.value.message("id")


@pytest.mark.parametrize("code", ["١٩٠١٠١٢٠٠١", "１９.０１"])
def test_digits_of_other_scripts_are_not_a_code(code: str) -> None:
    with pytest.raises(RegionCodeError):
        RegionCode(code)


def test_comparable_codes_normalises_its_keys() -> None:
    dotted = regions.comparable_codes("2022", "2025", {"91.16.20.2004": "2022"})
    plain = regions.comparable_codes("2022", "2025", {"9116202004": "2022"})
    padded = regions.comparable_codes("2022", "2025", {" 91.16.20.2004 ": "2022"})
    assert plain.to_pylist() == dotted.to_pylist() == padded.to_pylist()
    assert dotted["method"].to_pylist() != ["not_in_edition"]
