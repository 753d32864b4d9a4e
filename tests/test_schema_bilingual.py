"""Column and table descriptions exist in Bahasa Indonesia and English.

Every column of every canonical table (derived ones too) and every table has a
``description_id`` beside its English ``description``; ``kampungkb schema TABLE`` shows the
descriptions, the personal/derived markers and the table kind in the language asked
(Indonesian by default), and ``--json`` carries ``description_id`` in each property.
"""

from __future__ import annotations

import json

import pytest

from kampungkb.cli import main
from kampungkb.cli._info import schema_lines
from kampungkb.labels import text
from kampungkb.models import KampungKBModel
from kampungkb.models._schema import Column
from kampungkb.models.tables import CANONICAL_TABLES, TABLE_MODELS
from kampungkb.plugins import TableExtension, hookimpl, load_plugins

TABLES = list(CANONICAL_TABLES)


def _schema_out(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["schema", *argv]) == 0
    return capsys.readouterr().out


# -- every column and table has an Indonesian description ------------------------------------

@pytest.mark.parametrize("name", TABLES)
def test_every_column_has_an_indonesian_description(name: str) -> None:
    for col in CANONICAL_TABLES[name].columns:
        assert col.description, (name, col.name)
        assert col.description_id.strip(), (name, col.name)
        assert col.description_id == col.description_id.strip(), (name, col.name)
        assert col.description_id != col.description, (name, col.name)
        assert col.description_in("id") == col.description_id
        assert col.description_in("en") == col.description


def test_derived_columns_are_covered() -> None:
    derived = [(t.name, c) for t in CANONICAL_TABLES.values() for c in t.columns if c.derived]
    assert {(t, c.name) for t, c in derived} >= {
        ("persons", "age_years"), ("persons", "is_pus"), ("child_measurements", "haz")}
    assert all(c.description_id for _, c in derived)


@pytest.mark.parametrize("name", TABLES)
def test_every_table_has_an_indonesian_description(name: str) -> None:
    table = CANONICAL_TABLES[name]
    assert table.description
    assert table.description_id.strip()
    assert table.description_id != table.description
    assert table.description_in("id") == table.description_id
    assert table.description_in("en") == table.description


@pytest.mark.parametrize("model", list(TABLE_MODELS.values()), ids=list(TABLE_MODELS))
def test_every_model_field_and_json_schema_property_has_description_id(
    model: type[KampungKBModel],
) -> None:
    # fields that are not columns too (ViolenceCase.victims, nested in the JSON Schema)
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        assert isinstance(extra, dict), name
        assert extra.get("description_id"), name
    schema = model.model_json_schema()
    assert schema["description_id"] == model.__description_id__
    for name, prop in schema["properties"].items():
        assert prop.get("description_id"), name
        assert prop.get("description"), name
    for sub, sub_schema in schema.get("$defs", {}).items():
        if "properties" in sub_schema:  # a nested model (ViolenceVictim), not an enum
            assert sub_schema.get("description_id"), sub
            assert all(p.get("description_id") for p in sub_schema["properties"].values())


def test_column_description_falls_back_to_english() -> None:
    only_en = Column("x", "VARCHAR", description="What x is.")
    assert only_en.description_in("id") == "What x is."
    assert only_en.description_in("en") == "What x is."
    both = Column("x", "VARCHAR", description="What x is.", description_id="Apa itu x.")
    assert both.description_in("id") == "Apa itu x."
    assert Column("x", "VARCHAR").description_in("id") == ""


# -- kampungkb schema TABLE ------------------------------------------------------------------

@pytest.mark.parametrize("name", TABLES)
def test_schema_is_indonesian_by_default(capsys: pytest.CaptureFixture[str], name: str) -> None:
    out = _schema_out(capsys, name)
    table = CANONICAL_TABLES[name]
    head = out.splitlines()[0]
    assert head == f"{name} ({text(f'schema.kind.{table.kind}', 'id')}) — {table.description_id}"
    assert table.description not in out
    for col in table.columns:
        assert col.description_id in out, col.name
        assert col.description not in out, col.name  # no English description sentence
    assert f"({table.kind})" not in out
    assert "(personal)" not in out
    assert "(derived)" not in out


@pytest.mark.parametrize("name", TABLES)
def test_schema_in_english(capsys: pytest.CaptureFixture[str], name: str) -> None:
    out = _schema_out(capsys, name, "--lang", "en")
    table = CANONICAL_TABLES[name]
    assert out.splitlines()[0] == f"{name} ({table.kind}) — {table.description}"
    assert table.description_id not in out
    for col in table.columns:
        assert col.description in out, col.name
        assert col.description_id not in out, col.name


def test_schema_markers_and_kinds_are_translated(capsys: pytest.CaptureFixture[str]) -> None:
    out = _schema_out(capsys, "persons")
    assert "persons (keadaan per periode) — Anggota keluarga pada suatu periode." in out
    assert "nik (data pribadi)" in out
    assert "age_years (turunan)" in out
    assert "ID individu: Pengenal individu: pseudonim berkunci dari NIK" in out
    out = _schema_out(capsys, "persons", "--lang", "en")
    assert "persons (snapshot) — A member of a family in a period." in out
    assert "nik (personal)" in out
    assert "age_years (derived)" in out
    assert "Person id: Person identifier: a keyed pseudonym of the NIK" in out
    assert "(peristiwa)" in _schema_out(capsys, "marriages").splitlines()[0]
    assert "(event)" in _schema_out(capsys, "marriages", "--lang", "en").splitlines()[0]
    assert "(daftar)" in _schema_out(capsys, "patbm").splitlines()[0]
    assert "(register)" in _schema_out(capsys, "patbm", "--lang", "en").splitlines()[0]


def test_schema_json_carries_description_id(capsys: pytest.CaptureFixture[str]) -> None:
    schema = json.loads(_schema_out(capsys, "persons", "--json"))
    assert schema["description_id"] == "Anggota keluarga pada suatu periode."
    persons = CANONICAL_TABLES["persons"]
    for name, prop in schema["properties"].items():
        assert prop["description_id"] == persons.column(name).description_id
        assert prop["description"] == persons.column(name).description  # JSON stays English too


# -- a plugin's table extension --------------------------------------------------------------

class _Extension:
    """A plugin extending ``families`` with columns in three states of translation."""

    @hookimpl
    def kampungkb_register_table_extensions(self) -> list[TableExtension]:
        return [TableExtension(table="families", columns=(
            Column("receives_pkh", "BOOLEAN", description="Family receives the PKH cash transfer.",
                   label_id="Penerima PKH", label_en="PKH recipient"),
            Column("pkh_amount", "DOUBLE", description="PKH amount received in the year.",
                   description_id="Besar bantuan PKH yang diterima dalam setahun.",
                   label_id="Nilai PKH", label_en="PKH amount"),
            Column("toy_note", "VARCHAR"),
        ))]


def test_a_plugin_column_without_description_id_shows_the_english() -> None:
    # The choice: a column without an Indonesian description shows its English description
    # under --lang id (better than an empty cell for a data officer); one with neither shows
    # its label, or nothing; nothing crashes.
    schemas = load_plugins(entry_points=False, extra=[_Extension()]).definitions().schemas
    families = schemas["families"]
    assert families.column("receives_pkh").description_id == ""
    lines_id = "\n".join(schema_lines(families, "id"))
    lines_en = "\n".join(schema_lines(families, "en"))
    assert "Penerima PKH: Family receives the PKH cash transfer." in lines_id
    assert "PKH recipient: Family receives the PKH cash transfer." in lines_en
    assert "Nilai PKH: Besar bantuan PKH yang diterima dalam setahun." in lines_id
    assert "PKH amount: PKH amount received in the year." in lines_en
    assert "Besar bantuan PKH" not in lines_en
    row = next(line for line in lines_id.splitlines() if line.startswith("toy_note"))
    assert row.split() == ["toy_note", "VARCHAR", "tidak"]
    # the canonical columns keep their Indonesian descriptions
    assert CANONICAL_TABLES["families"].column("welfare_stage").description_id in lines_id


def test_haz_flag_codes_are_the_growth_modules_own() -> None:
    from kampungkb.growth._columns import _HAZ_FLAGS  # noqa: PLC0415
    from kampungkb.models.tables import get_table_schema  # noqa: PLC0415

    column = get_table_schema("child_measurements").column("haz_flag")
    assert column.enum is not None
    assert set(column.enum) == set(_HAZ_FLAGS)
