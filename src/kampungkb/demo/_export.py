"""Write the demo's input tables as files in the documented input format.

``kampungkb demo --export DIR --format csv|xlsx|parquet`` (and :func:`export_demo`) write one
file per canonical table, named after it (``persons.csv``, ``villages.xlsx`` …), so the folder
reads back with ``kampungkb validate DIR`` and ``kampungkb evaluate DIR`` — the example files
the documentation's ``data/`` examples use.

* **CSV**: UTF-8, comma-separated, a header row; dates ``YYYY-MM-DD``; booleans
  ``true``/``false``; a list column (``criteria``, ``funding_sources``, ``types`` …) as its
  codes joined by ``;`` (``a;b``), as ``docs/data-in.md`` documents; empty cells for missing.
* **xlsx**: one workbook per table, one sheet named after the table, header in row 1; dates as
  Excel dates, numbers as numbers, lists as ``a;b`` text.
* **Parquet**: the Arrow types kept (lists stay lists).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["EXPORT_FORMATS", "ExportFormat", "export_demo", "export_tables"]

ExportFormat = Literal["csv", "xlsx", "parquet"]
#: Formats :func:`export_tables` writes.
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx", "parquet")

#: Separator of a list column's items in a text cell (CSV, xlsx).
LIST_SEPARATOR = ";"


def _flat_lists(table: pa.Table) -> pa.Table:
    """Every list column as text, its items joined by ``;`` (``None`` stays empty)."""
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            items = pc.cast(table.column(i), pa.list_(pa.string()))
            joined = pc.binary_join(items, LIST_SEPARATOR)
            table = table.set_column(i, pa.field(field.name, pa.string()), joined)
    return table


def _write_csv(table: pa.Table, path: Path) -> None:
    import pyarrow.csv as pacsv  # noqa: PLC0415 - on demand

    pacsv.write_csv(_flat_lists(table), path,
                    write_options=pacsv.WriteOptions(quoting_style="needed"))


def _write_xlsx(table: pa.Table, path: Path, sheet: str) -> None:
    import openpyxl  # noqa: PLC0415 - heavy, on demand

    wb = openpyxl.Workbook(write_only=True)
    ws: Any = wb.create_sheet(title=sheet[:31])
    flat = _flat_lists(table)
    ws.append(flat.column_names)
    columns = [flat.column(i).to_pylist() for i in range(flat.num_columns)]
    for row in zip(*columns, strict=True):
        ws.append(list(row))
    wb.save(path)


def export_tables(tables: Mapping[str, pa.Table], directory: str | Path,
                  fmt: ExportFormat = "csv") -> list[Path]:
    """Write each table to ``directory/<name>.<fmt>``; return the paths written.

    Args:
        tables: canonical table name → Arrow table (e.g. :func:`generate_demo`'s).
        directory: the folder, created when missing.
        fmt: ``"csv"``, ``"xlsx"`` or ``"parquet"``.

    Raises:
        ValueError: an unknown format.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, table in tables.items():
        path = folder / f"{name}.{fmt}"
        if fmt == "csv":
            _write_csv(table, path)
        elif fmt == "xlsx":
            _write_xlsx(table, path, name)
        else:
            import pyarrow.parquet as pq  # noqa: PLC0415 - on demand

            pq.write_table(table, path)
        written.append(path)
    return written


def export_demo(directory: str | Path, fmt: ExportFormat = "csv", *,
                seed: int = 2018) -> list[Path]:
    """Write :func:`~kampungkb.demo.generate_demo`'s tables as input files in ``directory``.

    Example::

        >>> export_demo("data", "csv")  # doctest: +SKIP
        [PosixPath('data/villages.csv'), PosixPath('data/kampung_kb_profiles.csv'), ...]
    """
    from kampungkb.demo._generate import generate_demo  # noqa: PLC0415 - no import cycle

    return export_tables(generate_demo(seed=seed), directory, fmt)
