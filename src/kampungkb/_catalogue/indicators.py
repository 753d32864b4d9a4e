"""Error and warning messages of kampungkb's indicators area: key → (Bahasa Indonesia, English).

The errors are :class:`~kampungkb.IndicatorDefinitionError`: the set and the indicator (or
measure) are named before the message, in the language shown.
"""

from __future__ import annotations

#: What a breakdown or a count needs, by the measure's attribute (Indonesian, English).
_NEED = {
    "by": (
        "rincian (by) memerlukan kolom kategori — nilai berkode seperti jenis kelamin atau "
        "metode kontrasepsi, benar/salah, umur dalam tahun penuh, kode desa",
        "a breakdown (by) needs a category column — coded values such as sex or "
        "contraceptive method, true/false, whole ages, the village code",
    ),
    "latest_per": (
        "latest_per memerlukan kolom yang mengenali setiap entitas (mis. 'child_id') atau "
        "kolom kategori",
        "latest_per needs the column that identifies each entity (e.g. 'child_id') or a "
        "category column",
    ),
    "column": (
        "count_distinct memerlukan kolom yang mengenali suatu entitas (mis. 'family_id') "
        "atau kolom kategori",
        "count_distinct needs a column that identifies an entity (e.g. 'family_id') or a "
        "category column",
    ),
}
_IDENTIFIER = (
    "{spelled!r} mengenali rekaman perorangan",
    "{spelled!r} identifies individual records",
)
_BY_IDENTIFIER = (
    "; rincian menurut kolom itu akan mencantumkan rekaman perorangan",
    "; a breakdown by it would list individual records",
)
_NOT_CATEGORY = (
    "{spelled!r} bukan kolom kategori",
    "{spelled!r} is not a category column",
)
_USABLE = (
    ". Kolom tabel {table!r} yang dapat dipakai: {usable}",
    ". Columns of table {table!r} that can be used: {usable}",
)


def _role(attr: str, identifier: bool) -> tuple[str, str]:
    what = _IDENTIFIER if identifier else _NOT_CATEGORY
    why = _BY_IDENTIFIER if identifier and attr == "by" else ("", "")
    return (
        "{label} = {name!r} tidak diperbolehkan: "
        + _NEED[attr][0]
        + "; "
        + what[0]
        + why[0]
        + _USABLE[0],
        "{label} = {name!r} is not allowed: "
        + _NEED[attr][1]
        + "; "
        + what[1]
        + why[1]
        + _USABLE[1],
    )


MESSAGES: dict[str, tuple[str, str]] = {
    # loading a set file
    "indicators.cannot_read": (
        "{name} tidak dapat dibaca: {reason}",
        "cannot read {name}: {reason}",
    ),
    "indicators.bad_toml": (
        "{name} bukan TOML yang sah: {detail}",
        "{name} is not valid TOML: {detail}",
    ),
    # a definition's own rules (pydantic validators raise DefinitionFieldError with these)
    "indicators.owner_measure": ("ukuran {id!r}", "measure {id!r}"),
    "indicators.owner_indicator": ("indikator {id!r}", "indicator {id!r}"),
    "indicators.owner_indicatorset": ("set indikator {id!r}", "set {id!r}"),
    "indicators.owner_classification": ("klasifikasi {id!r}", "classification {id!r}"),
    "indicators.text_one_or_pair": (
        "{owner}: berikan {name!r} (satu teks untuk kedua bahasa) atau {id_key!r} dan "
        "{en_key!r}, jangan keduanya",
        "{owner}: give either {name!r} (one text, shown in both languages) or {id_key!r} and "
        "{en_key!r}, not both",
    ),
    "indicators.text_half_pair": (
        "{owner}: {given!r} diisi tetapi {missing!r} tidak; tulis teksnya dalam kedua bahasa "
        "(atau {name!r} saja untuk satu teks yang tampil di kedua bahasa)",
        "{owner}: {given!r} is given but {missing!r} is not; write the text in both languages "
        "(or {name!r} alone for one text shown in both)",
    ),
    "indicators.latest_among_needs_latest_per": (
        "ukuran {measure!r}: latest_among hanya berlaku bersama latest_per (baris terakhir "
        "setiap entitas dipilih di antara baris yang memenuhinya)",
        "measure {measure!r}: latest_among works only with latest_per (each entity's latest "
        "row is chosen among the rows meeting it)",
    ),
    "indicators.agg_needs_column": (
        "ukuran {measure!r}: agg={agg!r} memerlukan column",
        "measure {measure!r}: agg={agg!r} needs a column",
    ),
    "indicators.composite_needs_components": (
        "indikator komposit {indicator!r} memerlukan components",
        "composite indicator {indicator!r} needs components",
    ),
    "indicators.composite_needs_rule": (
        "indikator komposit {indicator!r} memerlukan rule, mis. rule = {{ all_of = "
        "{components} }} (tanpa rule indikator itu tidak pernah dievaluasi)",
        "composite indicator {indicator!r} needs a rule, e.g. rule = {{ all_of = "
        "{components} }} (without one it would never be evaluated)",
    ),
    "indicators.needs_numerator": (
        "indikator {indicator!r} ({kind}) memerlukan ukuran pembilang (numerator)",
        "indicator {indicator!r} ({kind}) needs a numerator measure",
    ),
    "indicators.ratio_needs_denominator": (
        "indikator rasio {indicator!r} memerlukan ukuran penyebut (denominator)",
        "ratio indicator {indicator!r} needs a denominator measure",
    ),
    "indicators.takes_no_denominator": (
        "indikator {kind} {indicator!r} tidak memakai penyebut (denominator)",
        "{kind} indicator {indicator!r} takes no denominator",
    ),
    "indicators.change_significant_needs": (
        "indikator {indicator!r}: change_significant memerlukan indikator rasio dengan aturan "
        "perubahan (change; kebermaknaan diuji pada dua proporsi)",
        "indicator {indicator!r}: change_significant needs a ratio indicator with a change "
        "rule (significance is tested on two proportions)",
    ),
    "indicators.bad_version": (
        "set {set_id!r}: versi {version!r} tidak sah (huruf, angka, '.', '_' dan '-', diawali "
        "huruf atau angka)",
        "set {set_id!r}: version {version!r} is not a valid version (letters, digits, '.', "
        "'_' and '-', starting with a letter or digit)",
    ),
    "indicators.measure_defined_twice": (
        "set {set_id!r}: id ukuran {item!r} didefinisikan dua kali",
        "set {set_id!r}: measure id {item!r} is defined twice",
    ),
    "indicators.indicator_defined_twice": (
        "set {set_id!r}: id indikator {item!r} didefinisikan dua kali",
        "set {set_id!r}: indicator id {item!r} is defined twice",
    ),
    "indicators.component_no_parent": (
        "set {set_key!r}, indikator {component!r}: ia komponen dari komposit {composite!r} "
        "tetapi tidak punya parent; tambahkan parent = {composite!r} pada {component!r} "
        "(komponen tanpa parent juga terhitung sebagai indikator utama dan mengubah peringkat)",
        "set {set_key!r}, indicator {component!r}: it is a component of the composite "
        "{composite!r} but has no parent; add parent = {composite!r} to {component!r} (a "
        "component without a parent would also count as a main indicator and change the "
        "ranking)",
    ),
    "indicators.component_other_parent": (
        "set {set_key!r}, indikator {component!r}: ia komponen dari komposit {composite!r} "
        "tetapi parent-nya {parent!r}; satu indikator paling banyak milik satu komposit",
        "set {set_key!r}, indicator {component!r}: it is a component of the composite "
        "{composite!r} but its parent is {parent!r}; an indicator belongs to one composite "
        "at most",
    ),
    "indicators.parent_not_listing": (
        "set {set_key!r}, indikator {indicator!r}: parent-nya komposit {parent!r}, yang tidak "
        "mencantumkannya dalam components; tambahkan {indicator!r} ke components {parent!r} "
        "atau hapus parent-nya",
        "set {set_key!r}, indicator {indicator!r}: its parent is the composite {parent!r}, "
        "which does not list it in components; add {indicator!r} to the components of "
        "{parent!r} or remove its parent",
    ),
    "indicators.bad_toml_at": (
        "{name} bukan TOML yang sah: baris {line}, kolom {column} (pesan pengurai TOML: "
        "{detail})",
        "{name} is not valid TOML: line {line}, column {column} ({detail})",
    ),
    "indicators.invalid_set": (
        "{name}: definisi set indikator tidak sah: {problems}",
        "{name}: {problems}",
    ),
    # checking measures
    "indicators.unknown_table": (
        "ukuran ini menghitung pada tabel yang tidak dikenal {table!r}",
        "measure counts over unknown table {table!r}",
    ),
    "indicators.unknown_table_close": (
        "ukuran ini menghitung pada tabel yang tidak dikenal {table!r} (mungkin maksud Anda "
        "{close!r}?)",
        "measure counts over unknown table {table!r} (did you mean {close!r}?)",
    ),
    "indicators.no_reports_table": (
        "tidak ada tabel monthly_reports",
        "no monthly_reports table",
    ),
    "indicators.no_such_column": (
        "{label} = {name!r}: tabel {table!r} tidak memiliki kolom itu",
        "{label} = {name!r}: table {table!r} has no such column",
    ),
    "indicators.no_such_column_close": (
        "{label} = {name!r}: tabel {table!r} tidak memiliki kolom itu (mungkin maksud Anda "
        "{close!r}?)",
        "{label} = {name!r}: table {table!r} has no such column (did you mean {close!r}?)",
    ),
    "indicators.personal_column": (
        "{label} = {name!r}: kolom {column!r} memuat data pribadi dan tidak boleh dipakai "
        "dalam definisi indikator",
        "{label} = {name!r}: column {column!r} holds personal data and cannot be used in an "
        "indicator definition",
    ),
    **{
        f"indicators.role_{attr}_{'identifier' if ident else 'not_category'}": _role(attr, ident)
        for attr in _NEED
        for ident in (True, False)
    },
    # checking indicators
    "indicators.unknown_measure": (
        "membaca ukuran {measure!r}, yang tidak ada dalam set dan tidak didaftarkan oleh plugin",
        "reads measure {measure!r}, which is neither in the set nor registered by a plugin",
    ),
    "indicators.unknown_measure_close": (
        "membaca ukuran {measure!r}, yang tidak ada dalam set dan tidak didaftarkan oleh "
        "plugin (mungkin maksud Anda {close!r}?)",
        "reads measure {measure!r}, which is neither in the set nor registered by a plugin "
        "(did you mean {close!r}?)",
    ),
    "indicators.unknown_indicator": (
        "merujuk indikator {ref!r}, yang tidak didefinisikan dalam set",
        "refers to indicator {ref!r}, which the set does not define",
    ),
    "indicators.unknown_indicator_close": (
        "merujuk indikator {ref!r}, yang tidak didefinisikan dalam set (mungkin maksud Anda "
        "{close!r}?)",
        "refers to indicator {ref!r}, which the set does not define (did you mean {close!r}?)",
    ),
    "indicators.composite_self": (
        "indikator komposit ini mencantumkan dirinya sendiri sebagai komponen; komponen sebuah "
        "komposit harus berupa indikator rasio, hitungan atau keberadaan",
        "this composite lists itself as a component; a composite's components must be ratio, "
        "count or presence indicators",
    ),
    "indicators.composite_nested": (
        "komponennya {ref!r} juga indikator komposit; komposit di dalam komposit tidak "
        "didukung: komponen sebuah komposit harus berupa indikator rasio, hitungan atau "
        "keberadaan",
        "its component {ref!r} is itself a composite; composites inside composites are not "
        "supported: a composite's components must be ratio, count or presence indicators",
    ),
    "indicators.rule_not_component": (
        "aturannya menyebut {ref!r}, yang bukan salah satu komponennya",
        "its rule names {ref!r}, which is not one of its components",
    ),
    # the filter and value checker: phrases
    "indicators.what_filter": ("filter", "a filter"),
    "indicators.what_value": ("nilai ukuran", "a measure's value"),
    "indicators.what_filter_personal": ("filter indikator", "an indicator filter"),
    "indicators.kind_bool": ("benar/salah", "true/false"),
    "indicators.kind_number": ("angka", "a number"),
    "indicators.kind_text": ("teks", "text"),
    "indicators.kind_date": ("tanggal", "a date"),
    "indicators.kind_list": ("daftar kode", "a list of codes"),
    "indicators.kind_interval": ("selang waktu (interval)", "an interval"),
    "indicators.kind_null": ("NULL (kosong)", "NULL"),
    "indicators.or": ("{first} atau {second}", "{first} or {second}"),
    "indicators.show_column": ("kolom {name!r} ({type})", "column {name!r} ({type})"),
    "indicators.show_text": ("teks {value!r}", "the text {value!r}"),
    "indicators.show_number": ("angka {value}", "the number {value}"),
    "indicators.left_side": ("ruas kiri", "the left side"),
    "indicators.list_literal": ("daftar nilai", "a list literal"),
    "indicators.desc_missing": (
        "ada yang kurang setelah {near!r}",
        "something is missing after {near!r}",
    ),
    "indicators.desc_expected": (
        "seharusnya {expected!r} di {near!r}",
        "expected {expected!r} at {near!r}",
    ),
    "indicators.desc_unexpected": ("{near!r} tidak terduga", "unexpected {near!r}"),
    # the filter and value checker: errors
    "indicators.extra_type": (
        "kolom tambahan {name!r} bertipe {sql_type!r} yang tidak didukung",
        "extra column {name!r} has an unsupported type {sql_type!r}",
    ),
    "indicators.too_many_chars": (
        "{what} sepanjang {length} karakter; paling banyak {limit} diperbolehkan (pakai daftar "
        "kode yang lebih pendek, atau bagi syaratnya ke beberapa ukuran)",
        "{what} is {length} characters long; at most {limit} are allowed (use a shorter list "
        "of codes, or split the condition over several measures)",
    ),
    "indicators.too_deep": (
        "{what} bersarang terlalu dalam: paling banyak {limit} tingkat tanda kurung, pemanggilan "
        "fungsi, CASE … END dan NOT diperbolehkan; tulis lebih sederhana (mis. x IN ('a', 'b') "
        "alih-alih banyak OR)",
        "{what} is nested too deeply: at most {limit} levels of parentheses, function calls, "
        "CASE … END and NOT are allowed; write it more simply (e.g. x IN ('a', 'b') instead of "
        "many ORs)",
    ),
    "indicators.too_deep_tree": (
        "{what} bersarang terlalu dalam: lebih dari {limit} operator atau fungsi di dalam satu "
        "sama lain (mis. rangkaian panjang = atau ::); tulis lebih sederhana",
        "{what} is nested too deeply: more than {limit} operators or functions inside one "
        "another (e.g. a long chain of = or ::); write it more simply",
    ),
    "indicators.too_many_parts": (
        "{what} terlalu panjang: lebih dari {limit} bagian (kolom, nilai, operator); tulis "
        "lebih sederhana atau bagi ke beberapa ukuran",
        "{what} is too long: more than {limit} parts (columns, values, operators); write it "
        "more simply or split it over several measures",
    ),
    "indicators.in_list_too_long": (
        "daftar IN dalam {what} berisi {count} nilai; paling banyak {limit} diperbolehkan",
        "an IN list in {what} has {count} values; at most {limit} are allowed",
    ),
    "indicators.syntax_open_quote": (
        "galat sintaks: {what} tidak dapat dibaca (apakah ada tanda kutip yang belum ditutup?)",
        "syntax error: {what} could not be read (is a quote left open?)",
    ),
    "indicators.syntax_other": (
        "galat sintaks dalam {what}: {detail}",
        "syntax error in {what}: {detail}",
    ),
    "indicators.syntax_at": (
        "galat sintaks dalam {what} pada baris {line}, kolom {column} (setelah {before!r}): {desc}",
        "syntax error in {what} at line {line}, column {column} (after {before!r}): {desc}",
    ),
    "indicators.empty": ("{what} kosong", "{what} is empty"),
    "indicators.several_statements": (
        "{what} harus berupa satu ekspresi, tetapi ada {count} pernyataan yang dipisah ';'",
        "{what} must be a single expression, found {count} statements separated by ';'",
    ),
    "indicators.statement": (
        "{what} harus berupa ekspresi atas kolom, bukan pernyataan SQL ({word})",
        "{what} must be an expression over columns, not an SQL statement ({word})",
    ),
    "indicators.aggregate": (
        "fungsi agregat {name} tidak diperbolehkan dalam {what}: ekspresi ini dihitung per baris, "
        "ukuranlah yang mengagregasi",
        "aggregate function {name} is not allowed in {what}: it works row by row, the measure "
        "aggregates",
    ),
    "indicators.no_any_all": (
        "ANY / ALL (pakai list_contains(kolom, 'kode') untuk kolom daftar) tidak diperbolehkan "
        "dalam {what}",
        "ANY / ALL (use list_contains(column, 'code') for a list column) is not allowed in {what}",
    ),
    "indicators.no_subqueries": (
        "subkueri tidak diperbolehkan dalam {what}",
        "subqueries are not allowed in {what}",
    ),
    "indicators.no_window": (
        "fungsi jendela (OVER …) tidak diperbolehkan dalam {what}",
        "window functions (OVER …) are not allowed in {what}",
    ),
    "indicators.no_parameters": (
        "parameter dan placeholder tidak diperbolehkan dalam {what}",
        "parameters and placeholders are not allowed in {what}",
    ),
    "indicators.no_star": ("'*' tidak diperbolehkan dalam {what}", "'*' is not allowed in {what}"),
    "indicators.no_tables": (
        "rujukan tabel tidak diperbolehkan dalam {what}",
        "table references are not allowed in {what}",
    ),
    "indicators.no_statement": (
        "pernyataan {statement} tidak diperbolehkan dalam {what}",
        "{statement} statements are not allowed in {what}",
    ),
    "indicators.no_node": (
        "{node} ({sql!r}) tidak diperbolehkan dalam {what}",
        "{node} ({sql!r}) is not allowed in {what}",
    ),
    "indicators.no_predicate": (
        "{node} tidak diperbolehkan dalam {what}",
        "{node} is not allowed in {what}",
    ),
    "indicators.bad_function": (
        "fungsi {name} tidak diperbolehkan dalam {what}; yang diperbolehkan: {allowed}",
        "function {name} is not allowed in {what}; allowed: {allowed}",
    ),
    "indicators.name_here": (
        "nama {name!r} tidak diperbolehkan di sini dalam {what}",
        "name {name!r} is not allowed here in {what}",
    ),
    "indicators.word_here": (
        "{name!r} tidak diperbolehkan di sini dalam {what}",
        "{name!r} is not allowed here in {what}",
    ),
    "indicators.type_here": (
        "tipe {type!r} tidak diperbolehkan di sini dalam {what}",
        "type {type!r} is not allowed here in {what}",
    ),
    "indicators.in_needs_list": (
        "IN memerlukan daftar nilai dalam tanda kurung, mis. x IN ('a', 'b')",
        "IN needs a list of values in parentheses, e.g. x IN ('a', 'b')",
    ),
    "indicators.in_needs_value": (
        "IN memerlukan setidaknya satu nilai, mis. x IN ('a', 'b')",
        "IN needs at least one value, e.g. x IN ('a', 'b')",
    ),
    "indicators.unknown_unit": (
        "bagian tanggal {unit!r} tidak dikenal dalam {what}; pakai salah satu dari {units}",
        "unknown date part {unit!r} in {what}; use one of {units}",
    ),
    "indicators.qualified": (
        "nama kolom berkualifikasi tidak diperbolehkan dalam {what}: tulis {name!r}, bukan {sql!r}",
        "qualified column names are not allowed in {what}: write {name!r}, not {sql!r}",
    ),
    "indicators.unknown_column": (
        "kolom {column!r} tidak dikenal dalam tabel {table!r}",
        "unknown column {column!r} in table {table!r}",
    ),
    "indicators.unknown_column_close": (
        "kolom {column!r} tidak dikenal dalam tabel {table!r} (mungkin maksud Anda {close!r}?)",
        "unknown column {column!r} in table {table!r} (did you mean {close!r}?)",
    ),
    "indicators.unknown_column_quoted": (
        "kolom {column!r} tidak dikenal dalam tabel {table!r} (nilai teks ditulis dengan tanda "
        "kutip tunggal: '{column}')",
        "unknown column {column!r} in table {table!r} (text values take single quotes: '{column}')",
    ),
    "indicators.personal": (
        "kolom {column!r} memuat data pribadi dan tidak boleh dipakai dalam {what}",
        "column {column!r} holds personal data and cannot be used in {what}",
    ),
    "indicators.needs": (
        "{context} memerlukan {want}, tetapi {shown} berupa {kind}",
        "{context} needs {want}, but {shown} is {kind}",
    ),
    "indicators.null_compare": (
        "membandingkan dengan NULL memakai {op} tidak pernah benar; tulis '… IS NULL' atau "
        "'… IS NOT NULL'",
        "comparing with NULL using {op} is never true; write '… IS NULL' or '… IS NOT NULL'",
    ),
    "indicators.list_compare": (
        "{shown} adalah daftar kode dan tidak dapat dibandingkan memakai {op}; pakai "
        "list_contains({name}, 'kode')",
        "{shown} is a list of codes and cannot be compared using {op}; use "
        "list_contains({name}, 'code')",
    ),
    "indicators.type_mismatch": (
        "tipe tidak cocok: {left} berupa {left_kind} tetapi {right} berupa {right_kind}, jadi "
        "keduanya tidak dapat dibandingkan memakai {op}",
        "type mismatch: {left} is {left_kind} but {right} is {right_kind}, so they cannot be "
        "compared using {op}",
    ),
    "indicators.type_mismatch_date": (
        "tipe tidak cocok: {left} berupa {left_kind} tetapi {right} berupa {right_kind}, jadi "
        "keduanya tidak dapat dibandingkan memakai {op} (tanggal ditulis DATE 'yyyy-mm-dd')",
        "type mismatch: {left} is {left_kind} but {right} is {right_kind}, so they cannot be "
        "compared using {op} (dates are written DATE 'yyyy-mm-dd')",
    ),
    "indicators.type_mismatch_bool": (
        "tipe tidak cocok: {left} berupa {left_kind} tetapi {right} berupa {right_kind}, jadi "
        "keduanya tidak dapat dibandingkan memakai {op} (tulis TRUE atau FALSE tanpa tanda "
        "kutip)",
        "type mismatch: {left} is {left_kind} but {right} is {right_kind}, so they cannot be "
        "compared using {op} (write TRUE or FALSE without quotes)",
    ),
    "indicators.not_a_code": (
        "{value!r} bukan kode kolom {column!r}; kodenya: {codes}",
        "{value!r} is not a code of column {column!r}; codes: {codes}",
    ),
    "indicators.not_a_code_close": (
        "{value!r} bukan kode kolom {column!r}; kodenya: {codes} (mungkin maksud Anda {close!r}?)",
        "{value!r} is not a code of column {column!r}; codes: {codes} (did you mean {close!r}?)",
    ),
    "indicators.mixes": (
        "{what} mencampur {first} ({first_kind}) dan {second} ({second_kind})",
        "{what} mixes {first} ({first_kind}) and {second} ({second_kind})",
    ),
    "indicators.interval_number": (
        "INTERVAL memerlukan angka, mis. INTERVAL 5 YEAR",
        "INTERVAL needs a number, e.g. INTERVAL 5 YEAR",
    ),
    "indicators.is_takes": (
        "IS hanya menerima NULL, TRUE atau FALSE; bandingkan nilai dengan IS [NOT] DISTINCT FROM",
        "IS takes NULL, TRUE or FALSE; compare values with IS [NOT] DISTINCT FROM",
    ),
    "indicators.two_lists": ("{name} memerlukan dua daftar", "{name} needs two lists"),
    "indicators.date_part_args": (
        "{name} memerlukan bagian tanggal dan tanggal, mis. date_part('year', birth_date)",
        "{name} needs a date part and a date, e.g. date_part('year', birth_date)",
    ),
    "indicators.arithmetic": (
        "aritmetika ({op}) memerlukan angka (atau tanggal ditambah atau dikurangi selang "
        "waktu), tetapi {left} berupa {left_kind} dan {right} berupa {right_kind}",
        "arithmetic ({op}) needs numbers (or a date plus or minus an interval), but {left} is "
        "{left_kind} and {right} is {right_kind}",
    ),
    "indicators.cast": (
        "konversi ke {type} tidak diperbolehkan dalam {what}; pakai INTEGER, BIGINT, DOUBLE, "
        "DECIMAL, VARCHAR, DATE atau BOOLEAN",
        "cast to {type} is not allowed in {what}; use INTEGER, BIGINT, DOUBLE, DECIMAL, "
        "VARCHAR, DATE or BOOLEAN",
    ),
    "indicators.not_a_date": (
        "{value!r} bukan tanggal; tanggal ditulis DATE 'yyyy-mm-dd'",
        "{value!r} is not a date; dates are written DATE 'yyyy-mm-dd'",
    ),
    "indicators.filter_not_bool": (
        "filter harus berupa syarat benar/salah, tetapi {shown} berupa {kind}",
        "a filter must be a true/false condition, but {shown} is {kind}",
    ),
    "indicators.value_not_number": (
        "{what} harus berupa angka (kolom numerik atau aritmetika atas kolom numerik), tetapi "
        "{shown} berupa {kind}",
        "{what} must be a number (a numeric column or arithmetic over numeric columns), but "
        "{shown} is {kind}",
    ),
    "indicators.rule_at_least": (
        "aturannya meminta sekurang-kurangnya {at_least} dari {count} komponen",
        "its rule asks for at least {at_least} of {count} components",
    ),
}
