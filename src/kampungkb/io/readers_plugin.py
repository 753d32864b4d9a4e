"""The built-in readers, registered through the same hook a province's plugin uses."""

from __future__ import annotations

from kampungkb.io.readers import read_csv, read_excel, read_json, read_ndjson, read_parquet
from kampungkb.plugins import ReaderSpec, hookimpl

__all__ = ["BUILTIN_READERS", "kampungkb_register_readers"]

#: The readers kampungkb ships, in dispatch order.
BUILTIN_READERS: tuple[ReaderSpec, ...] = (
    ReaderSpec(
        name="csv",
        suffixes=(".csv", ".tsv", ".txt"),
        read=read_csv,
        description="Delimited text; delimiter, BOM and decimal convention sniffed",
        description_id="Teks berpemisah; pemisah, BOM dan tanda desimal dikenali otomatis",
    ),
    ReaderSpec(
        name="xlsx",
        suffixes=(".xlsx", ".xlsm"),
        read=read_excel,
        description="Excel workbook; header row detected, Excel dates, several sheets",
        description_id="Buku kerja Excel; baris judul dikenali, tanggal Excel, beberapa lembar",
    ),
    ReaderSpec(
        name="parquet",
        suffixes=(".parquet", ".pq"),
        read=read_parquet,
        description="Apache Parquet",
        description_id="Apache Parquet",
    ),
    ReaderSpec(
        name="json",
        suffixes=(".json",),
        read=read_json,
        description="JSON array of objects, or {table: [objects]}",
        description_id="Larik objek JSON, atau {tabel: [objek]}",
    ),
    ReaderSpec(
        name="ndjson",
        suffixes=(".ndjson", ".jsonl"),
        read=read_ndjson,
        description="Newline-delimited JSON, one object per line",
        description_id="JSON per baris, satu objek setiap baris",
    ),
)


@hookimpl
def kampungkb_register_readers() -> list[ReaderSpec]:
    """The built-in readers: CSV, Excel, Parquet, JSON and NDJSON."""
    return list(BUILTIN_READERS)
