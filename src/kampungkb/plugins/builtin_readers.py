"""Built-in plugin registering kampungkb's readers (CSV, Excel, Parquet, JSON and NDJSON).

Listed in :data:`kampungkb.plugins.DEFAULT_PLUGINS`.  Registering them imports nothing of
:mod:`kampungkb.io`: each reader imports its implementation (:mod:`kampungkb.io.readers`) on
its first call, so a dataset read from Parquet by DuckDB and evaluated never loads it.
"""

from __future__ import annotations

from kampungkb.plugins import ReaderSpec, hookimpl
from kampungkb.plugins._deferred import deferred

__all__ = ["BUILTIN_READERS", "kampungkb_register_readers"]

_READERS = "kampungkb.io.readers"

#: The readers kampungkb ships, in dispatch order.
BUILTIN_READERS: tuple[ReaderSpec, ...] = (
    ReaderSpec(
        name="csv",
        suffixes=(".csv", ".tsv", ".txt"),
        read=deferred(_READERS, "read_csv", "Read a delimited text file into text columns."),
        description="Delimited text; delimiter, BOM and decimal convention sniffed",
        description_id="Teks berpemisah; pemisah, BOM dan tanda desimal dikenali otomatis",
    ),
    ReaderSpec(
        name="xlsx",
        suffixes=(".xlsx", ".xlsm"),
        read=deferred(_READERS, "read_excel", "Read the sheets of an .xlsx workbook."),
        description="Excel workbook; header row detected, Excel dates, several sheets",
        description_id="Buku kerja Excel; baris judul dikenali, tanggal Excel, beberapa lembar",
    ),
    ReaderSpec(
        name="parquet",
        suffixes=(".parquet", ".pq"),
        read=deferred(_READERS, "read_parquet", "Read a Parquet file (types kept)."),
        description="Apache Parquet",
        description_id="Apache Parquet",
    ),
    ReaderSpec(
        name="json",
        suffixes=(".json",),
        read=deferred(
            _READERS, "read_json", "Read a JSON array of objects, or {table: [objects]}."
        ),
        description="JSON array of objects, or {table: [objects]}",
        description_id="Larik objek JSON, atau {tabel: [objek]}",
    ),
    ReaderSpec(
        name="ndjson",
        suffixes=(".ndjson", ".jsonl"),
        read=deferred(
            _READERS, "read_ndjson", "Read newline-delimited JSON (one object per line)."
        ),
        description="Newline-delimited JSON, one object per line",
        description_id="JSON per baris, satu objek setiap baris",
    ),
)


@hookimpl
def kampungkb_register_readers() -> list[ReaderSpec]:
    """The built-in readers: CSV, Excel, Parquet, JSON and NDJSON."""
    return list(BUILTIN_READERS)
