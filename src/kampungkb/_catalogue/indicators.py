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
    "indicators.rule_not_component": (
        "aturannya menyebut {ref!r}, yang bukan salah satu komponennya",
        "its rule names {ref!r}, which is not one of its components",
    ),
    "indicators.rule_at_least": (
        "aturannya meminta sekurang-kurangnya {at_least} dari {count} komponen",
        "its rule asks for at least {at_least} of {count} components",
    ),
}
