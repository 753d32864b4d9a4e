"""Error and warning messages of kampungkb's engine area: key → (Bahasa Indonesia, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # computing
    "engine.measure_not_computable": (
        "ukuran ini tidak dapat dihitung pada data ini ({detail}). Datanya sendiri terbaca "
        "tanpa galat, jadi ubahlah definisi ukuran itu (filter, column, by atau latest_per).",
        "the measure cannot be computed on this data ({detail}). The data itself reads "
        "without error, so change the measure's definition (its filter, column, by or "
        "latest_per).",
    ),
    "engine.measure_not_computable_also": (
        "ukuran ini tidak dapat dihitung pada data ini ({detail}). Datanya sendiri terbaca "
        "tanpa galat, jadi ubahlah definisi ukuran itu (filter, column, by atau latest_per). "
        "Masalah yang sama juga mengenai ukuran {also}.",
        "the measure cannot be computed on this data ({detail}). The data itself reads "
        "without error, so change the measure's definition (its filter, column, by or "
        "latest_per). The same problem affects the measures {also}.",
    ),
    "engine.measure_not_computable_also_one": (
        "ukuran ini tidak dapat dihitung pada data ini ({detail}). Datanya sendiri terbaca "
        "tanpa galat, jadi ubahlah definisi ukuran itu (filter, column, by atau latest_per). "
        "Masalah yang sama juga mengenai ukuran {other!r} dari set {other_set!r}.",
        "the measure cannot be computed on this data ({detail}). The data itself reads "
        "without error, so change the measure's definition (its filter, column, by or "
        "latest_per). The same problem affects measure {other!r} of set {other_set!r}.",
    ),
    "engine.internal_failure": (
        "galat internal: penghitungan ukuran pada tabel {table!r} gagal ({detail}), padahal "
        "setiap ukuran itu ({names}) dapat dihitung sendiri-sendiri; mohon laporkan ke "
        "pengembang kampungkb beserta set indikator dan pesan ini",
        "internal error: computing the measures over table {table!r} failed ({detail}), "
        "although each of them ({names}) computes alone; please report this to the kampungkb "
        "developers with the set and this message",
    ),
    "engine.wrong_type": (
        "tabel {table!r} memuat nilai dengan tipe yang salah ({detail}); periksa berkasnya "
        "dengan `kampungkb validate` atau baca melalui kampungkb.io, yang menampilkan setiap "
        "baris seperti itu",
        "table {table!r} holds a value of the wrong type ({detail}); check the file with "
        "`kampungkb validate` or read it through kampungkb.io, which lists every such row",
    ),
    "engine.wrong_type_column": (
        "tabel {table!r}, kolom {column!r} memuat nilai dengan tipe yang salah ({detail}); "
        "periksa berkasnya dengan `kampungkb validate` atau baca melalui kampungkb.io, yang "
        "menampilkan setiap baris seperti itu",
        "table {table!r}, column {column!r} holds a value of the wrong type ({detail}); check "
        "the file with `kampungkb validate` or read it through kampungkb.io, which lists "
        "every such row",
    ),
    "engine.bad_confidence": (
        "tingkat kepercayaan harus di antara 0 dan 1 (mis. 0.95), bukan {confidence!r}",
        "confidence must be between 0 and 1 (e.g. 0.95), not {confidence!r}",
    ),
    "engine.unknown_levels": (
        "tingkat wilayah tidak dikenal: {levels}; gunakan {known}",
        "unknown level(s) {levels}; use {known}",
    ),
    # looking a value up in results (Results.value)
    "engine.unknown_result_set": (
        "set indikator {asked!r} tidak ada dalam hasil; yang ada: {known}",
        "indicator set {asked!r} is not in the results; there are: {known}",
    ),
    "engine.ambiguous_result_set": (
        "hasil memuat beberapa versi set indikator {asked!r}; sebutkan salah satunya: {known}",
        "the results hold several versions of indicator set {asked!r}; name one of them: "
        "{known}",
    ),
    # periods
    "engine.no_periods": (
        "tidak ada periode yang diberikan; sebutkan setidaknya satu, mis. '2019'",
        "no periods given; name at least one, e.g. '2019'",
    ),
    "engine.periods_mixed": (
        "periode {periods} berbeda jenis; gunakan semuanya tahun, semuanya triwulan atau "
        "semuanya bulan",
        "periods {periods} mix types; use all years, quarters or months",
    ),
    "engine.not_a_period": (
        "{period!r} bukan periode; tulis tahun ('2019'), triwulan ('2019-Q2') atau bulan "
        "('2019-06')",
        "{period!r} is not a period; use a year ('2019'), a quarter ('2019-Q2') or a month "
        "('2019-06')",
    ),
    # building a dataset
    "engine.definitions_source": (
        "definisi indikator tidak dapat diambil dari {kind}",
        "cannot take definitions from a {kind}",
    ),
    "engine.empty_records": (
        "tabel {table!r}: daftar rekamannya kosong",
        "table {table!r}: the list of records is empty",
    ),
    "engine.unusable_data": (
        "tabel {table!r}: {kind} tidak dapat dipakai; berikan tabel Arrow, DataFrame pandas "
        "atau Polars, daftar rekaman, atau path Parquet/CSV, folder atau pola glob",
        "table {table!r}: cannot use a {kind}; give an Arrow table, a pandas or Polars "
        "DataFrame, a list of records, or a Parquet/CSV path, folder or glob",
    ),
    "engine.glob_suffix": (
        "{pattern}: pola glob harus berakhiran .parquet atau .csv, mis. 'persons/*.parquet'",
        "{pattern}: a glob must end in .parquet or .csv, e.g. 'persons/*.parquet'",
    ),
    "engine.glob_no_match": (
        "tidak ada berkas yang cocok dengan {pattern}",
        "no file matches {pattern}",
    ),
    "engine.file_not_found": (
        "berkas tidak ditemukan: {path}",
        "file not found: {path}",
    ),
    "engine.file_type": (
        "{path}: jenis berkas {suffix!r} tidak didukung; gunakan .parquet atau .csv "
        "(kampungkb.io membaca Excel, JSON dan berkas yang dipetakan)",
        "{path}: unsupported file type {suffix!r}; use .parquet or .csv (kampungkb.io reads "
        "Excel, JSON and mapped files)",
    ),
    "engine.bad_within": (
        "within={code!r} bukan kode wilayah: tulis kode Kemendagri, mis. '19' (provinsi), "
        "'19.01' (kabupaten/kota), '19.01.06' (kecamatan) atau '19.01.06.2001' (desa)",
        "within={code!r} is not a region code: write a Kemendagri code, e.g. '19' (province), "
        "'19.01' (regency/city), '19.01.06' (district) or '19.01.06.2001' (village)",
    ),
    "engine.within_empty": (
        "tidak ada baris wilayah {code!r} di tabel mana pun: periksa kodenya (mis. '19' untuk "
        "Kepulauan Bangka Belitung, '19.01' untuk Kabupaten Bangka)",
        "no table holds a row of region {code!r}: check the code (e.g. '19' for the Bangka "
        "Belitung Islands, '19.01' for Bangka Regency)",
    ),
    "engine.table_unreadable": (
        "tabel {table!r}: {files} tidak dapat dibaca sebagai {format} ({detail}); berkasnya "
        "rusak, terpotong atau bukan berkas {format}: periksa dengan `kampungkb validate` "
        "atau ekspor ulang",
        "table {table!r}: {files} cannot be read as {format} ({detail}); the file is damaged, "
        "truncated or not a {format} file: check it with `kampungkb validate` or export it "
        "again",
    ),
    "engine.reason_truncated": (
        "berkas tidak lengkap: akhir berkasnya tidak ada",
        "the file is incomplete: its end is missing",
    ),
    "engine.reason_encoding": (
        "ada teks yang bukan UTF-8",
        "some text is not UTF-8",
    ),
    "engine.reason_unreadable": (
        "isinya tidak dapat diurai",
        "its content cannot be parsed",
    ),
    "engine.no_parts": (
        "{folder} tidak memuat berkas bagian .parquet atau .csv",
        "{folder} holds no .parquet or .csv part files",
    ),
    "engine.mixed_parts": (
        "{folder} mencampur bagian Parquet dan CSV; gunakan satu format per tabel",
        "{folder} mixes Parquet and CSV parts; keep one format per table",
    ),
    "engine.not_a_folder": (
        "{folder} bukan folder",
        "{folder} is not a folder",
    ),
    "engine.table_twice": (
        "{folder} memuat tabel {table!r} dua kali ({first} dan {second}); simpan satu saja",
        "{folder} holds table {table!r} twice ({first} and {second}); keep one",
    ),
    "engine.no_tables": (
        "{folder} tidak memuat berkas tabel kanonik (misalnya persons.parquet, families.csv "
        "atau folder persons/ berisi bagian-bagian)",
        "{folder} holds no canonical table files (expected e.g. persons.parquet, "
        "families.csv or a persons/ folder of parts)",
    ),
    "engine.unknown_table": (
        "{table!r} bukan tabel kanonik; tabel yang dikenal: {known}",
        "{table!r} is not a canonical table; known tables: {known}",
    ),
    "engine.unknown_table_close": (
        "{table!r} bukan tabel kanonik (mungkin maksud Anda {close!r}?); tabel yang dikenal: "
        "{known}",
        "{table!r} is not a canonical table (did you mean {close!r}?); known tables: {known}",
    ),
    "engine.table_not_held": (
        "dataset ini tidak memuat tabel {table!r}; tabel yang dimuatnya: {known}",
        "this dataset holds no table {table!r}; it holds: {known}",
    ),
    "engine.table_not_held_close": (
        "dataset ini tidak memuat tabel {table!r} (mungkin maksud Anda {close!r}?); tabel yang "
        "dimuatnya: {known}",
        "this dataset holds no table {table!r} (did you mean {close!r}?); it holds: {known}",
    ),
    "engine.record_values": (
        "tabel {table!r}, kolom {column!r}: nilai {kind} dalam rekamannya tidak dapat diubah "
        "menjadi kolom Arrow; berikan teks, angka, tanggal atau nilai benar/salah",
        "table {table!r}, column {column!r}: its records hold {kind} values, which cannot "
        "become an Arrow column; give text, numbers, dates or true/false",
    ),
    "engine.missing_columns": (
        "tabel {table!r} tidak memiliki kolom wajib {missing}; kolom yang ada: {columns}",
        "table {table!r} lacks required column(s) {missing}; it has {columns}",
    ),
    "engine.missing_columns_none": (
        "tabel {table!r} tidak memiliki kolom wajib {missing}; tabel itu tidak berkolom",
        "table {table!r} lacks required column(s) {missing}; it has no columns",
    ),
    "engine.out_of_memory": (
        "perhitungan memerlukan memori lebih dari batas dataset (memory_limit={limit}): "
        "berikan batas yang lebih besar, mis. Dataset.from_folder(..., memory_limit='4GB') "
        "atau kampungkb evaluate --memory-limit 4GB ({detail})",
        "the computation needs more memory than the dataset may hold (memory_limit={limit}): "
        "give a larger limit, e.g. Dataset.from_folder(..., memory_limit='4GB') or "
        "kampungkb evaluate --memory-limit 4GB ({detail})",
    ),
    "engine.bad_memory_limit": (
        "batas memori {memory_limit!r} tidak dapat dipakai DuckDB: {detail}; tulis batas "
        "seperti '500MB' atau '2GB'",
        "DuckDB cannot use the memory limit {memory_limit!r}: {detail}; write a limit such as "
        "'500MB' or '2GB'",
    ),
    "engine.bad_memory_setting": (
        "pengaturan memori DuckDB tidak dapat dipakai (memory_limit={memory_limit}, "
        "temp_directory={temp_directory}): {detail}; tulis batas seperti '500MB' atau '2GB'",
        "DuckDB cannot use this memory setting (memory_limit={memory_limit}, "
        "temp_directory={temp_directory}): {detail}; write a limit such as '500MB' or '2GB'",
    ),
    "engine.closed": (
        "dataset ini sudah ditutup; buat dataset baru",
        "this dataset was closed; build a new one",
    ),
    "engine.query_read_only": (
        "Dataset.query hanya menjalankan satu pernyataan SELECT (atau EXPLAIN), bukan {kinds}: "
        "dataset tidak dapat diubah dan dipakai bersama oleh banyak pemanggil",
        "Dataset.query runs one SELECT (or EXPLAIN) statement, not {kinds}: a dataset is "
        "immutable and shared by every caller",
    ),
}
