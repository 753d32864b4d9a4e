"""Messages of kampungkb's remote backends (PostgreSQL, Spark): key → (Bahasa Indonesia,
English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "backends.extra_missing": (
        "Mesin {backend} memerlukan paket tambahan: pasang dengan "
        '`pip install "kampungkb[{extra}]"` (paket {package} tidak ditemukan)',
        "the {backend} backend needs an optional extra: install it with "
        '`pip install "kampungkb[{extra}]"` (the {package} package is missing)',
    ),
    "backends.unknown_table": (
        "{table!r} bukan tabel kanonik; tabel yang dikenal: {known}",
        "{table!r} is not a canonical table; known tables: {known}",
    ),
    "backends.missing_columns": (
        "tabel {table!r} di {backend} tidak memiliki kolom wajib {columns}",
        "table {table!r} in {backend} lacks required column(s) {columns}",
    ),
    "backends.no_tables": (
        "{backend}: tidak ada tabel kanonik di {where} (tidak ditemukan: {tables}); "
        "tabel diberi nama seperti persons, families, villages",
        "{backend}: no canonical table in {where} (not found: {tables}); tables are named "
        "like persons, families, villages",
    ),
    "backends.query_failed": (
        "kueri di {backend} gagal ({detail}); periksa data dengan `kampungkb validate` "
        "pada ekspornya",
        "the query in {backend} failed ({detail}); check the data with `kampungkb validate` "
        "on an export of it",
    ),
    "backends.load_failed": (
        "memuat tabel ke {backend} gagal ({detail})",
        "loading the tables into {backend} failed ({detail})",
    ),
    "backends.closed": (
        "dataset ini sudah ditutup; buat yang baru",
        "this dataset was closed; build a new one",
    ),
    "backends.no_raw": (
        "data di {backend} tidak dapat dibaca baris per baris di sini (misalnya untuk "
        "menyamakan wilayah antar-edisi); ekspor ke Parquet lalu evaluasi, atau beri "
        "comparable=False",
        "data in {backend} cannot be read row by row here (e.g. to make regions comparable "
        "across editions); export it to Parquet and evaluate that, or pass comparable=False",
    ),
    "backends.spark_source": (
        "tabel {table!r} untuk Spark harus berupa DataFrame, nama tabel Spark, atau path "
        "Parquet, bukan {kind}",
        "table {table!r} for Spark must be a DataFrame, a Spark table name or a Parquet "
        "path, not a {kind}",
    ),
    "backends.unknown_engine": (
        "mesin {engine!r} tidak dikenal; gunakan duckdb, postgres, atau spark",
        "unknown engine {engine!r}; use duckdb, postgres or spark",
    ),
}
