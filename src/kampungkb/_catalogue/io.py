"""Error and warning messages of kampungkb's io area: key → (Bahasa Indonesia, English).

Reading files (CSV, Excel, Parquet, JSON, NDJSON, in-memory objects), mapping files, and
validation as a whole.  A message names the file, the line (or sheet and row) and the column
where known, never a cell's value.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # any file
    "io.file_not_found": ("{file}: berkas tidak ditemukan", "{file}: file not found"),
    "io.file_empty": ("{file}: berkas kosong", "{file}: the file is empty"),
    "io.cannot_open": (
        "{file}: berkas tidak dapat dibuka ({reason})",
        "{file}: cannot open the file ({reason})",
    ),
    # Parquet
    "io.parquet_empty": (
        "{file}: bukan berkas Parquet yang dapat dibaca: berkas kosong",
        "{file}: not a readable Parquet file: the file is empty",
    ),
    "io.parquet_damaged": (
        "{file}: bukan berkas Parquet yang dapat dibaca: rusak atau terpotong",
        "{file}: not a readable Parquet file: damaged or truncated",
    ),
    # JSON, NDJSON and records
    "io.json_not_utf8": (
        "{file}, baris {line}: JSON harus UTF-8 (byte 0x{byte:02X} bukan UTF-8) — simpan "
        "berkas sebagai UTF-8",
        "{file}, line {line}: JSON must be UTF-8 (byte 0x{byte:02X} is not) — save the file "
        "as UTF-8",
    ),
    "io.json_shape": (
        "{file}: format JSON salah: yang diharapkan array objek atau {{tabel: [objek]}}",
        "{file}: expected an array of objects or {{table: [objects]}}",
    ),
    "io.json_too_deep": (
        "{where}: struktur JSON terlalu dalam untuk sebuah tabel — yang diharapkan array "
        "objek datar",
        "{where}: JSON nested too deeply to be a table — expected an array of flat objects",
    ),
    "io.json_too_deep_line": (
        "{file}, baris {line}: struktur JSON terlalu dalam untuk sebuah tabel — yang "
        "diharapkan array objek datar",
        "{file}, line {line}: JSON nested too deeply to be a table — expected an array of "
        "flat objects",
    ),
    "io.json_invalid": (
        "{where}, baris {line}, posisi {column}: bukan JSON yang sah, berkas rusak atau "
        "terpotong ({reason})",
        "{where}, line {line}, column {column}: not valid JSON, damaged or truncated ({reason})",
    ),
    "io.json_not_object": (
        "{where}, objek {number}: yang diharapkan sebuah objek {{kolom: nilai}}",
        "{where}, object {number}: expected an object {{column: value}}",
    ),
    "io.ndjson_invalid": (
        "{file}, baris {line}: bukan objek JSON yang sah — berkas rusak atau terpotong",
        "{file}, line {line}: not a valid JSON object — damaged or truncated",
    ),
    "io.ndjson_not_object": (
        "{file}, baris {line}: yang diharapkan sebuah objek JSON",
        "{file}, line {line}: expected a JSON object",
    ),
    "io.json_mixed_types": (
        "{where}, objek {number}, kolom {column!r}: tipe data bercampur — nilai bertingkat "
        "{shape} padahal baris lain berisi nilai tunggal",
        "{where}, object {number}, column {column!r}: mixed types — a nested {shape} where "
        "other rows hold plain values",
    ),
    "io.ndjson_mixed_types": (
        "{where}, baris {number}, kolom {column!r}: tipe data bercampur — nilai bertingkat "
        "{shape} padahal baris lain berisi nilai tunggal",
        "{where}, line {number}, column {column!r}: mixed types — a nested {shape} where "
        "other rows hold plain values",
    ),
    "io.records_mixed_types": (
        "rekaman ke-{number}, kolom {column!r}: tipe data bercampur — nilai bertingkat "
        "{shape} padahal rekaman lain berisi nilai tunggal",
        "records, record {number}, column {column!r}: mixed types — a nested {shape} where "
        "other rows hold plain values",
    ),
    "io.list_mixed_types": (
        "{where}, kolom {column!r}: tipe data bercampur atau bertingkat di dalam daftar",
        "{where}, column {column!r}: mixed or nested types inside lists",
    ),
    "io.records_list_mixed_types": (
        "rekaman, kolom {column!r}: tipe data bercampur atau bertingkat di dalam daftar",
        "records, column {column!r}: mixed or nested types inside lists",
    ),
    "io.records_type": (
        "rekaman harus berupa model pydantic atau dict, bukan {kind}",
        "records must be pydantic models or dicts, not {kind}",
    ),
    "io.object_type": (
        "objek bertipe {kind} tidak dapat dibaca; berikan lokasi (path) berkas, DataFrame, "
        "tabel Arrow atau daftar rekaman",
        "cannot read an object of type {kind}; pass a path, a DataFrame, an Arrow table or a "
        "list of records",
    ),
    # CSV and other delimited text
    "io.not_utf8": (
        "{file}, baris {line}: berkas bukan UTF-8 (byte 0x{byte:02X}); mungkin disimpan oleh "
        "Excel di Windows: pakai encoding='cp1252' (atau encoding berkas itu yang sebenarnya) "
        "— di baris perintah, tulis [read] encoding = \"cp1252\" dalam berkas pemetaan "
        "(--mapping), atau simpan ulang berkasnya sebagai CSV UTF-8",
        "{file}, line {line}: the file is not UTF-8 (byte 0x{byte:02X}); it was probably "
        "saved by Excel on Windows: pass encoding='cp1252' (or the file's encoding) — on the "
        "command line, write [read] encoding = \"cp1252\" in a mapping file (--mapping), or "
        "save the file again as CSV UTF-8",
    ),
    "io.bad_byte": (
        "{file}, baris {line}: byte 0x{byte:02X} bukan teks {encoding} yang sah; berikan "
        "encoding= yang sebenarnya dari berkas itu",
        "{file}, line {line}: byte 0x{byte:02X} is not valid {encoding} text; pass the file's "
        "real encoding=",
    ),
    "io.unknown_encoding": (
        "{file}: encoding {encoding!r} tidak dikenal",
        "{file}: unknown encoding {encoding!r}",
    ),
    "io.csv_header_unreadable": (
        "{file}, baris {line}: baris judul kolom tidak dapat dibaca sebagai teks berpemisah (CSV)",
        "{file}, line {line}: the header line cannot be read as delimited text",
    ),
    "io.no_rows": ("{file}: berkas tidak berisi baris", "{file}: the file has no rows"),
    "io.csv_header_is_data": (
        "{file}, baris {row}: baris pertama tampak berisi data (angka, tanggal atau nomor "
        "identitas), bukan judul kolom — baris judul tidak ada: tambahkan baris judul kolom",
        "{file}, row {row}: the first row looks like data (numbers, dates or ID numbers), not "
        "column headers — header missing: add the header row",
    ),
    "io.csv_header_twice": (
        "{file}, baris {row}, kolom {column}: judul kolom {header!r} muncul dua kali",
        "{file}, row {row}, column {column}: header {header!r} appears twice",
    ),
    "io.csv_no_header": (
        "{file}, baris {row}: judul kolom tidak ada",
        "{file}, row {row}: header missing",
    ),
    "io.csv_column_without_header": (
        "{file}, baris {row}, kolom {column}: kolom yang berisi data tidak memiliki judul "
        "(data pertama di baris {first}) — beri kolom itu judul",
        "{file}, row {row}, column {column}: header missing for a column that holds data "
        "(first in row {first}) — give the column a header",
    ),
    "io.csv_record_too_long": (
        "{file}: satu rekaman (baris) lebih panjang dari {limit} MiB, batas untuk satu "
        "rekaman — pecah isi sel itu atau periksa apakah berkas benar-benar CSV",
        "{file}: a record (line) is longer than {limit} MiB, the limit for one record — split "
        "the cell or check that the file is CSV",
    ),
    "io.csv_damaged": (
        "{file}: berkas CSV tidak dapat dibaca: rusak atau terpotong (misalnya tanda kutip "
        "yang tidak pernah ditutup)",
        "{file}: cannot read the CSV file: damaged or truncated (e.g. a quote that never closes)",
    ),
    "io.csv_no_line_end": (
        "{file}, baris 1: tidak ada akhir baris dalam {limit} MiB pertama — bukan berkas teks "
        "berpemisah (CSV), atau baris judul lebih lebar dari batas itu",
        "{file}, line 1: no line end in the first {limit} MiB — not a delimited text file, or "
        "a header wider than that limit",
    ),
    "io.csv_wrong_width": (
        "{file}, baris {row}: {actual} sel padahal judul memiliki {expected} kolom — berkas "
        "rusak atau terpotong ({count} baris seperti itu)",
        "{file}, row {row}: {actual} fields where the header has {expected} — the file is "
        "damaged or truncated ({count} such row(s))",
    ),
    "io.csv_wrong_width_somewhere": (
        "{file}, sebuah baris: {actual} sel padahal judul memiliki {expected} kolom — berkas "
        "rusak atau terpotong ({count} baris seperti itu)",
        "{file}, a row: {actual} fields where the header has {expected} — the file is damaged "
        "or truncated ({count} such row(s))",
    ),
    # Excel
    "io.xlsx_damaged": (
        "{file}: bukan buku kerja .xlsx yang dapat dibaca — berkas Excel rusak atau terpotong "
        "({kind}); buka di Excel lalu simpan ulang",
        "{file}: not a readable .xlsx workbook — damaged or truncated ({kind}); open it in "
        "Excel and save it again",
    ),
    "io.xlsx_encrypted": (
        "{file}: buku kerja dilindungi kata sandi (terenkripsi) — buka di Excel, hapus kata "
        "sandinya (File › Info › Protect Workbook › Encrypt with Password: kosongkan) lalu "
        "simpan sebagai .xlsx tanpa kata sandi",
        "{file}: the workbook is password-protected (encrypted) — open it in Excel, remove the "
        "password (File › Info › Protect Workbook › Encrypt with Password: clear it) and save "
        "it as .xlsx without a password",
    ),
    "io.xlsx_ole2": (
        "{file}: bukan buku kerja .xlsx melainkan berkas OLE2 — buku kerja yang dilindungi "
        "kata sandi (terenkripsi) atau berkas .xls lama (Excel 97–2003): buka di Excel lalu "
        "simpan ulang sebagai .xlsx tanpa kata sandi",
        "{file}: not an .xlsx workbook but an OLE2 file — a password-protected (encrypted) "
        "workbook or an old Excel 97–2003 .xls: open it in Excel and save it as .xlsx without "
        "a password",
    ),
    "io.xlsx_no_header": (
        "{file}, lembar {sheet!r}: baris judul kolom tidak ditemukan dalam {rows} baris "
        "pertama; berikan header_row=",
        "{file}, sheet {sheet!r}: no header row found in the first {rows} rows — header "
        "missing; pass header_row=",
    ),
    "io.xlsx_header_is_data": (
        "{file}, lembar {sheet!r}, baris {row}: baris yang dianggap judul tampak berisi data "
        "(angka, tanggal atau nomor identitas) — baris judul tidak ada: tambahkan baris judul "
        "kolom atau berikan header_row=",
        "{file}, sheet {sheet!r}, row {row}: the row taken as the header looks like data "
        "(numbers, dates or ID numbers) — header missing: add the header row or pass "
        "header_row=",
    ),
    "io.xlsx_merged_header": (
        "{file}, lembar {sheet!r}, baris {row}: sel judul digabung {cells} — beri setiap "
        "kolom judulnya sendiri",
        "{file}, sheet {sheet!r}, row {row}: merged header cells {cells} — give each column "
        "its own header",
    ),
    "io.xlsx_column_without_header": (
        "{file}, lembar {sheet!r}, baris {row}, kolom {column}: kolom yang berisi data tidak "
        "memiliki judul",
        "{file}, sheet {sheet!r}, row {row}, column {column}: header missing for a column "
        "that holds data",
    ),
    "io.xlsx_header_twice": (
        "{file}, lembar {sheet!r}, baris {row}, kolom {column}: judul kolom {header!r} muncul "
        "dua kali",
        "{file}, sheet {sheet!r}, row {row}, column {column}: header {header!r} appears twice",
    ),
    "io.xlsx_no_columns": (
        "{file}, lembar {sheet!r}: lembar kerja tidak memiliki kolom",
        "{file}, sheet {sheet!r}: the sheet has no columns",
    ),
    "io.xlsx_no_sheet": (
        "{file}: lembar {sheet!r} tidak ada; buku kerja ini memiliki {sheets}",
        "{file}: no sheet {sheet!r}; the workbook has {sheets}",
    ),
    "io.xlsx_no_data": (
        "{file}: buku kerja tidak berisi data",
        "{file}: the workbook has no data",
    ),
    "io.xlsx_only_hidden": (
        "{file}: hanya lembar tersembunyi ({sheets}) yang berisi data — tampilkan lembar itu "
        "di Excel atau sebutkan namanya di pemetaan ([read] sheet atau [sheets])",
        "{file}: only hidden sheets ({sheets}) hold data — unhide the sheet in Excel or name "
        "it in the mapping ([read] sheet or [sheets])",
    ),
    # mapping files
    "io.mapping_not_text_table": (
        "pemetaan: [{section}] harus berupa tabel teks = teks",
        "mapping: [{section}] must be a table of text = text",
    ),
    "io.mapping_bad_value": (
        "pemetaan: [{section}] {name!r} harus dipetakan ke teks, angka atau true/false",
        "mapping: [{section}] {name!r} must map to text, a number or true/false",
    ),
    "io.mapping_unknown_sections": (
        "pemetaan: bagian yang tidak dikenal {unknown}; yang dikenal {expected}",
        "mapping: unknown section(s) {unknown}; expected {expected}",
    ),
    "io.mapping_values_not_tables": (
        "pemetaan: [values] harus berisi satu tabel per kolom",
        "mapping: [values] must hold one table per column",
    ),
    "io.mapping_unknown_read_options": (
        "pemetaan: opsi [read] yang tidak dikenal {options}",
        "mapping: unknown [read] option(s) {options}",
    ),
    "io.mapping_table_not_name": (
        "pemetaan: table harus berupa nama tabel kanonik",
        "mapping: table must be a canonical table name",
    ),
    "io.mapping_not_found": (
        "{file}: berkas pemetaan tidak ditemukan",
        "{file}: mapping file not found",
    ),
    "io.mapping_not_toml": (
        "{file}: bukan berkas pemetaan TOML yang sah: {reason}",
        "{file}: not a valid TOML mapping file: {reason}",
    ),
    "io.mapping_unknown_column": (
        "pemetaan: {header!r} → {column!r}, tetapi tabel {table!r} tidak memiliki kolom {column!r}",
        "mapping: {header!r} → {column!r}, but table {table!r} has no column {column!r}",
    ),
    "io.mapping_column_nowhere": (
        "pemetaan: {header!r} → {column!r}, tetapi tidak ada tabel yang dibaca ({tables}) "
        "yang memiliki kolom {column!r}",
        "mapping: {header!r} → {column!r}, but no table read ({tables}) has a column {column!r}",
    ),
    "io.mapping_sheet_nowhere": (
        "{file}: lembar {sheet!r} yang disebut di [sheets] pemetaan tidak ada di buku kerja "
        "mana pun",
        "{file}: no workbook has the sheet {sheet!r} named in the mapping's [sheets]",
    ),
    # tables, readers, folders
    "io.unknown_table": (
        "tabel {table!r} tidak dikenal; tabel kanonik: {tables}",
        "unknown table {table!r}; the canonical tables are {tables}",
    ),
    "io.columns_both_map": (
        "{file}: kolom {first!r} dan {second!r} sama-sama dipetakan ke {column!r}",
        "{file}: columns {first!r} and {second!r} both map to {column!r}",
    ),
    "io.columns_both_map_sheet": (
        "{file}, lembar {sheet!r}: kolom {first!r} dan {second!r} sama-sama dipetakan ke "
        "{column!r}",
        "{file}, sheet {sheet!r}: columns {first!r} and {second!r} both map to {column!r}",
    ),
    "io.no_schemas": (
        "skema tabel kanonik tidak tersedia (kampungkb.models.tables); berikan schemas= "
        "secara eksplisit",
        "canonical table schemas are not available (kampungkb.models.tables); pass schemas= "
        "explicitly",
    ),
    "io.unknown_reader": (
        "pembaca {reader!r} tidak dikenal; yang tersedia: {readers}",
        "unknown reader {reader!r}; available: {readers}",
    ),
    "io.no_reader": (
        "{file}: tidak ada pembaca untuk {suffix}; yang dikenal: {known}",
        "{file}: no reader for {suffix}; known: {known}",
    ),
    "io.no_reader_no_suffix": (
        "{file}: tidak ada pembaca untuk berkas tanpa akhiran nama; yang dikenal: {known}",
        "{file}: no reader for files without a suffix; known: {known}",
    ),
    "io.folder_empty": (
        "{folder}: folder tidak berisi berkas",
        "{folder}: the folder holds no files",
    ),
    "io.folder_no_data": (
        "{folder}: folder tidak berisi berkas data (satu berkas per tabel kanonik, dinamai "
        "menurut tabelnya: persons.csv, keluarga.xlsx …)",
        "{folder}: the folder holds no data files (one file per canonical table, named after "
        "it: persons.csv, keluarga.xlsx …)",
    ),
    "io.reader_returned": (
        "{file}: pembaca mengembalikan {kind}",
        "{file}: the reader returned {kind}",
    ),
    "io.reader_returned_not_table": (
        "{file}: pembaca mengembalikan {kind}, bukan tabel",
        "{file}: the reader returned {kind}, not a table",
    ),
    "io.table_unknown": (
        "{file}: tidak dapat ditentukan tabel kanonik mana yang dimuat; berikan table= atau "
        "isi table (atau [sheets]) di pemetaan",
        "{file}: cannot tell which canonical table this holds; pass table= or set table (or "
        "[sheets]) in the mapping",
    ),
    "io.table_unknown_sheet": (
        "{file}, lembar {sheet!r}: tidak dapat ditentukan tabel kanonik mana yang dimuat; "
        "berikan table= atau isi table (atau [sheets]) di pemetaan",
        "{file}, sheet {sheet!r}: cannot tell which canonical table this holds; pass table= "
        "or set table (or [sheets]) in the mapping",
    ),
    # streaming reading of large folders (work folder, file patterns)
    "io.work_folder_is_file": (
        "{folder}: folder kerja adalah sebuah berkas",
        "{folder}: the work folder is a file",
    ),
    "io.work_folder_not_empty": (
        "{folder}: folder kerja tidak kosong dan tidak dibuat oleh kampungkb; berikan folder "
        "kosong atau folder baru",
        "{folder}: the work folder is not empty and was not made by kampungkb; give an empty or "
        "new folder",
    ),
    "io.within_no_files": (
        "{file}: tidak ada berkas data wilayah {code!r}; setiap berkasnya ada di folder wilayah "
        "lain (misalnya province=13): periksa kodenya",
        "{file}: no data file of region {code!r}; every file is in another region's folder "
        "(such as province=13): check the code",
    ),
    "io.pattern_no_match": (
        "{file}: tidak ada berkas yang cocok dengan pola itu",
        "{file}: no file matches the pattern",
    ),
    "io.table_parts_in_memory": (
        "{folder}: tabel {table!r} berupa folder berkas bagian; validate_path membaca satu "
        "berkas per tabel, utuh di memori — pakai validate_to_folder (atau `kampungkb "
        "validate`), yang membaca folder bagian batch demi batch",
        "{folder}: table {table!r} is a folder of part files; validate_path reads one file per "
        "table, whole in memory — use validate_to_folder (or `kampungkb validate`), which reads "
        "folders of parts batch by batch",
    ),
    "io.subfolder_no_data": (
        "{folder}: folder tidak berisi berkas data",
        "{folder}: the folder holds no data files",
    ),
    # validation as a whole
    "io.validation_failed": (
        "validasi gagal: {rejected} dari {read} baris ditolak ({rules})",
        "validation failed: {rejected} of {read} rows rejected ({rules})",
    ),
    "io.no_pseudonym_key": (
        "kunci pseudonim tidak ada: isi {env} atau berikan pseudonym_key=; dipakai kunci acak, "
        "sehingga pseudonim tidak akan cocok dengan hasil proses lain",
        "no pseudonymisation key: set {env} or pass pseudonym_key=; a random key is used, so "
        "pseudonyms will not match another run's",
    ),
}
