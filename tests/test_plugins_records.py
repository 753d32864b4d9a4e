"""The records registration hooks return: validated when built, so bad ones fail in the plugin."""

from __future__ import annotations

import attrs
import pytest

from kampungkb.models._schema import Column
from kampungkb.plugins import (
    ClassifierSpec,
    PluginInfo,
    ReaderSpec,
    ReportFormatSpec,
    TableExtension,
)


def test_reader_suffixes_are_normalised() -> None:
    reader = ReaderSpec(name="csv", suffixes=[".CSV", ".txt"], read=print)
    assert reader.suffixes == (".csv", ".txt")
    assert ReaderSpec(name="xlsx", suffixes=".XLSX", read=print).suffixes == (".xlsx",)


@pytest.mark.parametrize("suffixes", [(), ("csv",), (".",)])
def test_reader_suffixes_are_checked(suffixes: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="suffix"):
        ReaderSpec(name="csv", suffixes=suffixes, read=print)


@pytest.mark.parametrize("name", ["", "CSV", "9csv", "my csv", "csv!"])
def test_names_are_lowercase_identifiers(name: str) -> None:
    with pytest.raises(ValueError, match="name"):
        ReaderSpec(name=name, suffixes=(".csv",), read=print)
    with pytest.raises(ValueError, match="name"):
        ReportFormatSpec(name=name, suffix=".md", render=print)
    with pytest.raises(ValueError, match="name"):
        ClassifierSpec(name=name, rule=None)


def test_report_format_suffix() -> None:
    assert ReportFormatSpec(name="markdown", suffix=".MD", render=print).suffix == ".md"
    with pytest.raises(ValueError, match="suffix"):
        ReportFormatSpec(name="markdown", suffix="md", render=print)


def test_table_extension_columns() -> None:
    column = Column("receives_pkh", "BOOLEAN")
    extension = TableExtension(table="families", columns=[column])
    assert extension.columns == (column,)
    with pytest.raises(TypeError, match="Column"):
        TableExtension(table="families", columns=("receives_pkh",))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="table"):
        TableExtension(table="Families", columns=(column,))


def test_records_are_frozen() -> None:
    info = PluginInfo(name="toy", kind="entry point", module="kampungkb_toy")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        info.name = "other"  # type: ignore[misc]
