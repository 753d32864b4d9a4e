"""Command-line messages in Bahasa Indonesia and English that the label catalogue lacks.

The general labels and messages live in :mod:`kampungkb.labels`; these are the command line's
own (exit-code and plugin-diagnosis messages).  Each entry is ``(Bahasa Indonesia, English)``,
as in :mod:`kampungkb.labels`.
"""

from __future__ import annotations

from typing import Any

from kampungkb.labels import Lang

__all__ = ["ARGPARSE_ID", "HELP_ID", "message"]

_MESSAGES: dict[str, tuple[str, str]] = {
    "internal": (
        "galat internal ({kind}): ini kesalahan di kampungkb, bukan di data Anda; mohon "
        "laporkan, dengan keluaran perintah yang sama ditambah --debug",
        "internal error ({kind}): this is a bug in kampungkb, not a problem with your data; "
        "please report it, with the output of the same command run with --debug",
    ),
    "warning": ("peringatan: {message}", "warning: {message}"),
    "plugins_failed": (
        "plugin tidak dapat dimuat seperti biasa: {message}",
        "plugins could not be loaded as usual: {message}",
    ),
    "plugins_diagnosed": (
        "daftar di bawah dimuat dengan melewati plugin yang rusak; perintah lain akan gagal "
        "sampai plugin itu diperbaiki, dimatikan (KAMPUNGKB_DISABLE_PLUGINS=nama) atau "
        "dilewati (KAMPUNGKB_SKIP_BROKEN_PLUGINS=1)",
        "the list below was loaded skipping the broken plugins; other commands fail until it "
        "is fixed, switched off (KAMPUNGKB_DISABLE_PLUGINS=name) or skipped "
        "(KAMPUNGKB_SKIP_BROKEN_PLUGINS=1)",
    ),
    "notes": (
        "Catatan (yang ditinggalkan saat memuat definisi, dan alasannya):",
        "Notes (what was left out while loading the definitions, and why):",
    ),
    "col.origin": ("Distribusi", "Distribution"),
    "status.loaded": ("dimuat", "loaded"),
    "status.disabled": ("dimatikan", "disabled"),
    "status.broken": ("rusak", "broken"),
}


#: The command line's help texts (argparse ``help``, ``description``, metavars): written in
#: English in :mod:`kampungkb.cli._parser`, with their Bahasa Indonesia here — the gettext
#: model, the English text is the message id.  A paragraph of a description is looked up on
#: its own; an ``Examples:`` paragraph only by its heading (the commands are not translated).
#: ``tests/test_cli_lang.py`` fails when a help text of the parser has no entry here.
HELP_ID: dict[str, str] = {
    "CHAR": "KARAKTER",
    # evaluate's backend options (#16)
    "where to compute: duckdb (in-process, the default), postgres (PATH is a "
    "postgresql:// connection string; chosen by itself for one) or spark (PATH is a "
    "folder of Parquet tables); data in PostgreSQL or Spark is not validated here: "
    "validate an export with `kampungkb validate`":
        "tempat menghitung: duckdb (di dalam proses, bawaan), postgres (PATH berupa string "
        "koneksi postgresql://; dipilih sendiri untuk string seperti itu) atau spark (PATH "
        "berupa folder tabel Parquet); data di PostgreSQL atau Spark tidak divalidasi di "
        "sini: validasi hasil ekspornya dengan `kampungkb validate`",
    "PostgreSQL schema holding the canonical tables (default public)":
        "skema PostgreSQL yang memuat tabel kanonik (bawaan public)",
    "Spark master for --engine spark: local[2] (the default), spark://HOST:7077, "
    "yarn, or sc://HOST:15002 for Spark Connect":
        "master Spark untuk --engine spark: local[2] (bawaan), spark://HOST:7077, yarn, "
        "atau sc://HOST:15002 untuk Spark Connect",
    "SCHEMA": "SKEMA",
    "MASTER": "MASTER",
    "cell separator of CSV files written (default ','; ';' for Excel set to Indonesian); CSV "
    "files are UTF-8 with a byte order mark":
        "pemisah sel berkas CSV yang ditulis (bawaan ','; ';' untuk Excel berbahasa "
        "Indonesia); berkas CSV ditulis UTF-8 dengan penanda urutan bita (BOM)",
    "also check every village code against the edition of the Kemendagri region list in "
    "force in its period (warnings, with a did-you-mean)":
        "periksa juga setiap kode desa terhadap edisi daftar wilayah Kemendagri yang berlaku "
        "pada periodenya (peringatan, dengan saran kode)",
    "report exact values without small-cell suppression (internal use only: small counts of "
    "people can identify them)":
        "laporkan nilai persis tanpa penyembunyian sel kecil (hanya untuk internal: jumlah "
        "orang yang kecil dapat mengenali mereka)",
    # top level
    "kampungkb: indicators and evaluations for Kampung KB villages.":
        "kampungkb: indikator dan evaluasi Kampung KB.",
    "Examples:": "Contoh:",
    "Exit codes: 0 success; 1 validate found problems in the data; 2 usage or definition error\n"
    "(bad argument, unknown set/format/period, ambiguous set, plugin conflict, broken plugin);\n"
    "3 internal error (a bug: please report it); 4 no data for what was asked (a period,\n"
    "level, region or indicator); 130 interrupted; 141 stdout closed early.":
        "Kode keluar: 0 berhasil; 1 validate menemukan masalah pada data; 2 galat penggunaan atau\n"
        "definisi (argumen salah, set/format/periode tidak dikenal, set ambigu, konflik plugin,\n"
        "plugin rusak); 3 galat internal (kesalahan program: mohon laporkan); 4 tidak ada data\n"
        "untuk yang diminta (periode, tingkat, wilayah atau indikator); 130 dihentikan;\n"
        "141 stdout ditutup lebih awal.",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan nomor versi program lalu keluar",
    "language of help, labels and messages: id (Bahasa Indonesia, default) or en "
    "(English); also KAMPUNGKB_LANG=en":
        "bahasa bantuan, label dan pesan: id (Bahasa Indonesia, bawaan) atau en (Inggris); "
        "juga KAMPUNGKB_LANG=en",
    "show the full traceback when something fails (also KAMPUNGKB_DEBUG=1)":
        "tampilkan traceback lengkap bila terjadi kegagalan (juga KAMPUNGKB_DEBUG=1)",
    # commands
    "evaluate the built-in demo data (CIKAR 2017 → 2019)":
        "evaluasi data contoh bawaan (CIKAR 2017 → 2019)",
    "evaluate an indicator set on your data": "evaluasi set indikator pada data Anda",
    "check input files": "periksa berkas masukan",
    "classify every village by a registered classification":
        "klasifikasikan setiap desa menurut klasifikasi yang terdaftar",
    "list indicator sets from every plugin": "daftar set indikator dari semua plugin",
    "show an indicator set's catalogue": "tampilkan katalog sebuah set indikator",
    "list loaded plugins": "daftar plugin yang dimuat",
    "show a canonical table's columns": "tampilkan kolom sebuah tabel kanonik",
    "print a shell completion script": "cetak skrip pelengkapan (completion) untuk shell",
    # demo
    "Build the demo dataset, evaluate CIKAR 2017 → 2019 and print the seed village's table "
    "and the province summary.":
        "Bangun data contoh, evaluasi CIKAR 2017 → 2019, lalu cetak tabel desa contoh dan "
        "ringkasan provinsi.",
    "write the demo's input tables to DIR instead (one file per table, --format csv, xlsx "
    "or parquet; default csv)":
        "tulis tabel masukan data contoh ke FOLDER (satu berkas per tabel, --format csv, xlsx "
        "atau parquet; bawaan csv), bukan laporan",
    # report options
    "report format: table, markdown, html, xlsx, json or a plugin's (default: from the "
    "--out suffix, else table)":
        "format laporan: table, markdown, html, xlsx, json atau format dari plugin (bawaan: "
        "menurut akhiran --out, selain itu table)",
    "write the report to FILE (.txt .md .html .xlsx .json: the format follows the suffix); "
    "'-' is standard output":
        "tulis laporan ke BERKAS (.txt .md .html .xlsx .json: format mengikuti akhiran); "
        "'-' berarti keluaran standar",
    "level ranked and shown (default village); for xlsx and json, keep only this level":
        "tingkat yang diperingkat dan ditampilkan (bawaan desa); untuk xlsx dan json, hanya "
        "tingkat ini yang ditulis",
    "read one region only: a province, regency, district or village code (e.g. 19 or 19.01); "
    "parts in another region's folder (persons/province=13/…) are not read":
        "baca satu wilayah saja: kode provinsi, kabupaten/kota, kecamatan atau desa (mis. 19 "
        "atau 19.01); bagian data di folder wilayah lain (persons/province=13/…) tidak dibaca",
    "evaluate one region only: a province, regency, district or village code (e.g. 19 or "
    "19.01); parts in another region's folder (persons/province=13/…) are not read":
        "evaluasi satu wilayah saja: kode provinsi, kabupaten/kota, kecamatan atau desa (mis. "
        "19 atau 19.01); bagian data di folder wilayah lain (persons/province=13/…) tidak "
        "dibaca",
    "region whose scorecard is shown, e.g. 19.01.01.2091 (default: the top-ranked region "
    "of --level)":
        "wilayah yang kartu nilainya ditampilkan, mis. 19.01.01.2091 (bawaan: wilayah "
        "peringkat teratas pada --level)",
    # evaluate
    "Evaluate an indicator set between a baseline and a follow-up period and report the "
    "result.":
        "Evaluasi set indikator antara periode awal dan periode akhir, lalu laporkan "
        "hasilnya.",
    "a folder of canonical table files (persons.parquet, families.csv …) or any file or "
    "folder kampungkb.io can read":
        "folder berisi berkas tabel kanonik (persons.parquet, families.csv …) atau berkas "
        "atau folder apa pun yang dapat dibaca kampungkb.io",
    "indicator set, e.g. cikar or cikar@2018 (default cikar, latest)":
        "set indikator, mis. cikar atau cikar@2018 (bawaan cikar, versi terbaru)",
    "baseline period: 2017, 2017-Q4 or 2017-12": "periode awal: 2017, 2017-Q4 atau 2017-12",
    "follow-up period, of the same type as the baseline":
        "periode akhir, dengan jenis yang sama dengan periode awal",
    "TOML column mapping for files whose columns are not canonical":
        "pemetaan kolom TOML untuk berkas yang kolomnya tidak kanonik",
    # validate
    "Read and validate input files; print every problem. Exit 0 when clean, 1 when there "
    "are problems.":
        "Baca dan validasi berkas masukan; cetak setiap masalah. Kode keluar 0 bila bersih, "
        "1 bila ada masalah.",
    "a file, a folder of files (a table may be a sub-folder of part files, plain or "
    "hive-partitioned) or a glob":
        "sebuah berkas, folder berisi berkas (satu tabel boleh berupa subfolder berisi "
        "berkas bagian, biasa atau berpartisi gaya hive) atau pola glob",
    "folder for the validated rows (Parquet parts, one sub-folder per table), kept afterwards; "
    "default: a temporary folder removed at the end. Tables are validated batch by batch, so "
    "memory stays bounded whatever the data's size":
        "folder untuk baris yang lolos validasi (bagian Parquet, satu subfolder per tabel), "
        "disimpan sesudahnya; bawaan: folder sementara yang dihapus di akhir. Tabel divalidasi "
        "per kelompok baris, sehingga memori tetap terbatas berapa pun ukuran datanya",
    "memory the computation may use (e.g. 256MB, 4GB; default 256MB); beyond it, "
    "intermediate results go to disk in the work folder. More is faster on a machine that "
    "has it":
        "memori yang boleh dipakai perhitungan (mis. 256MB, 4GB; bawaan 256MB); selebihnya, "
        "hasil antara ditulis ke disk di folder kerja. Lebih besar lebih cepat pada mesin "
        "yang memilikinya",
    "TOML column mapping": "pemetaan kolom TOML",
    "strict: any error fails; quarantine (default): good rows pass":
        "strict: galat apa pun menggagalkan; quarantine (bawaan): baris yang baik diteruskan",
    "also write every problem to a CSV or JSON file":
        "tulis juga setiap masalah ke berkas CSV atau JSON",
    # classify
    "Classify every village in one period by a declarative classification a plugin "
    "registers (e.g. bkkbn-2020: Dasar, Berkembang, Mandiri, Berkelanjutan).":
        "Klasifikasikan setiap desa pada satu periode menurut klasifikasi deklaratif yang "
        "didaftarkan plugin (mis. bkkbn-2020: Dasar, Berkembang, Mandiri, Berkelanjutan).",
    "a folder of canonical table files, any input kampungkb.io reads, or 'demo' for the "
    "bundled demo data":
        "folder berisi berkas tabel kanonik, masukan apa pun yang dibaca kampungkb.io, atau "
        "'demo' untuk data contoh bawaan",
    "registered classifier (default bkkbn-2020; see `kampungkb plugins`)":
        "pengklasifikasi terdaftar (bawaan bkkbn-2020; lihat `kampungkb plugins`)",
    "period, e.g. 2019": "periode, mis. 2019",
    "also write every village's variables, scores, indices and class":
        "tulis juga variabel, skor, indeks dan kelas setiap desa",
    # sets, describe, plugins, schema, completion
    "List every indicator set the loaded plugins register.":
        "Daftar semua set indikator yang didaftarkan plugin yang dimuat.",
    "Show each indicator of a set: label, kind, formula, target, change rule, source and "
    "notes.":
        "Tampilkan setiap indikator sebuah set: label, jenis, rumus, target, aturan "
        "perubahan, sumber dan catatan.",
    "e.g. cikar or cikar@2018": "mis. cikar atau cikar@2018",
    "List the plugins kampungkb loaded, where they come from, and the report formats and "
    "readers they add.":
        "Daftar plugin yang dimuat kampungkb, asalnya, serta format laporan dan pembaca "
        "berkas yang ditambahkannya.",
    "Show a canonical table's columns: name, type, required, allowed codes and "
    "description.":
        "Tampilkan kolom sebuah tabel kanonik: nama, tipe, wajib, kode yang sah dan "
        "keterangan.",
    "canonical table name, e.g. persons": "nama tabel kanonik, mis. persons",
    "print the JSON Schema of the model behind the table":
        "cetak JSON Schema dari model di balik tabel",
    "Print a completion script for bash or zsh. Load it with eval \"$(kampungkb completion "
    "bash)\" in ~/.bashrc, or eval \"$(kampungkb completion zsh)\" in ~/.zshrc.":
        "Cetak skrip pelengkapan untuk bash atau zsh. Muat dengan eval \"$(kampungkb "
        "completion bash)\" di ~/.bashrc, atau eval \"$(kampungkb completion zsh)\" di "
        "~/.zshrc.",
    "the shell: bash or zsh": "shell: bash atau zsh",
    # demo --set, evaluate --demo (kampungkb.cli._demo)
    "indicator set to evaluate on the demo data, e.g. contoh or jateng@2024 (default "
    "cikar@2018, the reproduced demo); periods 2017 → 2019 in the set's period type":
        "set indikator yang dievaluasi pada data contoh, mis. contoh atau jateng@2024 (bawaan "
        "cikar@2018, demo yang direproduksi); periode 2017 → 2019 menurut jenis periode set",
    "evaluate the built-in demo data instead of PATH (baseline and follow-up default to 2017 → "
    "2019 in the set's period type)":
        "evaluasi data contoh bawaan, bukan JALUR (periode awal dan akhir bawaannya 2017 → 2019 "
        "menurut jenis periode set)",
    "baseline period: 2017, 2017-Q4 or 2017-12 (required unless --demo)":
        "periode awal: 2017, 2017-Q4 atau 2017-12 (wajib kecuali dengan --demo)",
    "follow-up period, of the same type as the baseline (required unless --demo)":
        "periode akhir, dengan jenis yang sama dengan periode awal (wajib kecuali dengan "
        "--demo)",
    # new-plugin (kampungkb.cli._scaffold)
    "write a new plugin distribution (a set with every kind of indicator, tests, README)":
        "tulis distribusi plugin baru (set dengan setiap jenis indikator, tes, README)",
    "Write a new kampungkb plugin distribution kampungkb-NAME: pyproject.toml with the "
    "kampungkb entry point, an indicator set in TOML with one indicator of every kind, the "
    "plugin module, tests that use the testing kit, and a README. Freshly written, `pip install "
    "-e .` and `pytest` pass.":
        "Tulis distribusi plugin kampungkb baru kampungkb-NAMA: pyproject.toml dengan entry "
        "point kampungkb, set indikator dalam TOML dengan satu indikator dari setiap jenis, "
        "modul plugin, tes yang memakai testing kit, dan README. Begitu ditulis, `pip install "
        "-e .` dan `pytest` langsung lulus.",
    "the plugin's name, e.g. jateng: the distribution is kampungkb-NAME, the package "
    "kampungkb_NAME, the set's id NAME":
        "nama plugin, mis. jateng: distribusinya kampungkb-NAMA, paketnya kampungkb_NAMA, id "
        "setnya NAMA",
    "folder to write (default ./kampungkb-NAME); it must not exist or be empty":
        "folder tujuan (bawaan ./kampungkb-NAMA); belum ada atau kosong",
    "the set's version (default: this year)":
        "versi set (bawaan: tahun ini)",
    # metavars
    "COMMAND": "PERINTAH",
    "FORMAT": "FORMAT",
    "FILE": "BERKAS",
    "CODE": "KODE",
    "DIR": "FOLDER",
    "PATH": "JALUR",
    "SET[@VERSION]": "SET[@VERSI]",
    "PERIOD": "PERIODE",
    "FILE.csv|FILE.json": "BERKAS.csv|BERKAS.json",
    "NAME": "NAMA",
    "FILE.csv": "BERKAS.csv",
    "TABLE": "TABEL",
    "VERSION": "VERSI",
    "SIZE": "UKURAN",
}

#: argparse's own messages (its gettext message ids, Python 3.11–3.13) in Bahasa Indonesia.
ARGPARSE_ID: dict[str, str] = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "optional arguments": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "expected one argument": "memerlukan satu nilai",
    "expected at most one argument": "memerlukan paling banyak satu nilai",
    "expected at least one argument": "memerlukan paling sedikit satu nilai",
    "expected %s argument": "memerlukan %s nilai",
    "expected %s arguments": "memerlukan %s nilai",
    "ambiguous option: %(option)s could match %(matches)s":
        "opsi ambigu: %(option)s dapat berarti %(matches)s",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "argumen eksplisit %r diabaikan",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "perintah tidak dikenal %(parser_name)r (pilihan: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
    "unexpected option string: %s": "opsi tak terduga: %s",
}


def message(key: str, lang: Lang, **fields: Any) -> str:
    """The message ``key`` in ``lang`` with ``{fields}`` filled in."""
    template = _MESSAGES[key][0 if lang == "id" else 1]
    return template.format(**fields) if fields else template
