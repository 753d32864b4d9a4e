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
    # a definition file's fields, as pydantic checks them (kampungkb._pydantic_problems)
    "definitions.problem_at": ("{where}: {problem}", "{where}: {problem}"),
    "definitions.pyd_or": ("atau", "or"),
    "definitions.pyd_missing": ("wajib diisi", "is required"),
    "definitions.pyd_extra_forbidden": (
        "bukan isian yang dikenal (periksa ejaannya)", "is not a known field (check the spelling)"),
    "definitions.pyd_string_type": ("harus berupa teks, bukan {value}",
                                    "must be a text, not {value}"),
    "definitions.pyd_string_too_short": ("terlalu pendek: paling sedikit {min_length} karakter",
                                         "is too short: at least {min_length} characters"),
    "definitions.pyd_string_too_long": ("terlalu panjang: paling banyak {max_length} karakter",
                                        "is too long: at most {max_length} characters"),
    "definitions.pyd_string_pattern_mismatch": (
        "{value} tidak sesuai bentuk yang diminta ({pattern})",
        "{value} does not have the required form ({pattern})"),
    "definitions.pyd_int_type": ("harus berupa bilangan bulat, bukan {value}",
                                 "must be a whole number, not {value}"),
    "definitions.pyd_int_parsing": ("harus berupa bilangan bulat, bukan {value}",
                                    "must be a whole number, not {value}"),
    "definitions.pyd_int_from_float": ("harus berupa bilangan bulat, bukan pecahan {value}",
                                       "must be a whole number, not the fraction {value}"),
    "definitions.pyd_float_type": ("harus berupa angka, bukan {value}",
                                   "must be a number, not {value}"),
    "definitions.pyd_float_parsing": ("harus berupa angka, bukan {value}",
                                      "must be a number, not {value}"),
    "definitions.pyd_finite_number": ("harus berupa angka terhingga, bukan {value}",
                                      "must be a finite number, not {value}"),
    "definitions.pyd_bool_type": ("harus true atau false, bukan {value}",
                                  "must be true or false, not {value}"),
    "definitions.pyd_bool_parsing": ("harus true atau false, bukan {value}",
                                     "must be true or false, not {value}"),
    "definitions.pyd_literal_error": ("harus salah satu dari {expected}, bukan {value}",
                                      "must be one of {expected}, not {value}"),
    "definitions.pyd_enum": ("harus salah satu dari {expected}, bukan {value}",
                             "must be one of {expected}, not {value}"),
    "definitions.pyd_list_type": ("harus berupa daftar [ … ], bukan {value}",
                                  "must be a list [ … ], not {value}"),
    "definitions.pyd_tuple_type": ("harus berupa daftar [ … ], bukan {value}",
                                   "must be a list [ … ], not {value}"),
    "definitions.pyd_set_type": ("harus berupa daftar [ … ], bukan {value}",
                                 "must be a list [ … ], not {value}"),
    "definitions.pyd_dict_type": ("harus berupa tabel TOML {{ … }}, bukan {value}",
                                  "must be a TOML table {{ … }}, not {value}"),
    "definitions.pyd_model_type": ("harus berupa tabel TOML {{ … }}, bukan {value}",
                                   "must be a TOML table {{ … }}, not {value}"),
    "definitions.pyd_model_attributes_type": ("harus berupa tabel TOML {{ … }}, bukan {value}",
                                              "must be a TOML table {{ … }}, not {value}"),
    "definitions.pyd_greater_than": ("harus lebih dari {gt}, bukan {value}",
                                     "must be greater than {gt}, not {value}"),
    "definitions.pyd_greater_than_equal": ("paling kecil {ge}, bukan {value}",
                                           "must be at least {ge}, not {value}"),
    "definitions.pyd_less_than": ("harus kurang dari {lt}, bukan {value}",
                                  "must be less than {lt}, not {value}"),
    "definitions.pyd_less_than_equal": ("paling besar {le}, bukan {value}",
                                        "must be at most {le}, not {value}"),
    "definitions.pyd_too_short": ("terlalu sedikit isinya: paling sedikit {min_length}",
                                  "has too few items: at least {min_length}"),
    "definitions.pyd_too_long": ("terlalu banyak isinya: paling banyak {max_length}",
                                 "has too many items: at most {max_length}"),
    "definitions.pyd_date_type": ("harus berupa tanggal (YYYY-MM-DD), bukan {value}",
                                  "must be a date (YYYY-MM-DD), not {value}"),
    "definitions.pyd_date_parsing": ("harus berupa tanggal (YYYY-MM-DD), bukan {value}",
                                     "must be a date (YYYY-MM-DD), not {value}"),
    "definitions.pyd_multiple_of": ("harus kelipatan {multiple_of}, bukan {value}",
                                    "must be a multiple of {multiple_of}, not {value}"),
    "definitions.pyd_value_error": ("nilai tidak sah: {detail}", "invalid value: {detail}"),
    "definitions.pyd_other": ("nilai tidak sah (pemeriksaan {type}: {detail})",
                              "invalid value ({type}: {detail})"),
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
