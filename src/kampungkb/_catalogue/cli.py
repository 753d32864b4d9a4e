"""Error and warning messages of kampungkb's command line: key → (Bahasa Indonesia, English).

The command line's other texts (and some messages its errors use, ``cli.unknown_format`` …)
are in :mod:`kampungkb.labels`; its help texts in :mod:`kampungkb.cli._messages`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # evaluate PATH | --demo
    "cli.within_engine": (
        "--within hanya tersedia dengan --engine duckdb (bawaan); dengan {engine}, saring "
        "datanya di sumbernya",
        "--within works with --engine duckdb (the default) only; with {engine}, filter the "
        "data at its source",
    ),
    "cli.evaluate_path_and_demo": (
        "berikan JALUR data atau --demo, bukan keduanya",
        "give a data PATH or --demo, not both",
    ),
    "cli.evaluate_no_path": (
        "berikan JALUR data (folder atau berkas), atau --demo untuk data contoh bawaan",
        "give a data PATH (a folder or file), or --demo for the built-in demo data",
    ),
    "cli.evaluate_no_periods": (
        "--baseline dan --followup wajib untuk data Anda (dengan --demo bawaannya 2017 → 2019)",
        "--baseline and --followup are required for your data (with --demo they default to "
        "2017 → 2019)",
    ),
    # new-plugin
    "cli.plugin_bad_name": (
        "nama plugin {name!r} tidak sah: pakai huruf kecil, angka dan '-' (mis. jateng atau "
        "jawa-tengah), diawali huruf",
        "plugin name {name!r} is not valid: use lower-case letters, digits and '-' (e.g. "
        "jateng or jawa-tengah), starting with a letter",
    ),
    "cli.plugin_bad_version": (
        "versi set {version!r} tidak sah: pakai huruf, angka, '.', '_' atau '-' (mis. 2025)",
        "set version {version!r} is not valid: use letters, digits, '.', '_' or '-' (e.g. 2025)",
    ),
    "cli.plugin_dir_exists": (
        "{path} sudah ada dan tidak kosong; pilih folder lain dengan --dir",
        "{path} already exists and is not empty; choose another folder with --dir",
    ),
}
