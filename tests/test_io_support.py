"""Shared fixture builders for the io tests (no tests here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

KEY = "test-key-not-secret"
TODAY = dt.date(2020, 1, 1)

#: Raw personal values used in fixtures; no output may ever contain them.
NIK_SITI = "1901014507900001"  # woman born 05-07-1990
NIK_BUDI = "1901011507880002"  # man born 15-07-1988
KK_1 = "1901011201100001"
NAME_SITI = "Siti Aminah Raw"
NAME_BUDI = "Budi Santoso Raw"
PERSONAL = (NIK_SITI, NIK_BUDI, KK_1, NAME_SITI, NAME_BUDI)

HEADER = (
    "NIK", "Nama", "No KK", "Kode Desa", "Periode", "Jenis Kelamin", "Tgl Lahir",
    "Status Kawin", "Usia Kawin Pertama", "Alat Kontrasepsi", "Punya Akta",
)  # fmt: skip


def person_rows() -> list[tuple[Any, ...]]:
    """Two valid persons of one family (Indonesian export style)."""
    return [
        (NIK_SITI, NAME_SITI, KK_1, "1901012001", "2019", "P", "05/07/1990", "Kawin", "18",
         "Suntik", "Ya"),
        (NIK_BUDI, NAME_BUDI, KK_1, "1901012001", "2019", "L", "15/07/1988", "Kawin", "22",
         "", "Tidak"),
    ]  # fmt: skip


def write_csv(path: Path, rows: list[tuple[Any, ...]], *, delimiter: str = ",",
              encoding: str = "utf-8", header: tuple[str, ...] = HEADER) -> Path:  # fmt: skip
    """Write ``rows`` under ``header`` as delimited text."""
    lines = [delimiter.join(header)]
    lines += [delimiter.join("" if v is None else str(v) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def family_dict(kk: str = KK_1, village: str = "19.01.01.2001") -> dict[str, Any]:
    """One valid families row (dict form)."""
    return {"kk_number": kk, "head_name": NAME_BUDI, "village_code": village,
            "period": "2019", "welfare_stage": "KS I", "ibangga": 55.5}  # fmt: skip


def person_dict(**overrides: Any) -> dict[str, Any]:
    """One valid persons row in canonical form, with overrides."""
    row: dict[str, Any] = {
        "nik": NIK_SITI, "name": NAME_SITI, "kk_number": KK_1, "village_code": "1901012001",
        "period": "2019", "sex": "f", "birth_date": dt.date(1990, 7, 5),
        "marital_status": "married", "age_first_marriage": 18,
    }  # fmt: skip
    row.update(overrides)
    return row

