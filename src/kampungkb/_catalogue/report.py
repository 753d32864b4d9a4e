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
    "report.unknown_lang": (
        "bahasa tidak dikenal {asked!r}; gunakan 'id' (Bahasa Indonesia) atau 'en' (Inggris)",
        "unknown language {asked!r}; use 'id' (Bahasa Indonesia) or 'en' (English)",
    ),
    "report.unknown_level": (
        "tingkat wilayah tidak dikenal {level!r}; gunakan {known}",
        "unknown level {level!r}; use {known}",
    ),
    "report.no_region_at_level": (
        "hasil evaluasi tidak memuat wilayah pada tingkat {level!r}",
        "the evaluation has no region at level {level!r}",
    ),
    # labels of the human-readable reports in both languages (found by the language sweep:
    # these were English, or Indonesian with English numbers, in every report)
    "report.hierarchy": (
        "awalan kode Kemendagri (PP.KK.CC.DDDD) dari kode desa dalam data",
        "Kemendagri code prefixes (PP.KK.CC.DDDD) of the data's village codes",
    ),
    "report.funnel_axis_x": ("Penyebut (jumlah yang dinilai)", "Denominator (number assessed)"),
    "report.funnel_overall": ("nilai wilayah {value}", "region's value {value}"),
    "report.funnel_limits95": ("batas 95 %", "95 % limits"),
    "report.funnel_limits998": ("batas 99,8 %", "99.8 % limits"),
    "report.funnel_point": ("{code}: {value} ({verdict})", "{code}: {value} ({verdict})"),
}
