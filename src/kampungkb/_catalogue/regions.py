"""Error and warning messages of kampungkb's regions area: key → (Bahasa Indonesia, English).

Region editions, crosswalks between them and BPS ↔ Kemendagri conversion tables.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # a malformed Kemendagri code on a line of a user's table (the models.code_* messages,
    # naming the file and line)
    "regions.code_malformed_at": (
        "{file}, baris {line}: kode wilayah {code!r} salah bentuk: yang diharapkan kode "
        "Kemendagri PP, PP.KK, PP.KK.CC atau PP.KK.CC.DDDD (titik boleh tidak ditulis)",
        "{file}, line {line}: malformed region code {code!r}: expected a Kemendagri code PP, "
        "PP.KK, PP.KK.CC or PP.KK.CC.DDDD (dots optional)",
    ),
    "regions.code_bad_province_at": (
        "{file}, baris {line}: kode wilayah {code!r} salah bentuk: kode provinsi harus 11–99",
        "{file}, line {line}: malformed region code {code!r}: province must be 11–99",
    ),
    "regions.code_zero_part_at": (
        "{file}, baris {line}: kode wilayah {code!r} salah bentuk: ada bagian yang seluruhnya nol",
        "{file}, line {line}: malformed region code {code!r}: a part is all zeros",
    ),
    "regions.code_invalid_at": (
        "{file}, baris {line}: bukan kode wilayah Kemendagri yang sah",
        "{file}, line {line}: not a valid Kemendagri region code",
    ),
    # BPS ↔ Kemendagri tables
    "regions.bps_header": (
        "{file}: baris judul harus bps_code,kemendagri_code (kolom itu tidak ada)",
        "{file}: expected the header bps_code,kemendagri_code",
    ),
    "regions.bps_empty_at": (
        "{file}, baris {line}: bps_code kosong",
        "{file}, line {line}: empty bps_code",
    ),
    "regions.bps_twice": (
        "{file}, baris {line}: kode BPS {code!r} tercantum dua kali ({first} dan {second})",
        "{file}, line {line}: BPS code {code!r} given twice ({first} and {second})",
    ),
    "regions.bps_empty": (
        "tabel konversi: ada kode BPS yang kosong",
        "table: empty BPS code",
    ),
    "regions.bps_empty_in": (
        "{source}: ada kode BPS yang kosong",
        "{source}: empty BPS code",
    ),
    "regions.bps_unknown": (
        "kode BPS {code!r} tidak ada di tabel konversi",
        "BPS code {code!r} is not in the conversion table",
    ),
    "regions.bps_unknown_in": (
        "kode BPS {code!r} tidak ada di tabel konversi {source}",
        "BPS code {code!r} is not in the conversion table {source}",
    ),
    # crosswalks
    "regions.crosswalk_missing_columns": (
        "{file}: kolom wajib tidak ada: {columns}",
        "{file}: missing column(s) {columns}",
    ),
    "regions.crosswalk_unknown_kind": (
        "{file}, baris {line}: jenis perubahan {kind!r} tidak dikenal; yang sah: {kinds}",
        "{file}, line {line}: unknown kind {kind!r}; expected {kinds}",
    ),
    "regions.crosswalk_unknown_edition": (
        "{file}, baris {line}: edisi {edition!r} tidak dikenal; yang ada: {known}",
        "{file}, line {line}: unknown edition {edition!r}; known: {known}",
    ),
    "regions.crosswalk_same_edition": (
        "{file}, baris {line}: from_edition dan to_edition sama ({edition}); perubahan terjadi "
        "di antara dua edisi",
        "{file}, line {line}: from_edition and to_edition are the same ({edition}); a change "
        "happens between two editions",
    ),
    "regions.crosswalk_code_not_in_edition": (
        "{file}, baris {line}: kode {code} di kolom {column} tidak ada di edisi {edition} "
        "(salah ketik?)",
        "{file}, line {line}: code {code} in column {column} is not in edition {edition} "
        "(a typo?)",
    ),
    "regions.crosswalk_needs": (
        "{file}, baris {line}: perubahan {kind} memerlukan {column}",
        "{file}, line {line}: {kind} needs {column}",
    ),
    # validate --editions: a village code absent from the edition in force in its period
    # ({decree} the decree's number, {seen} the editions that have it, {guess} close codes)
    "regions.village_not_in_edition": (
        "Kode desa {code!r} tidak ada di edisi wilayah {edition} ({decree}) yang berlaku untuk "
        "periode {period}",
        "Village code {code!r} is not in region edition {edition} ({decree}) that applies to "
        "period {period}",
    ),
    "regions.village_not_in_edition_seen": (
        "Kode desa {code!r} tidak ada di edisi wilayah {edition} ({decree}) yang berlaku untuk "
        "periode {period} (ada di edisi {seen})",
        "Village code {code!r} is not in region edition {edition} ({decree}) that applies to "
        "period {period} (it is in edition {seen})",
    ),
    "regions.village_not_in_edition_guess": (
        "Kode desa {code!r} tidak ada di edisi wilayah {edition} ({decree}) yang berlaku untuk "
        "periode {period}; maksud Anda {guess}?",
        "Village code {code!r} is not in region edition {edition} ({decree}) that applies to "
        "period {period}; did you mean {guess}?",
    ),
    "regions.village_not_in_edition_seen_guess": (
        "Kode desa {code!r} tidak ada di edisi wilayah {edition} ({decree}) yang berlaku untuk "
        "periode {period} (ada di edisi {seen}); maksud Anda {guess}?",
        "Village code {code!r} is not in region edition {edition} ({decree}) that applies to "
        "period {period} (it is in edition {seen}); did you mean {guess}?",
    ),
    "regions.rows_one": ("{message} (1 baris)", "{message} (1 row)"),
    "regions.rows_many": ("{message} ({count} baris)", "{message} ({count} rows)"),
    # the report's note on an evaluation across region editions ({methods}: how many codes
    # each method of kampungkb.regions.COMPARABLE_METHODS matched)
    "regions.note_same_edition": (
        "Data awal dan data akhir memakai edisi wilayah yang sama ({edition})",
        "Baseline and follow-up are in the same region edition ({edition})",
    ),
    "regions.note_editions_differ": (
        "Edisi wilayah berbeda ({from_edition} → {to_edition}); desa dibandingkan pada wilayah "
        "yang setara: {methods}",
        "Region editions differ ({from_edition} → {to_edition}); villages compared on "
        "comparable geography: {methods}",
    ),
    # editions and periods
    "regions.unknown_edition": (
        "edisi wilayah {edition!r} tidak dikenal; kampungkb menyertakan {known}",
        "unknown region edition {edition!r}; kampungkb ships {known}",
    ),
    "regions.unknown_edition_known": (
        "edisi wilayah {edition!r} tidak dikenal; yang tersedia: {known}",
        "unknown region edition {edition!r}; known: {known}",
    ),
    "regions.no_codes": (
        "tidak ada kode untuk edisi {editions}",
        "no codes given for edition(s) {editions}",
    ),
    "regions.not_a_period": (
        "bukan periode: {period!r}; yang diharapkan 2019, 2019-Q2, 2019-06 atau sebuah tanggal",
        "not a period: {period!r}; expected 2019, 2019-Q2, 2019-06 or a date",
    ),
}
