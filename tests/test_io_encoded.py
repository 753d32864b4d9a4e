"""Dictionary-encoded input (Parquet text columns with few values, pandas categoricals, Arrow
dictionaries, plain text columns with few values encoded on the way in) gives exactly what the
same values given plain give; key columns constant in every source are left out of the
duplicate-key hash without losing a duplicate; CSV read the fast way gives what the careful way
gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import kampungkb.io._engine as engine
import kampungkb.io._prepare as prepare
import kampungkb.io._text as text
from kampungkb.io import readers, validate_data, validate_path
from kampungkb.io._identity import _is_letter, identity_bad
from tests.test_io_differential import _nik_variants, _persons
from tests.test_io_support import KEY, TODAY

KW: dict[str, Any] = {"pseudonym_key": KEY, "today": TODAY}


def _encoded(table: pa.Table, rng: np.random.Generator) -> pa.Table:
    """``table`` with most text columns dictionary-encoded, chunk by chunk (so the chunks
    carry different dictionaries)."""
    columns = []
    for plain in table.columns:
        column = plain
        if pa.types.is_string(plain.type) and rng.random() < 0.8:
            column = pa.chunked_array(
                [pc.dictionary_encode(chunk) for chunk in plain.chunks],
                pa.dictionary(pa.int32(), pa.string()),
            )
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def _same(a: Any, b: Any) -> None:
    assert a.report.problems.equals(b.report.problems)
    assert a.report.files == b.report.files
    assert a.tables.keys() == b.tables.keys()
    for name, table in a.tables.items():
        assert table.equals(b.tables[name])
    assert a.rejected.keys() == b.rejected.keys()
    for name, table in a.rejected.items():
        assert table.equals(b.rejected[name])


@pytest.mark.parametrize("seed", range(16))
def test_dictionary_input_gives_what_plain_input_gives(seed: int) -> None:
    plain = _persons(seed)
    if not plain.num_columns:
        return
    encoded = _encoded(plain, np.random.default_rng(seed))
    _same(
        validate_data(encoded, table="persons", **KW), validate_data(plain, table="persons", **KW)
    )


@pytest.mark.parametrize("seed", range(4))
def test_parquet_read_with_dictionaries_gives_what_plain_reading_gives(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _persons(seed + 100)
    if not plain.num_columns:
        return
    path = tmp_path / "persons.parquet"
    pq.write_table(plain, path, row_group_size=max(plain.num_rows // 3, 1))
    monkeypatch.setattr(readers, "_DICT_BYTES", 1e9)  # every text column as a dictionary
    assert any(pa.types.is_dictionary(f.type) for f in readers.read_parquet(path).schema) or (
        not any(pa.types.is_string(f.type) for f in plain.schema)
    )
    with_dicts = validate_path(path, table="persons", **KW)
    monkeypatch.setattr(readers, "_DICT_BYTES", 0.0)  # none
    assert not any(pa.types.is_dictionary(f.type) for f in readers.read_parquet(path).schema)
    _same(with_dicts, validate_path(path, table="persons", **KW))


@pytest.mark.parametrize("seed", range(16))
def test_plain_text_encoded_on_the_way_in_gives_what_row_by_row_gives(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _persons(seed + 200)
    if not plain.num_columns:
        return
    # a small sample: the whole-column test (at most 1 distinct value per _RATIO rows) runs
    monkeypatch.setattr(prepare, "_SAMPLE", 3)
    monkeypatch.setattr(prepare, "_RATIO", 2)
    encoded = validate_data(plain, table="persons", **KW)
    monkeypatch.setattr(prepare, "encode_few", lambda values: None)
    _same(encoded, validate_data(plain, table="persons", **KW))


def test_encode_few_takes_repeating_columns_only() -> None:
    days = pa.array(np.datetime64("1990-01-01") + np.arange(3000).astype("timedelta64[D]"))
    dates = pc.cast(days, pa.string())
    repeating = pa.chunked_array([dates.take(pa.array(np.arange(60_000) * 7 % 3000)), [None]])
    found = prepare.encode_few(repeating)  # sample: 3 000 of 20 000 distinct; column: 5 %
    assert found is not None
    assert len(found.dictionary) == 3000
    assert found.dictionary.take(found.indices).equals(repeating)
    unique = pa.chunked_array([pc.cast(pa.array(range(60_000)), pa.string())])
    assert prepare.encode_few(unique) is None  # every sampled value differs
    assert prepare.encode_few(pa.chunked_array([dates] * 2)) is None  # 50 % distinct


def _multiline_csv(path: Path, rows: int) -> None:
    lines = ['"id","address","n"']
    for i in range(rows):
        cell = f"Jl. Merdeka {i}\nRT 0{i % 9}" if i % 7 == 0 else f"Jl. Sudirman {i}"
        lines.append(f'"{i}","{cell}",{i}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("rows", [50, 120_000])
def test_csv_with_line_breaks_in_cells_reads_as_the_careful_way(
    rows: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "addresses.csv"
    _multiline_csv(path, rows)  # 120 000 rows: several blocks, a break on a block boundary
    careful = text.pacsv.read_csv(
        path,
        parse_options=text.pacsv.ParseOptions(newlines_in_values=True),
        convert_options=text.pacsv.ConvertOptions(
            column_types=dict.fromkeys(["id", "address", "n"], pa.string())
        ),
    )
    ways: list[bool] = []
    read = text._read

    def spy(*args: Any, newlines: bool) -> pa.Table:
        ways.append(newlines)
        return read(*args, newlines=newlines)

    monkeypatch.setattr(text, "_read", spy)
    table = text.read_csv(path)
    # one block: the fast way parses quoted breaks; several: one falls on a boundary
    assert ways == ([False] if rows < 1000 else [False, True])
    assert table.num_rows == rows
    assert table.drop_columns([text.ROW_COLUMN]).equals(careful)
    assert table.column("address")[0].as_py() == "Jl. Merdeka 0\nRT 00"


def _person(pid: str, period: str) -> dict[str, Any]:
    return {"person_id": pid, "family_id": "f1", "village_code": "19.01.01.2001",
            "period": period, "sex": "f", "birth_date": "1990-07-05"}  # fmt: skip


@pytest.mark.parametrize(("periods", "duplicates"), [(("2019", "2019"), 1), (("2019", "2020"), 0)])
def test_constant_key_column_left_out_of_the_hash_keeps_every_duplicate(
    periods: tuple[str, str],
    duplicates: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for i, period in enumerate(periods):
        rows = [_person(f"p{i}{j}", period) for j in range(50)] + [_person("same", period)]
        pq.write_table(pa.Table.from_pylist(rows), tmp_path / f"persons_{i}.parquet")
    seen: list[frozenset[str]] = []
    constant_keys = engine.constant_keys

    def spy(*args: Any) -> frozenset[str]:
        seen.append(constant_keys(*args))
        return seen[-1]

    monkeypatch.setattr(engine, "constant_keys", spy)
    monkeypatch.setattr(readers, "_DICT_BYTES", 1e9)
    fast = validate_path(tmp_path, table="persons", **KW)
    assert seen == [frozenset({"period"})] if duplicates else seen == [frozenset()]
    rules = fast.report.problems.column("rule").to_pylist()
    assert rules.count("duplicate_key") == duplicates
    monkeypatch.setattr(readers, "_DICT_BYTES", 0.0)
    _same(fast, validate_path(tmp_path, table="persons", **KW))


def test_identity_flags_from_text_at_an_odd_byte() -> None:
    niks = [v for v in _nik_variants() if v] * 2
    odd = pa.chunked_array([pa.array(["1", *niks]).slice(1)])  # first value at byte 1
    even = pa.chunked_array([pa.array(niks)])
    for female in (True, False):
        kw: dict[str, Any] = {"female": female, "sex": None, "birth": None}
        assert identity_bad(odd, **kw).tolist() == identity_bad(even, **kw).tolist()


def test_sex_letters_read_from_bytes_equal_string_comparison() -> None:
    values = ["m", "f", None, "", "mm", "fm", "M", " m", "x", "f", None, "m"]
    base = pa.array(values * 3)
    # a null whose slot still holds bytes ("m"): it must not count as "m"
    offsets = pa.array([0, 1, 2], pa.int32()).buffers()[1]
    masked = pa.Array.from_buffers(
        pa.string(), 2, [pa.array([True, False]).buffers()[1], offsets, pa.py_buffer(b"mm")]
    )
    sex = pa.chunked_array([base.slice(1, 20), base.slice(21), pa.array([], pa.string()), masked])
    for letter in ("m", "f"):
        expected = pc.fill_null(pc.equal(sex, letter), False).to_numpy(zero_copy_only=False)
        assert _is_letter(sex, letter).tolist() == expected.tolist()
