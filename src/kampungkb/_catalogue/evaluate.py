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
