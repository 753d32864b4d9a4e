"""Kemendagri region codes as the engine and the readers compare them (no heavy imports):
a code at any level, dotted or not, and the hive folders (``province=19``) that name one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

__all__ = ["REGION_KEYS", "in_region", "region_code"]

#: Hive folder keys whose value is a region code (``persons/province=19/…``).
REGION_KEYS = frozenset({
    "province", "provinsi", "regency", "kabupaten", "kab_kota", "district", "kecamatan",
    "village", "village_code", "desa", "kode_desa", "region", "region_code", "kode_wilayah",
})
#: A dotted code: province, regency/city, district or village.
_DOTTED = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")
_UNDOTTED = re.compile(r"[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{4})?)?)?")


def region_code(value: str) -> str | None:
    """``value`` as a dotted Kemendagri region code (``"1901"`` and ``"19.01"`` both give
    ``"19.01"``), or None when it is not one."""
    text = value.strip()
    if _DOTTED.fullmatch(text):
        return text
    if _UNDOTTED.fullmatch(text):  # ASCII digits only (str.isdigit takes any script's)
        return ".".join(p for p in (text[0:2], text[2:4], text[4:6], text[6:10]) if p)
    return None


def _related(a: str, b: str) -> bool:
    """One region holds the other, or they are the same (whole segments only)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def in_region(folders: Iterable[str], within: str) -> bool:
    """False when one of a part file's ``folders`` is a hive folder of a region neither holding
    nor held by ``within`` (``province=13`` when ``19.01`` is asked for); folders named by
    other keys (``period=2019``), or whose value is no code, do not exclude it."""
    for name in folders:
        key, sep, value = name.partition("=")
        if not sep or key.strip().lower() not in REGION_KEYS:
            continue
        code = region_code(unquote(value))
        if code is not None and not _related(code, within):
            return False
    return True
