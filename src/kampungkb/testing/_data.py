"""Small ready-made data for plugin tests: the demo tables (cached) and a tiny dataset."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from kampungkb.engine import Dataset
    from kampungkb.plugins import PluginManager

__all__ = ["TINY_VILLAGES", "demo_tables", "make_dataset", "tiny_tables"]

#: The tiny dataset's villages: two in one district, one in another regency (all fictional).
TINY_VILLAGES: tuple[str, ...] = ("99.01.01.2001", "99.01.01.2002", "99.02.01.2001")


@functools.cache
def demo_tables() -> dict[str, pa.Table]:
    """The demo data's canonical tables (:func:`kampungkb.demo.generate_demo`), built once.

    Arrow tables are immutable, so sharing them between tests is safe.
    """
    from kampungkb.demo import generate_demo  # noqa: PLC0415 - heavy import, on first use

    return dict(generate_demo())


def tiny_tables() -> dict[str, pa.Table]:
    """A hand-written dataset small enough to check by eye: 3 villages, 2017 and 2019.

    Village ``99.01.01.2001`` has 2 PUS in 2017 (1 using a method) and 2 in 2019 (both using
    one); ``99.01.01.2002`` has 1 PUS in 2019 who uses none; ``99.02.01.2001`` has only a
    child. Every family has one or two members; no personal data.
    """
    import pyarrow as pa  # noqa: PLC0415

    v1, v2, v3 = TINY_VILLAGES
    families = [
        ("F1", v1, "2017"), ("F2", v1, "2017"), ("F1", v1, "2019"), ("F2", v1, "2019"),
        ("F3", v2, "2019"), ("F4", v3, "2019"),
    ]
    # person_id, family_id, village, period, sex, birth date, marital status, method, akta
    persons = [
        ("P1", "F1", v1, "2017", "f", dt.date(1990, 5, 1), "married", "implant", True),
        ("P2", "F2", v1, "2017", "f", dt.date(1985, 1, 1), "married", None, True),
        ("P1", "F1", v1, "2019", "f", dt.date(1990, 5, 1), "married", "implant", True),
        ("P2", "F2", v1, "2019", "f", dt.date(1985, 1, 1), "married", "pill", True),
        ("P3", "F3", v2, "2019", "f", dt.date(2000, 3, 3), "married", None, False),
        ("P4", "F4", v3, "2019", "m", dt.date(2015, 7, 7), "never_married", None, False),
    ]
    return {
        "villages": pa.table({"village_code": list(TINY_VILLAGES),
                              "name": ["Contoh Satu", "Contoh Dua", "Contoh Tiga"]}),
        "families": pa.table({
            "family_id": [f[0] for f in families],
            "village_code": [f[1] for f in families],
            "period": [f[2] for f in families],
        }),
        "persons": pa.table({
            "person_id": [p[0] for p in persons],
            "family_id": [p[1] for p in persons],
            "village_code": [p[2] for p in persons],
            "period": [p[3] for p in persons],
            "sex": [p[4] for p in persons],
            "birth_date": pa.array([p[5] for p in persons], pa.date32()),
            "marital_status": [p[6] for p in persons],
            "contraceptive_method": pa.array([p[7] for p in persons], pa.string()),
            "has_birth_certificate": [p[8] for p in persons],
        }),
    }


def make_dataset(tables: Mapping[str, Any], *, manager: PluginManager | None = None) -> Dataset:
    """A :class:`~kampungkb.Dataset` whose schemas carry ``manager``'s table extensions.

    Use it when your tables hold a column your plugin adds: ``Dataset.from_tables`` alone uses
    the shared plugin manager, which in a test may not hold your plugin.

    Args:
        tables: canonical tables (Arrow tables, DataFrames …) by name.
        manager: the plugin manager whose extensions apply (default: the shared one).
    """
    from kampungkb.engine import Dataset  # noqa: PLC0415 - heavy import, on first use
    from kampungkb.engine._dataset import effective_schemas  # noqa: PLC0415

    return Dataset.from_tables(tables, schemas=effective_schemas(manager))
