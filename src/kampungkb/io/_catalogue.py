"""The validation rules: ids, severity and bilingual message templates.

Every problem in a :class:`~kampungkb.io.ValidationReport` names one of these rules.  Messages
are templates filled (vectorised, in DuckDB) with ``{column}``, ``{value}`` (masked when the
column holds personal data) and ``{detail}`` (the allowed codes, the bounds, the first row of a
duplicate …).
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["RULES", "SKIP_REASONS", "Rule", "Severity"]

#: ``error`` rejects the row (or, for a file-level problem, every row of the source);
#: ``warning`` is reported but rejects nothing.
Severity = Literal["error", "warning"]


@attrs.frozen
class Rule:
    """One validation rule.

    Attributes:
        id: rule id used in reports (``"nik_format"``).
        severity: ``"error"`` or ``"warning"``.
        message_id: message template in Bahasa Indonesia.
        message_en: message template in English.
        checks_en: what the rule checks (English, for the docs).
    """

    id: str
    severity: Severity
    message_id: str
    message_en: str
    checks_en: str


_RULES: tuple[Rule, ...] = (
    Rule(
        "missing_column",
        "error",
        "Kolom wajib '{column}' tidak ada di berkas; semua baris ditolak",
        "Required column '{column}' is missing from the file; every row is rejected",
        "a required column of the table is absent from the source (file-level)",
    ),
    Rule(
        "unknown_column",
        "warning",
        "Kolom '{value}' tidak dikenali dan diabaikan",
        "Column '{value}' is not recognised and was ignored",
        "a source column maps to no canonical column (file-level, nothing rejected)",
    ),
    Rule(
        "file_skipped",
        "warning",
        "Berkas '{value}' di folder dilewati: {detail}",
        "File '{value}' in the folder was skipped: {detail}",
        "in a folder, a file not named after a canonical table that has no reader, does not "
        "read as a table or holds no recognisable table (a README, notes) is skipped",
    ),
    Rule(
        "sheet_skipped",
        "warning",
        "Lembar '{value}' dilewati: {detail}",
        "Sheet '{value}' was skipped: {detail}",
        "a sheet of a workbook that is hidden, or holds no recognisable table (instructions, a "
        "code list), is skipped unless the mapping names it; the workbook's other sheets are read",
    ),
    Rule(
        "village_edition",
        "warning",
        "Kode desa '{value}' tidak ada di edisi daftar wilayah yang berlaku untuk periodenya: "
        "{detail}",
        "Village code '{value}' is not in the edition of the region list in force for its "
        "period: {detail}",
        "with `kampungkb validate --editions` (kampungkb.regions.check_editions): a village "
        "code absent from its period's edition of the Kemendagri list, one warning per code, "
        "table and period with the number of rows; nothing is rejected",
    ),
    Rule(
        "required",
        "error",
        "Kolom wajib '{column}' kosong",
        "Required column '{column}' is empty",
        "a required column is empty in the row",
    ),
    Rule(
        "type",
        "error",
        "Nilai '{value}' di kolom '{column}' tidak dapat dibaca sebagai {detail}",
        "Value '{value}' in column '{column}' cannot be read as {detail}",
        "the value cannot be converted to the column's type (number, date, yes/no …)",
    ),
    Rule(
        "enum",
        "error",
        "Kode '{value}' di kolom '{column}' tidak dikenal (yang sah: {detail})",
        "Code '{value}' in column '{column}' is not allowed (allowed: {detail})",
        "a coded value (after the mapping's and the built-in synonyms) is not an allowed code",
    ),
    Rule(
        "range",
        "error",
        "Nilai {value} di kolom '{column}' di luar batas {detail}",
        "Value {value} in column '{column}' is outside the bounds {detail}",
        "a number is below the column's lower bound or above its upper bound",
    ),
    Rule(
        "pattern",
        "error",
        "Nilai '{value}' di kolom '{column}' tidak sesuai format {detail}",
        "Value '{value}' in column '{column}' does not match the format {detail}",
        "a text value does not match the column's declared pattern",
    ),
    Rule(
        "period",
        "error",
        "Periode '{value}' tidak sah (contoh: {detail})",
        "Period '{value}' is not valid (e.g. {detail})",
        "the period is not a year (2019), quarter (2019-Q2) or month (2019-06) as the table needs",
    ),
    Rule(
        "future_date",
        "error",
        "Tanggal {value} di kolom '{column}' ada di masa depan (setelah {detail})",
        "Date {value} in column '{column}' is in the future (after {detail})",
        "a date lies after the validation day (today unless given)",
    ),
    Rule(
        "age_first_marriage",
        "error",
        "Usia kawin pertama {value} melebihi umur orang itu ({detail} tahun)",
        "Age at first marriage {value} exceeds the person's age ({detail} years)",
        "age at first marriage is greater than the age at the period's last day",
    ),
    Rule(
        "id_number_in_text",
        "error",
        "Kolom '{column}' berisi angka 12 digit atau lebih yang tampak seperti NIK atau nomor "
        "KK; data pribadi tidak boleh ada di kolom ini (periksa apakah sel bergeser)",
        "Column '{column}' holds a number of 12 or more digits that looks like a NIK or KK "
        "number; personal data may not be in this column (check for shifted cells)",
        "a free-text column (not a code, identifier or personal column) holds 12 or more "
        "digits in a row, as a NIK or KK number would",
    ),
    Rule(
        "born_after_period",
        "error",
        "Tanggal lahir {value} jatuh sesudah akhir periode ({detail}); orang yang belum lahir "
        "tidak dapat tercatat dalam periode ini",
        "Birth date {value} is after the end of the period ({detail}); a person not yet born "
        "cannot be recorded in it",
        "the birth date is not after the period's last day (a snapshot row describes a person "
        "alive then)",
    ),
    Rule(
        "implausible_age",
        "error",
        "Tanggal lahir {value} berarti umur {detail} tahun pada akhir periode; lebih dari 120 "
        "tahun tidak masuk akal",
        "Birth date {value} means an age of {detail} years at the end of the period; over 120 "
        "years is not plausible",
        "the age at the period's last day (from birth_date) is at most 120 years, the bound "
        "the models put on every age",
    ),
    Rule(
        "male_pregnant",
        "error",
        "Laki-laki tercatat sedang hamil (kolom pregnant)",
        "A man is recorded as pregnant (column pregnant)",
        "pregnant is not true on a man's row (sex = m)",
    ),
    Rule(
        "male_contraception",
        "error",
        "Metode kontrasepsi '{value}' tercatat pada baris laki-laki; metode pasangan (termasuk "
        "MOP dan kondom) dicatat pada baris istri",
        "Contraceptive method '{value}' is recorded on a man's row; a couple's method (MOP and "
        "condom too) is recorded on the wife's row",
        "contraceptive_method is empty on a man's row (the couple's method is on the wife's)",
    ),
    Rule(
        "male_fertility_detail",
        "error",
        "Kolom '{column}' (rincian kesuburan) terisi pada baris laki-laki; dicatat pada baris "
        "perempuan",
        "Column '{column}' (a fertility detail) is filled on a man's row; it is recorded on the "
        "woman's row",
        "fertility details (ever_used_contraception, last_birth_date, last_birth_wanted, "
        "pregnancy_wanted, last_menses, infecund_reported) are empty on a man's row",
    ),
    Rule(
        "date_before_birth",
        "error",
        "Tanggal {value} di kolom '{column}' lebih awal dari tanggal lahir ({detail})",
        "Date {value} in column '{column}' is before the birth date ({detail})",
        "contraception_start and last_birth_date (persons) and a child measurement's date are "
        "not before birth_date",
    ),
    Rule(
        "end_before_start",
        "error",
        "Tanggal {value} di kolom '{column}' lebih awal dari tanggal mulai ({detail})",
        "Date {value} in column '{column}' is before the start date ({detail})",
        "dissolved_on (PATBM) and closed_on (home industries) are not before formed_on / "
        "started_on",
    ),
    Rule(
        "dependent_value",
        "error",
        "Kolom '{column}' terisi padahal {detail} (kosong atau tidak cocok)",
        "Column '{column}' is filled although {detail} (empty or not matching)",
        "contraception_start needs contraceptive_method; age_first_marriage is empty for "
        "never_married; pregnancy_wanted is empty when pregnant is false; last_birth_wanted "
        "needs last_birth_date",
    ),
    Rule(
        "pokja_inconsistent",
        "error",
        "has_pokja bernilai tidak, tetapi pokja_decree, pokja_trained atau pokja_members "
        "menunjukkan pokja ada",
        "has_pokja is false but pokja_decree, pokja_trained or pokja_members say a working "
        "group exists",
        "a profile without a pokja (has_pokja false) has no pokja decree, training or members",
    ),
    Rule(
        "nik_format",
        "error",
        "NIK {value} tidak sah: harus 16 angka dengan tanggal lahir DDMMYY di posisi 7–12",
        "NIK {value} is not valid: 16 digits with a DDMMYY birth date in positions 7–12",
        "NIK is 16 digits, region part not 000000, day 01–31 (41–71 for women), month 01–12",
    ),
    Rule(
        "nik_sex",
        "error",
        "NIK {value} menunjukkan jenis kelamin {detail}, berbeda dengan kolom sex",
        "NIK {value} encodes sex {detail}, which differs from the sex column",
        "the NIK's day (+40 for women) agrees with the row's sex",
    ),
    Rule(
        "nik_birth_date",
        "error",
        "NIK {value} memuat tanggal lahir {detail}, berbeda dengan kolom birth_date",
        "NIK {value} encodes birth date {detail}, which differs from birth_date",
        "the NIK's DDMMYY agrees with the row's birth date (day, month, two-digit year)",
    ),
    Rule(
        "kk_format",
        "error",
        "Nomor KK {value} tidak sah: harus 16 angka dengan tanggal DDMMYY di posisi 7–12",
        "KK number {value} is not valid: 16 digits with a DDMMYY date in positions 7–12",
        "KK number is 16 digits, region part not 000000, a valid DDMMYY issue date",
    ),
    Rule(
        "village_code",
        "error",
        "Kode desa '{value}' tidak sah (format PP.KK.CC.DDDD)",
        "Village code '{value}' is not valid (format PP.KK.CC.DDDD)",
        "the village code, after adding dots to 10 digits, is PP.KK.CC.DDDD",
    ),
    Rule(
        "bps_village_code",
        "error",
        "Kode desa '{value}' tampaknya memakai penomoran BPS (nomor desa 3 angka {detail}), "
        "bukan Kemendagri: nomor desa Kemendagri 4 angka diawali 1 (kelurahan) atau 2 (desa); "
        "isi kode Kemendagri (kode BPS tidak dikonversi otomatis)",
        "Village code '{value}' seems to use BPS numbering (3-digit village number {detail}), "
        "not Kemendagri: Kemendagri village numbers have 4 digits beginning with 1 (kelurahan) "
        "or 2 (desa); give the Kemendagri code (BPS codes are not converted)",
        "the village part DDDD does not start with 0: a 10-digit code ending in a 3-digit BPS "
        "village number (1903010005) is BPS numbering, not Kemendagri",
    ),
    Rule(
        "district_unknown",
        "error",
        "Kecamatan {detail} dari kode desa '{value}' tidak ada di daftar wilayah",
        "District {detail} of village code '{value}' is not in the region registry",
        "the village code's district (PP.KK.CC) is known to the region registry",
    ),
    Rule(
        "reference",
        "error",
        "Nilai '{value}' di kolom '{column}' tidak ditemukan di {detail}",
        "Value '{value}' in column '{column}' is not found in {detail}",
        "a person's family exists in families, a row's village exists in villages "
        "(checked when the referenced table is part of the same input)",
    ),
    Rule(
        "duplicate_key",
        "error",
        "Kunci ({column}) ganda; sudah ada di {detail}",
        "Duplicate key ({column}); already at {detail}",
        "the table's key is unique; the first occurrence is kept, later ones rejected",
    ),
    Rule(
        "report_totals",
        "error",
        "Jumlah {column} ({value}) melebihi {detail}",
        "The sum of {column} ({value}) exceeds {detail}",
        "a monthly report's parts do not exceed their total (users + non-users ≤ PUS …)",
    ),
)

#: Why a file of a folder (``file_skipped``) or a sheet of a workbook (``sheet_…`` reasons,
#: ``sheet_skipped``) was skipped, its ``{detail}``: ``(id, en)``;
#: ``{suffix}`` is the file's suffix.
SKIP_REASONS: dict[str, tuple[str, str]] = {
    "no_reader": (
        "tidak ada pembaca untuk berkas {suffix}",
        "no reader for {suffix} files",
    ),
    "unreadable": (
        "tidak terbaca sebagai tabel data",
        "it does not read as a data table",
    ),
    "no_table": (
        "isinya bukan tabel kanonis yang dikenali",
        "it holds no recognisable canonical table",
    ),
    "not_part": (
        "bukan berkas bagian tabel (.parquet atau .csv)",
        "not a part file of the table (.parquet or .csv)",
    ),
    # a sheet of a workbook (``sheet_skipped``): ``{suffix}`` is unused
    "sheet_hidden": (
        "lembar tersembunyi (sebutkan di [sheets] pemetaan untuk membacanya)",
        "a hidden sheet (name it in the mapping's [sheets] to read it)",
    ),
    "sheet_no_table": (
        "isinya bukan tabel kanonis yang dikenali",
        "it holds no recognisable canonical table",
    ),
}

#: Every rule by id, in the order the docs list them.
RULES: dict[str, Rule] = {r.id: r for r in _RULES}
