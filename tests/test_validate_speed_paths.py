"""The validation shortcuts change nothing: with each one turned off (the general path taken
instead), the accepted rows, the rejected rows and the report are the same, from Parquet-like
typed data and from CSV text alike.

Shortcuts: values shown as they are decided with Arrow (:func:`kampungkb.io._mask.as_is_many`),
few-valued codes converted once per distinct value (:func:`kampungkb.io._distinct.convert_codes`),
canonical columns not converted again for the exact rules (:func:`kampungkb.io._coerce.keep_exact`)
nor columns converted once per distinct value (``FastOut.converted``),
no ``type`` check where no value can fail (``_fast._convertible``), no check of a column no
source has (:func:`kampungkb.io._rules.possible`), one period's last day as a constant
(``_engine._period_ends``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import kampungkb.io._distinct as distinct_mod
import kampungkb.io._engine as engine_mod
import kampungkb.io._fast as fast_mod
import kampungkb.io._mask as mask_mod
import kampungkb.io._rules as rules_mod
from kampungkb.io import IngestResult, validate_data, validate_path
from tests.test_io_support import KEY, TODAY, person_dict

_ODD: dict[str, list[Any]] = {
    "sex": ["L", "P", "laki-laki", "Perempuan", "x", None, " m", "F", "wanita", "\u00a0f"],
    "marital_status": ["kawin", "Belum Kawin", "cerai hidup", "nikah siri", None, "married\u00a0",
                       "Aminah", "Sutrisno",
                       "Siti Aminah binti Abdullah " * 4],
    "contraceptive_method": ["suntik", "Pil KB", "IUD", "1901011201100001", "kb pil 3 bulan",
                             "x" * 90, "名字", None],
    "village_code": ["1901012001", "19.01.01.0001", "19.01", " 19.01.01.2001", None, "desa",
                     "19.01.01.2001\u00a0"],
    "period": ["2019-Q2", "2019-13", "19", "2019-06", "\u00a02019", None],
    "nik": ["1901014507900001", "19.0101.450790.0001", "190101450790000", "abc", None],
    "kk_number": ["1901013201100001", "0000000000000000", "1901-0112-0110-0001", None],
    "birth_date": [None, dt.date(1500, 1, 1), dt.date(2300, 5, 5), dt.date(2030, 1, 1)],
    "age_first_marriage": [-1, 150, 35, None, 17],
    "name": ["Budi", None, "  ", "1901011201100001"],
    "person_id": ["P1", "P2", "\u00a0P1", "1901014507900001", None],
}  # fmt: skip


def _rows(n: int, seed: int, *, periods: bool = True) -> list[dict[str, Any]]:
    """Persons rows, some values odd; ``periods``: some odd periods too (else one period)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        row = person_dict(person_id=f"P{i}", family_id=f"F{i // 4}")
        for col, values in _ODD.items():
            if (periods or col != "period") and rng.random() < 0.08:
                row[col] = values[int(rng.integers(0, len(values)))]
        rows.append(row)
    return rows


def _same(a: IngestResult, b: IngestResult) -> None:
    assert a.report.problems.equals(b.report.problems)
    assert a.report.files == b.report.files
    assert a.tables.keys() == b.tables.keys()
    for name, table in a.tables.items():
        assert table.schema == b.tables[name].schema
        assert table.equals(b.tables[name])
    assert a.rejected.keys() == b.rejected.keys()
    for name, table in a.rejected.items():
        assert table.equals(b.rejected[name])


def _never(columns: list[tuple[pa.Array, frozenset[str]]]) -> list[pa.Array]:
    return [pa.array(np.zeros(len(values), bool)) for values, _ in columns]


_TYPED_SELECT = engine_mod._typed_select


def _converting(*args: Any) -> str:
    """The typed SELECT converting every value again (not taking the converted values)."""
    return _TYPED_SELECT(*args[:5])


_OFF: dict[str, list[tuple[Any, str, Any]]] = {
    "as_is": [(engine_mod, "as_is_many", _never), (mask_mod, "as_is_many", _never)],
    "convert_codes": [(fast_mod, "convert_codes", lambda con, src, *a: (src, frozenset()))],
    "keep_exact": [(fast_mod, "keep_exact", lambda c: False),
                   (distinct_mod, "keep_exact", lambda c: False)],
    "convertible": [(fast_mod, "_convertible", lambda *a: frozenset())],
    "possible": [(rules_mod, "possible", lambda tbl, checks, ctx: checks)],
    "converted": [(engine_mod, "_typed_select", _converting)],
    "period_end": [(engine_mod, "_period_ends", lambda *a: {})],
}  # fmt: skip


@pytest.mark.parametrize("periods", [True, False])
@pytest.mark.parametrize("shortcut", sorted(_OFF))
def test_each_shortcut_changes_nothing(
    shortcut: str, periods: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows(1500, seed=7, periods=periods)
    table = pa.Table.from_pylist(rows)
    table = pa.Table.from_batches(table.to_batches(max_chunksize=400))
    text = table.cast(pa.schema([(f.name, pa.string()) for f in table.schema]))
    pacsv.write_csv(text, tmp_path / "persons.csv")
    kw: dict[str, Any] = {"table": "persons", "pseudonym_key": KEY, "today": TODAY}
    fast = (validate_data(table, **kw), validate_path(tmp_path / "persons.csv", **kw))
    for module, name, replacement in _OFF[shortcut]:
        monkeypatch.setattr(module, name, replacement)
    general = (validate_data(table, **kw), validate_path(tmp_path / "persons.csv", **kw))
    for a, b in zip(fast, general, strict=True):
        assert 0 < a.report.rows_rejected < a.report.rows_read
        _same(a, b)
