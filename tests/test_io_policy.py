"""Policies, the accepted + rejected = read invariant, pseudonyms and the personal-data search."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kampungkb.errors import DataValidationError
from kampungkb.io import PseudonymKeyWarning, pseudonym, resolve_key, validate_data, validate_path
from tests.test_io_support import (
    KEY,
    NIK_BUDI,
    PERSONAL,
    TODAY,
    person_dict,
    person_rows,
    write_csv,
)


def _bad_rows() -> list[tuple[Any, ...]]:
    rows = person_rows()
    bad = list(rows[1])
    bad[5] = "?"  # sex
    return [rows[0], tuple(bad), rows[0]]  # row 3 bad, row 4 a duplicate of row 2


def test_strict_raises_with_the_full_report(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "penduduk.csv", _bad_rows())
    with pytest.raises(DataValidationError) as info:
        validate_path(path, policy="strict", pseudonym_key=KEY, today=TODAY)
    report = info.value.report
    assert report is not None
    assert report.rows_rejected == 2  # type: ignore[attr-defined]
    assert "2 of 3 rows rejected" in str(info.value)
    assert validate_path(write_csv(tmp_path / "ok.csv", person_rows()), policy="strict",
                         pseudonym_key=KEY, today=TODAY).report.ok  # fmt: skip


def test_quarantine_writes_rejected_rows_with_reasons(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "penduduk.csv", _bad_rows())
    result = validate_path(path, pseudonym_key=KEY, today=TODAY, quarantine_dir=tmp_path / "q")
    assert result.tables["persons"].num_rows == 1
    (written,) = result.quarantine_files
    assert written.name == "persons.rejected.csv"
    text = written.read_text("utf-8")
    assert "enum:sex" in text
    assert "duplicate_key:person_id, period" in text
    rejected = result.rejected["persons"].to_pylist()
    assert [r["source_row"] for r in rejected] == [3, 4]
    summary = result.report.summary_by_file()["penduduk.csv"]
    assert (summary.rows_read, summary.rows_accepted, summary.rows_rejected) == (3, 1, 2)


def test_report_outputs(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "penduduk.csv", _bad_rows())
    report = validate_path(path, pseudonym_key=KEY, today=TODAY).report
    assert not report.ok
    assert report.summary_by_rule() == {"duplicate_key": 1, "enum": 1}
    data = json.loads(report.to_json(tmp_path / "r.json").read_text("utf-8"))
    assert data["ok"] is False
    assert len(data["problems"]) == 2
    csv_file = report.to_csv(tmp_path / "r.csv")
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    assert csv_file.read_text("utf-8-sig").startswith('"file","sheet"')
    assert "baris 3" in report.to_text("id")
    assert "row 3" in report.to_text("en")


def test_no_key_warns_and_uses_a_random_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAMPUNGKB_PSEUDONYM_KEY", raising=False)
    with pytest.warns(PseudonymKeyWarning, match="KAMPUNGKB_PSEUDONYM_KEY"):
        result = validate_data([person_dict()], table="persons", today=TODAY)
    assert result.key_source == "random"
    monkeypatch.setenv("KAMPUNGKB_PSEUDONYM_KEY", KEY)
    result = validate_data([person_dict()], table="persons", today=TODAY)
    assert result.key_source == "environment"
    expected = pseudonym(resolve_key(KEY), "nik", person_dict()["nik"])
    assert result.tables["persons"]["person_id"].to_pylist() == [expected]


def test_sql_hmac_matches_python_hmac() -> None:
    result = validate_data([person_dict()], table="persons", pseudonym_key=KEY, today=TODAY)
    nik = person_dict()["nik"]
    digest = hmac.new(KEY.encode(), f"nik:{nik}".encode(), hashlib.sha256).hexdigest()[:32]
    assert result.tables["persons"]["person_id"].to_pylist() == [digest]


def test_raw_personal_data_never_appears_in_any_output(tmp_path: Path) -> None:
    rows = person_rows()
    broken = list(rows[1])
    broken[0] = NIK_BUDI[:-1] + "X"  # an invalid NIK is still masked
    broken[5] = "?"
    path = write_csv(tmp_path / "penduduk.csv", [*rows, tuple(broken), rows[0]])
    result = validate_path(path, pseudonym_key=KEY, today=TODAY, quarantine_dir=tmp_path / "q")
    with pytest.raises(DataValidationError) as info:
        validate_path(path, policy="strict", pseudonym_key=KEY, today=TODAY)
    report = result.report
    outputs = [
        report.to_text("id"), report.to_text("en"), repr(report), repr(result),
        report.to_csv(tmp_path / "r.csv").read_text("utf-8"),
        report.to_json(tmp_path / "r.json").read_text("utf-8"),
        str(info.value), repr(info.value),
        *(f.read_text("utf-8") for f in result.quarantine_files),
        *(str(t.to_pylist()) for t in result.tables.values()),
        *(str(t.to_pylist()) for t in result.rejected.values()),
        str(report.problems.to_pylist()),
    ]  # fmt: skip
    assert any("19**" in o for o in outputs)  # masked values are shown
    for raw in (*PERSONAL, broken[0]):
        for out in outputs:
            assert raw not in out
    for table in (*result.tables.values(), *result.rejected.values()):
        assert not {"nik", "name", "kk_number", "head_name"} & set(table.column_names)


_cell = st.one_of(
    st.none(),
    st.text(alphabet="0123456789abcLP/-.,; ", max_size=18),
    st.sampled_from(["P", "L", "f", "m", "Kawin", "2019", "1901012001", "05/07/1990", "Ya"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "nik": st.one_of(_cell, st.just(PERSONAL[0])),
                "sex": _cell,
                "birth_date": st.one_of(_cell, st.dates(dt.date(1900, 1, 1), dt.date(2030, 1, 1))),
                "village_code": _cell,
                "period": _cell,
                "kk_number": _cell,
                "age_first_marriage": st.one_of(_cell, st.integers(-5, 200)),
                "has_birth_certificate": _cell,
            }
        ),
        min_size=1,
        max_size=12,
    )
)
def test_accepted_plus_rejected_equals_rows_read(rows: list[dict[str, Any]]) -> None:
    rows = [r for r in rows if any(v is not None for v in r.values())] or [person_dict()]
    result = validate_data(rows, table="persons", pseudonym_key=KEY, today=TODAY)
    report = result.report
    accepted = result.tables["persons"].num_rows
    rejected = result.rejected.get("persons")
    n_rejected = 0 if rejected is None else rejected.num_rows
    assert report.rows_read == len(rows)
    assert accepted + n_rejected == report.rows_read
    assert report.rows_accepted == accepted
    assert report.rows_rejected == n_rejected
