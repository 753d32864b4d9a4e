"""Error and warning messages of kampungkb's report area: key → (Bahasa Indonesia, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "report.bad_disclosure": (
        "disclosure harus berupa kampungkb.publish.DisclosurePolicy atau None, bukan {kind}",
        "disclosure must be a kampungkb.publish.DisclosurePolicy or None, not {kind}",
    ),
    "report.unknown_format": (
        "format laporan tidak dikenal {fmt!r}; tersedia: {known}",
        "unknown report format {fmt!r}; available: {known}",
    ),
    "report.unknown_level": (
        "tingkat wilayah tidak dikenal {level!r}; gunakan {known}",
        "unknown level {level!r}; use {known}",
    ),
    "report.no_region_at_level": (
        "hasil evaluasi tidak memuat wilayah pada tingkat {level!r}",
        "the evaluation has no region at level {level!r}",
    ),
}
