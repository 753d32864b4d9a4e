"""Error and warning messages of kampungkb's models area: key → (Bahasa Indonesia, English).

Region codes (Kemendagri ``PP.KK.CC.DDDD``), region registries and the canonical tables.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # region codes
    "models.code_not_text": (
        "kode wilayah harus berupa teks, bukan {kind}",
        "region code must be text, got {kind}",
    ),
    "models.code_malformed": (
        "kode wilayah {code!r} salah bentuk: yang diharapkan kode Kemendagri PP, PP.KK, "
        "PP.KK.CC atau PP.KK.CC.DDDD (titik boleh tidak ditulis)",
        "malformed region code {code!r}: expected a Kemendagri code PP, PP.KK, PP.KK.CC or "
        "PP.KK.CC.DDDD (dots optional)",
    ),
    "models.unknown_level": (
        "tingkat wilayah {level!r} tidak dikenal; yang ada: {known}",
        "unknown region level {level!r}; the levels are: {known}",
    ),
    "models.code_bad_province": (
        "kode wilayah {code!r} salah bentuk: kode provinsi harus 11–99",
        "malformed region code {code!r}: province must be 11–99",
    ),
    "models.code_zero_part": (
        "kode wilayah {code!r} salah bentuk: ada bagian yang seluruhnya nol",
        "malformed region code {code!r}: a part is all zeros",
    ),
    "models.no_regency_part": (
        "{code} adalah kode provinsi; kode ini tidak memiliki bagian kabupaten/kota",
        "{code} is a province; it has no regency part",
    ),
    "models.no_district_part": (
        "{code} tidak memiliki bagian kecamatan (kodenya kode provinsi atau kabupaten/kota)",
        "{code} has no district part (it is a province or regency code)",
    ),
    "models.no_village_part": (
        "{code} tidak memiliki bagian desa (kodenya bukan kode desa PP.KK.CC.DDDD)",
        "{code} has no village part (it is not a village code PP.KK.CC.DDDD)",
    ),
    "models.not_village_province": (
        "{code!r} adalah kode provinsi; yang diharapkan kode desa PP.KK.CC.DDDD",
        "{code!r} is a province code; a village code PP.KK.CC.DDDD is expected",
    ),
    "models.not_village_regency": (
        "{code!r} adalah kode kabupaten/kota; yang diharapkan kode desa PP.KK.CC.DDDD",
        "{code!r} is a regency code; a village code PP.KK.CC.DDDD is expected",
    ),
    "models.not_village_district": (
        "{code!r} adalah kode kecamatan; yang diharapkan kode desa PP.KK.CC.DDDD",
        "{code!r} is a district code; a village code PP.KK.CC.DDDD is expected",
    ),
    "models.bps_village": (
        "Kode desa {code!r} tampaknya memakai penomoran BPS (nomor desa 3 angka), bukan "
        "Kemendagri: nomor desa Kemendagri 4 angka diawali 1 (kelurahan) atau 2 (desa); isi "
        "kode Kemendagri, atau konversi dengan tabel BPS-Kemendagri Anda sendiri "
        "(kampungkb.regions.bps_converter; kode BPS tidak dikonversi otomatis)",
        "{code!r} seems to use BPS numbering (a 3-digit village number), not Kemendagri: "
        "Kemendagri village numbers have 4 digits beginning with 1 (kelurahan) or 2 (desa); "
        "give the Kemendagri code, or convert with a BPS-Kemendagri table of your own "
        "(kampungkb.regions.bps_converter; BPS codes are not converted automatically)",
    ),
    # region registries
    "models.registry_not_village": (
        "{code!r} bukan kode desa; yang diharapkan kode desa PP.KK.CC.DDDD",
        "{code!r} is not a village code; expected a village code PP.KK.CC.DDDD",
    ),
    "models.registry_header": (
        "{file}: yang diharapkan baris judul 'kode,nama'",
        "{file}: expected a header row 'kode,nama'",
    ),
    "models.registry_row": (
        "{file}, baris {line}: yang diharapkan 'kode,nama'",
        "{file}, line {line}: expected 'kode,nama'",
    ),
    "models.unknown_region": (
        "kode wilayah {code!r} tidak dikenal dalam edisi {edition!r}",
        "unknown region code {code!r} in edition {edition!r}",
    ),
    # canonical tables
    "models.unknown_table": (
        "tabel kanonik {name!r} tidak dikenal (yang ada: {known})",
        "unknown canonical table {name!r} (known: {known})",
    ),
    "models.unknown_table_close": (
        "tabel kanonik {name!r} tidak dikenal; mungkin maksudnya {close}? (yang ada: {known})",
        "unknown canonical table {name!r}; did you mean {close}? (known: {known})",
    ),
    "models.unknown_table_or_model": (
        "tabel atau model {name!r} tidak dikenal (yang ada: {known})",
        "unknown table or model {name!r} (known: {known})",
    ),
    "models.unknown_table_or_model_close": (
        "tabel atau model {name!r} tidak dikenal; mungkin maksudnya {close}? (yang ada: {known})",
        "unknown table or model {name!r}; did you mean {close}? (known: {known})",
    ),
}
