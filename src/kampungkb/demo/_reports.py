"""Monthly aggregate reports that agree with the microdata (for a few demo villages).

A December report carries the same stock as the year's census snapshot (reference date
31 December), so the engine must give the same result from either source.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.demo._people import (
    CONDOM,
    IMPLANT,
    INJECTABLE,
    IUD,
    LAM,
    MOP,
    MOW,
    PILL,
    TRADITIONAL,
)
from kampungkb.demo._plan import POKTAN_KINDS
from kampungkb.demo._util import AnyArray, IntArray


def monthly_reports(
    villages: IntArray,
    t: int,
    *,
    period: str,
    codes: Sequence[str],
    persons: dict[str, AnyArray],
    poktan: pa.Table,
) -> tuple[dict[str, pa.Array], int]:
    """December report (``period`` like ``"2019-12"``) of ``villages`` from period ``t``."""
    rows: dict[str, list[int]] = {}

    def add(name: str, value: int) -> None:
        rows.setdefault(name, []).append(value)

    for v in villages.tolist():
        sel = (persons["village"] == v) & (persons["period"] == t)
        pus = sel & persons["pus"]
        m = persons["method"]
        add("pus", int(pus.sum()))
        for name, codes_ in (
            ("iud", [IUD]),
            ("mow", [MOW]),
            ("mop", [MOP]),
            ("condom", [CONDOM]),
            ("implant", [IMPLANT]),
            ("injectable", [INJECTABLE]),
            ("pill", [PILL]),
            ("other", [LAM, TRADITIONAL]),
        ):
            add(f"users_{name}", int((pus & np.isin(m, codes_)).sum()))
        non = pus & (m < 0)
        preg = persons["pregnant"] == 1
        add("nonusers_pregnant", int((non & preg).sum()))
        for name, code in (("want_soon", 0), ("later", 1), ("no_more", 2)):
            add(f"nonusers_{name}", int((non & ~preg & (persons["intention"] == code)).sum()))
        fam = persons["family"]
        age = persons["age"]
        add("families", len(np.unique(fam[sel])))
        add("families_with_toddler", len(np.unique(fam[sel & (age <= 4)])))
        add("families_with_youth", len(np.unique(fam[sel & (age >= 10) & (age <= 24)])))
        add("families_with_elderly", len(np.unique(fam[sel & (age >= 60)])))
        add("youths", int((sel & (age >= 10) & (age <= 24)).sum()))
        code = codes[v]
        per = poktan.filter(
            pc.and_(
                pc.and_(
                    pc.equal(poktan["village_code"], code), pc.equal(poktan["period"], period[:4])
                ),
                poktan["active"],
            )
        )
        kinds = per["kind"].to_pylist()
        parts = per["participants"].to_pylist()
        for kind in POKTAN_KINDS:
            add(
                f"participants_{kind}",
                sum(p for k, p in zip(kinds, parts, strict=True) if k == kind),
            )
    n = len(villages)
    cols: dict[str, pa.Array] = {
        "village_code": pa.array([codes[v] for v in villages.tolist()], pa.string()),
        "period": pa.array([period] * n, pa.string()),
    }
    cols.update({k: pa.array(v, pa.int32()) for k, v in rows.items()})
    return cols, n
