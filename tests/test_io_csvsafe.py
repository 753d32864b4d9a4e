"""CSV outputs of validation never carry a live spreadsheet formula (OWASP CSV injection)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from kampungkb.io import validate_path
from kampungkb.io._csvsafe import csv_safe


def test_csv_safe_quotes_formulas_not_numbers() -> None:
    t = pa.table({"a": ["=1+2", "+62", "-5", "@SUM(A1)", "\tx", "ok", None, "-x"],
                  "n": [1, -2, 3, 4, 5, 6, 7, 8]})
    out = csv_safe(t)
    assert out["a"].to_pylist() == ["'=1+2", "+62", "-5", "'@SUM(A1)", "'\tx", "ok", None,
                                    "'-x"]
    assert out["n"].to_pylist() == t["n"].to_pylist()


def test_quarantine_and_report_csv_hold_no_formula(tmp_path: Path) -> None:
    data = tmp_path / "villages.csv"
    data.write_text("village_code,name\n=1+2,Desa\n19.01.01.2001,Desa Satu\n", encoding="utf-8")
    result = validate_path(data, quarantine_dir=tmp_path / "q", pseudonym_key="k" * 32)
    assert result.quarantine_files
    report = result.report.to_csv(tmp_path / "report.csv")
    for path in (*result.quarantine_files, report):
        for line in path.read_text(encoding="utf-8").splitlines():
            for cell in line.split(","):
                assert not cell.strip('"').startswith(("=", "@")), (path.name, line)


def test_an_id_number_in_a_free_text_column_is_rejected(tmp_path: Path) -> None:
    """A NIK shifted into a village name never reaches the accepted tables (or a report)."""
    data = tmp_path / "villages.csv"
    data.write_text("village_code,name\n19.01.01.2002,3201234567890123\n"
                    "19.01.01.2001,Desa Satu\n19.01.01.2003,Desa 3201 2345 6789 0123\n",
                    encoding="utf-8")
    result = validate_path(data, pseudonym_key="k" * 32)
    assert result.report.summary_by_rule() == {"id_number_in_text": 2}
    assert result.tables["villages"]["name"].to_pylist() == ["Desa Satu"]
    assert "3201" not in result.report.to_text("en")


def test_unknown_headers_that_may_be_names_are_not_shown(tmp_path: Path) -> None:
    data = tmp_path / "villages.csv"
    data.write_text("village_code,name,Budi Santoso Raw,kolom_tambahan\n"
                    "19.01.01.2001,Desa Satu,x,y\n", encoding="utf-8")
    text = validate_path(data, pseudonym_key="k" * 32).report.to_text("en")
    assert "Budi" not in text
    assert "text of 16 characters" in text
    assert "kolom_tambahan" in text


def test_csv_files_open_in_indonesian_excel(tmp_path: Path) -> None:
    """UTF-8 with a byte order mark, and ';' between cells when asked."""
    from kampungkb.io._csvsafe import write_csv  # noqa: PLC0415

    out = write_csv(pa.table({"a": ["Desa Ujung", "=1"], "n": [1.5, 2.0]}), tmp_path / "x.csv",
                    delimiter=";")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw[3:].decode("utf-8").splitlines()
    assert lines[0] == '"a";"n"'
    assert lines[2] == "\"'=1\";2"
