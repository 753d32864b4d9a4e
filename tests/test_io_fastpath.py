"""The fast pass (typed values + a conservative row flag, exact rules on flagged rows only)
gives the same answers as the rules themselves, also on large, multi-chunk inputs."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from kampungkb.io import pseudonym, resolve_key, validate_data
from tests.test_io_support import KEY, NIK_BUDI, TODAY, person_dict

BUDI = {"nik": NIK_BUDI, "sex": "m", "birth_date": dt.date(1988, 7, 15)}


def _table(n: int, chunk: int) -> pa.Table:
    rows = []
    for i in range(n):
        # a couple's method is recorded on the wife's row (male_contraception): rows given a
        # method are women's
        row = person_dict(**BUDI) if i % 2 and i % 7 and i % 5 else person_dict()
        row["person_id"] = f"p{i}"
        row["family_id"] = f"f{i // 4}"
        if i % 7 == 0:
            row["contraceptive_method"] = "x"  # enum error
        elif i % 5 == 0:
            row["contraceptive_method"] = "Suntik"  # synonym → injectable
        if i % 11 == 0:
            row["village_code"] = "19.01.01.2001"  # already canonical (others: 10 digits)
        rows.append(row)
    table = pa.Table.from_pylist(rows)
    return pa.Table.from_batches(table.to_batches(max_chunksize=chunk))


def test_problems_and_values_on_a_multi_chunk_table() -> None:
    n = 6000
    result = validate_data(_table(n, 1000), table="persons", pseudonym_key=KEY, today=TODAY)
    problems = result.report.problems.to_pylist()
    bad = [i for i in range(n) if i % 7 == 0]
    assert [(p["row"], p["column"], p["rule"]) for p in problems] == [
        (i + 1, "contraceptive_method", "enum") for i in bad
    ]
    persons = result.tables["persons"]
    assert persons.num_rows == n - len(bad)
    good = [i for i in range(n) if i % 7]
    assert persons["person_id"].to_pylist() == [f"p{i}" for i in good]
    methods = persons["contraceptive_method"].to_pylist()
    assert methods == ["injectable" if i % 5 == 0 else None for i in good]
    assert set(persons["village_code"].to_pylist()) == {"19.01.01.2001"}
    assert [r["source_row"] for r in result.rejected["persons"].to_pylist()] == [i + 1 for i in bad]


def test_high_cardinality_ids_are_trimmed_or_pseudonymised() -> None:
    n = 3000
    rows = []
    for i in range(n):
        row = person_dict(**BUDI) if i % 2 else person_dict()
        derived = i in {2, 5}  # the only rows whose id comes from their (two distinct) NIKs
        row["person_id"] = (
            f" p{i}" if i % 3 == 0
            else f"19020145079{i:05d}" if i % 3 == 1
            else None if derived
            else f"q{i} "
        )  # fmt: skip
        row["family_id"] = f"f{i}"
        rows.append(row)
    result = validate_data(rows, table="persons", pseudonym_key=KEY, today=TODAY)
    assert result.report.ok, result.report.to_text("en")
    key = resolve_key(KEY)
    expected = [
        f"p{i}" if i % 3 == 0
        else pseudonym(key, "nik", f"19020145079{i:05d}") if i % 3 == 1
        else pseudonym(key, "nik", rows[i]["nik"]) if i in {2, 5}
        else f"q{i}"
        for i in range(n)
    ]  # fmt: skip
    assert result.tables["persons"]["person_id"].to_pylist() == expected


def test_duplicate_keys_across_many_rows() -> None:
    rows = [{**person_dict(**BUDI), "person_id": f"p{i % 2500}"} for i in range(3000)]
    result = validate_data(rows, table="persons", pseudonym_key=KEY, today=TODAY)
    dups = [p["row"] for p in result.report.problems.to_pylist()]
    assert dups == list(range(2501, 3001))
    assert {p["rule"] for p in result.report.problems.to_pylist()} == {"duplicate_key"}
    assert result.tables["persons"].num_rows == 2500
