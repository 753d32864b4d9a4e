"""Error and warning messages of kampungkb's evaluate area: key → (Bahasa Indonesia, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # evaluation
    "evaluate.same_period": (
        "periode awal dan periode akhir sama ({period})",
        "baseline and follow-up are the same period ({period})",
    ),
    "evaluate.baseline_after": (
        "periode awal ({baseline}) harus sebelum periode akhir ({followup})",
        "the baseline ({baseline}) must come before the follow-up ({followup})",
    ),
    "evaluate.unknown_indicator": (
        "set indikator {set_key} tidak memiliki indikator {asked!r}; yang ada: {known}",
        "indicator set {set_key} has no indicator {asked!r}; it has: {known}",
    ),
    "evaluate.unknown_indicator_close": (
        "set indikator {set_key} tidak memiliki indikator {asked!r} (mungkin maksud Anda "
        "{close!r}?); yang ada: {known}",
        "indicator set {set_key} has no indicator {asked!r} (did you mean {close!r}?); it "
        "has: {known}",
    ),
    # classification
    "evaluate.unknown_classifier": (
        "tidak ada klasifikasi {name!r}; yang terdaftar: {known}",
        "no classifier {name!r}; registered: {known}",
    ),
    "evaluate.unknown_classifier_none": (
        "tidak ada klasifikasi {name!r}; belum ada klasifikasi yang terdaftar",
        "no classifier {name!r}; registered: none",
    ),
    "evaluate.classify_needs_set": (
        "klasifikasi hasil memerlukan set indikator {set_key!r}: berikan indicator_set= "
        "atau definitions=",
        "classifying results needs the set {set_key!r}: pass indicator_set= or definitions=",
    ),
    "evaluate.no_village_results": (
        "tidak ada hasil tingkat desa dari {set_key} untuk periode {period!r}",
        "no village results of {set_key} for period {period!r}",
    ),
    "evaluate.unknown_rollup_levels": (
        "tingkat rekapitulasi tidak dikenal: {levels}; gunakan district, regency, province",
        "unknown roll-up level(s) {levels}; use district, regency, province",
    ),
    "evaluate.missing_indicators": (
        "klasifikasi {classification!r} membaca indikator {missing} yang tidak didefinisikan "
        "oleh {set_key}",
        "classification {classification!r} reads indicators {missing} that {set_key} does "
        "not define",
    ),
    "evaluate.bad_toml_at": (
        "{name} bukan TOML yang sah: baris {line}, kolom {column} (pesan pengurai TOML: "
        "{detail})",
        "{name} is not valid TOML: line {line}, column {column} ({detail})",
    ),
    # a classification's own rules (pydantic validators raise DefinitionFieldError with these)
    "evaluate.band_reversed": (
        "pita nilai lo={lo} lebih besar dari hi={hi}",
        "band lo={lo} is above hi={hi}",
    ),
    "evaluate.variable_one_source": (
        "variabel {variable!r}: isi tepat satu dari indicator atau mean_of",
        "variable {variable!r}: give exactly one of indicator or mean_of",
    ),
    "evaluate.variable_no_bands": (
        "variabel {variable!r} tidak punya pita skor (bands)",
        "variable {variable!r} has no score bands",
    ),
    "evaluate.bands_order": (
        "variabel {variable!r}: pita skor harus urut naik dan tidak tumpang tindih (pita {band})",
        "variable {variable!r}: bands must be in ascending order and not overlap (band {band})",
    ),
    "evaluate.bands_gap": (
        "variabel {variable!r}: bilangan bulat di antara pita {band} dan pita {next} tidak "
        "akan mendapat skor",
        "variable {variable!r}: an integer between band {band} and band {next} would get no "
        "score",
    ),
    "evaluate.bands_open_ends": (
        "variabel {variable!r}: pita pertama tanpa lo dan pita terakhir tanpa hi, agar setiap "
        "nilai mendapat skor",
        "variable {variable!r}: the first band needs no lo and the last no hi, so every value "
        "gets a score",
    ),
    "evaluate.bad_condition": (
        "kelas {class_id!r}: syarat {condition!r} pada {index!r} bukan '<op> <angka>' atau "
        "'<op> threshold' (op: >=, >, <=, <, ==)",
        "class {class_id!r}: condition {condition!r} on {index!r} is not '<op> <number>' or "
        "'<op> threshold' (op: >=, >, <=, <, ==)",
    ),
    "evaluate.variable_defined_twice": (
        "{classification}: id variabel didefinisikan dua kali",
        "{classification}: a variable id is defined twice",
    ),
    "evaluate.index_defined_twice": (
        "{classification}: id indeks didefinisikan dua kali",
        "{classification}: an index id is defined twice",
    ),
    "evaluate.class_defined_twice": (
        "{classification}: id kelas didefinisikan dua kali",
        "{classification}: a class id is defined twice",
    ),
    "evaluate.index_unknown_variables": (
        "{classification}: indeks {index!r} menyebut variabel yang tidak dikenal: {unknown}",
        "{classification}: index {index!r} names unknown variables: {unknown}",
    ),
    "evaluate.class_unknown_indices": (
        "{classification}: kelas {class_id!r} menyebut indeks yang tidak dikenal: {unknown}",
        "{classification}: class {class_id!r} names unknown indices: {unknown}",
    ),
    "evaluate.last_class_conditions": (
        "{classification}: kelas terakhir tidak boleh bersyarat (ia kelas cadangan)",
        "{classification}: the last class must have no conditions (the fallback)",
    ),
    "evaluate.fallback_not_last": (
        "{classification}: hanya kelas terakhir yang boleh tanpa syarat",
        "{classification}: only the last class may have no conditions",
    ),
    "evaluate.bad_toml": (
        "{name} bukan TOML yang sah: {detail}",
        "{name} is not valid TOML: {detail}",
    ),
    "evaluate.no_classification_file": (
        "berkas klasifikasi {name} tidak ada",
        "the classification file {name} does not exist",
    ),
    "evaluate.unreadable_classification": (
        "berkas klasifikasi {name} tidak dapat dibaca: {detail}",
        "cannot read the classification file {name}: {detail}",
    ),
    "evaluate.not_finite": (
        "{name}: aturan klasifikasi tidak sah: {where} harus bilangan berhingga, bukan {value}",
        "{name}: the classification is invalid: {where} must be a finite number, not {value}",
    ),
    "evaluate.invalid_classification": (
        "{name}: aturan klasifikasi tidak sah: {problems}",
        "{name}: the classification is invalid: {problems}",
    ),
}
