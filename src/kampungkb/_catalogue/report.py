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
    "report.reason_composite": (
        "{k} komponen tercapai; aturan: {rule}",
        "{k} components achieved; rule: {rule}",
    ),
    "report.reason_not_evaluated": ("tidak dinilai (tanpa target)", "not evaluated (no target)"),
    "report.reason_incomplete": ("data tidak lengkap: {missing}", "incomplete data: {missing}"),
    "report.reason_no_baseline": ("data awal ({period}) tidak ada", "baseline ({period}) missing"),
    "report.reason_no_followup": (
        "data akhir ({period}) tidak ada",
        "follow-up ({period}) missing",
    ),
    "report.reason_present": ("ada pada {period}", "present in {period}"),
    "report.reason_absent": ("belum ada pada {period}", "not present in {period}"),
    "report.reason_target_met": ("{value} {op} {target}: tercapai", "{value} {op} {target}: met"),
    "report.reason_target_not_met": (
        "{value} {op} {target}: belum tercapai",
        "{value} {op} {target}: not met",
    ),
    "report.reason_change": (
        "{baseline} → {followup} harus {rule}{test}: {verdict}",
        "{baseline} → {followup} must {rule}{test}: {verdict}",
    ),
    "report.reason_change_test": (
        " secara bermakna (uji Newcombe {pct} %)",
        " significantly (Newcombe {pct} % test)",
    ),
    "report.reason_met": ("terpenuhi", "met"),
    "report.reason_not_met": ("tidak terpenuhi", "not met"),
}
