"""Command-line messages in Bahasa Indonesia and English that the label catalogue lacks.

The general labels and messages live in :mod:`kampungkb.labels`; these are the command line's
own (exit-code and plugin-diagnosis messages).  Each entry is ``(Bahasa Indonesia, English)``,
as in :mod:`kampungkb.labels`.
"""

from __future__ import annotations

from typing import Any

from kampungkb.labels import Lang

__all__ = ["message"]

_MESSAGES: dict[str, tuple[str, str]] = {
    "internal": (
        "galat internal ({kind}): ini kesalahan di kampungkb, bukan di data Anda; mohon "
        "laporkan, dengan keluaran perintah yang sama ditambah --debug",
        "internal error ({kind}): this is a bug in kampungkb, not a problem with your data; "
        "please report it, with the output of the same command run with --debug",
    ),
    "warning": ("peringatan: {message}", "warning: {message}"),
    "plugins_failed": (
        "plugin tidak dapat dimuat seperti biasa: {message}",
        "plugins could not be loaded as usual: {message}",
    ),
    "plugins_diagnosed": (
        "daftar di bawah dimuat dengan melewati plugin yang rusak; perintah lain akan gagal "
        "sampai plugin itu diperbaiki, dimatikan (KAMPUNGKB_DISABLE_PLUGINS=nama) atau "
        "dilewati (KAMPUNGKB_SKIP_BROKEN_PLUGINS=1)",
        "the list below was loaded skipping the broken plugins; other commands fail until it "
        "is fixed, switched off (KAMPUNGKB_DISABLE_PLUGINS=name) or skipped "
        "(KAMPUNGKB_SKIP_BROKEN_PLUGINS=1)",
    ),
    "notes": (
        "Catatan (yang ditinggalkan saat memuat definisi, dan alasannya):",
        "Notes (what was left out while loading the definitions, and why):",
    ),
    "col.origin": ("Distribusi", "Distribution"),
    "status.loaded": ("dimuat", "loaded"),
    "status.disabled": ("dimatikan", "disabled"),
    "status.broken": ("rusak", "broken"),
}


def message(key: str, lang: Lang, **fields: Any) -> str:
    """The message ``key`` in ``lang`` with ``{fields}`` filled in."""
    template = _MESSAGES[key][0 if lang == "id" else 1]
    return template.format(**fields) if fields else template
