"""Error and warning messages of kampungkb's definitions area: key → (Bahasa Indonesia, English)."""

from __future__ import annotations

#: The first part of "unknown indicator set" messages, by what is known (Indonesian, English).
_UNKNOWN_SET = {
    "none": (
        "set indikator {wanted!r} tidak dikenal: tidak ada set indikator yang terdaftar "
        "(apakah plugin dimatikan oleh KAMPUNGKB_DISABLE_PLUGINS atau KAMPUNGKB_PLUGINS?)",
        "unknown indicator set {wanted!r}: no indicator sets are registered "
        "(are plugins disabled by KAMPUNGKB_DISABLE_PLUGINS or KAMPUNGKB_PLUGINS?)",
    ),
    "plain": (
        "set indikator {wanted!r} tidak dikenal; yang tersedia: {available}",
        "unknown indicator set {wanted!r}; available: {available}",
    ),
    "close": (
        "set indikator {wanted!r} tidak dikenal (mungkin maksud Anda {close}?); yang "
        "tersedia: {available}",
        "unknown indicator set {wanted!r} (did you mean {close}?); available: {available}",
    ),
}
_LEFT_OUT = (
    "; set itu ditinggalkan saat memuat: {why}",
    "; it was left out: {why}",
)

MESSAGES: dict[str, tuple[str, str]] = {
    "definitions.no_provider": (
        "tidak ada definisi yang diberikan dan sistem plugin belum diimpor; berikan "
        "definitions=kampungkb.plugins.load_plugins().definitions()",
        "no definitions were given and the plugin system is not imported; pass "
        "definitions=kampungkb.plugins.load_plugins().definitions()",
    ),
    "definitions.extends_unknown_table": (
        "sebuah plugin memperluas tabel {table!r}, yang bukan tabel kanonik",
        "a plugin extends table {table!r}, which is not a canonical table",
    ),
    "definitions.column_type": (
        "kolom {column!r} bertipe {type}, yang bukan tipe kolom; pakai salah satu dari: "
        "{allowed}",
        "column {column!r} has type {type}, which is not a column type; use one of: {allowed}",
    ),
    "definitions.column_exists": (
        "sebuah plugin menambahkan kolom {column!r} ke tabel {table!r}, yang sudah memiliki "
        "kolom itu",
        "a plugin adds column {column!r} to table {table!r}, which already has that column",
    ),
    "definitions.column_twice": (
        "kolom {column!r} ditambahkan ke tabel {table!r} lebih dari sekali",
        "column {column!r} is added to table {table!r} more than once",
    ),
    "definitions.column_reserved": (
        "sebuah plugin menambahkan kolom {column!r} ke tabel {table!r}, tetapi mesin memakai "
        "nama itu untuk kolom yang dibuatnya sendiri ({reserved}); pilih nama lain",
        "a plugin adds column {column!r} to table {table!r}, but the engine uses that name for "
        "a column it makes itself ({reserved}); choose another name",
    ),
    "definitions.set_name_type": (
        "set indikator disebut dengan teks seperti 'cikar' atau 'cikar@2018', bukan {kind}",
        "an indicator set is named by text such as 'cikar' or 'cikar@2018', not {kind}",
    ),
    "definitions.ambiguous_set": (
        "set indikator {set_id!r} disediakan oleh lebih dari satu distribusi ({origins}); "
        "sebutkan versi yang Anda maksud: {pinned}",
        "indicator set {set_id!r} is provided by more than one distribution ({origins}); "
        "name the version you mean: {pinned}",
    ),
    "definitions.no_version": (
        "set indikator {set_id!r} tidak memiliki versi {version!r}; versi yang tersedia: "
        "{versions}",
        "indicator set {set_id!r} has no version {version!r}; available versions: {versions}",
    ),
    **{f"definitions.unknown_set_{kind}": pair for kind, pair in _UNKNOWN_SET.items()},
    **{
        f"definitions.unknown_set_{kind}_left_out": (pair[0] + _LEFT_OUT[0], pair[1] + _LEFT_OUT[1])
        for kind, pair in _UNKNOWN_SET.items()
    },
    "definitions.semicolon": ("{first}; {second}", "{first}; {second}"),
    "definitions.unknown_classifier": (
        "tidak ada klasifikasi {name!r}; yang terdaftar: {known}",
        "no classifier {name!r}; registered: {known}",
    ),
    "definitions.unknown_classifier_none": (
        "tidak ada klasifikasi {name!r}; belum ada klasifikasi yang terdaftar",
        "no classifier {name!r}; registered: none",
    ),
    "definitions.unknown_report_format": (
        "format laporan tidak dikenal {name!r}; tersedia: {known}",
        "unknown report format {name!r}; available: {known}",
    ),
    **{
        f"definitions.given_twice_{kind}": (
            f"{id_} {{name!r}} diberikan dua kali",
            f"{en} {{name!r}} is given twice",
        )
        for kind, (id_, en) in {
            "set": ("set indikator", "indicator set"),
            "measure": ("ukuran bersama", "shared measure"),
            "classifier": ("klasifikasi", "classifier"),
            "reader": ("pembaca berkas", "reader"),
            "report_format": ("format laporan", "report format"),
        }.items()
    },
}
