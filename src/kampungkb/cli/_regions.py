"""``kampungkb regions``: the editions of the Kemendagri region list and the changes between
them (``regions editions``, ``regions changes FROM TO [--region CODE]``)."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from kampungkb.cli._messages import HELP_ID
from kampungkb.labels import Lang, check_lang
from kampungkb.report._text import table_lines

__all__ = ["REGIONS_HELP_ID", "add_regions_parser", "run_regions"]

_H_CMD = "region editions (Kemendagri lists 2018, 2022, 2025) and their changes"
_D_CMD = ("The dated editions of the Kemendagri region list that kampungkb ships, and the "
          "changes between them (renames, code changes, splits, merges) derived from the "
          "lists.")
_H_EDITIONS = "list the editions with their decrees and dates"
_D_EDITIONS = "List the editions of the region list with their decree, date and notes."
_H_CHANGES = "print the changes between two editions (CSV)"
_D_CHANGES = ("Print the changes between two editions as CSV: kind, old code, old name, new "
              "code, new name, confidence. Kinds: rename, code_change, split, merge, added, "
              "removed; confidence high, medium, low, or undecided (a human must say).")
_H_FROM = "the earlier (or any) edition, e.g. 2018"
_H_TO = "the other edition, e.g. 2022"
_H_REGION = "only changes touching this region (code in either edition), e.g. 19 or 19.05.01"
_H_LEVEL = "only changes of this level"
_H_UNDECIDED = "print what the derivation could not decide instead (kind, code, name, " \
               "candidates, reason)"
_H_ADD = "a CSV file of your province's own changes (kind, old_code, new_code, from_edition, " \
         "to_edition), used instead of the derived rows for the same codes"
_H_OUT = "write the CSV to FILE instead of standard output"

#: Bahasa Indonesia of this command's help texts (merged into the CLI's HELP_ID catalogue).
REGIONS_HELP_ID: dict[str, str] = {
    _H_CMD: "edisi wilayah (daftar Kemendagri 2018, 2022, 2025) dan perubahannya",
    _D_CMD: "Edisi bertanggal daftar wilayah Kemendagri yang disertakan kampungkb, dan "
            "perubahan di antaranya (ganti nama, ganti kode, pemekaran, penggabungan) yang "
            "diturunkan dari daftar-daftar itu.",
    _H_EDITIONS: "daftar edisi beserta keputusan dan tanggalnya",
    _D_EDITIONS: "Daftar edisi daftar wilayah beserta keputusan (Permendagri/Kepmendagri), "
                 "tanggal dan catatannya.",
    _H_CHANGES: "cetak perubahan antara dua edisi (CSV)",
    _D_CHANGES: "Cetak perubahan antara dua edisi sebagai CSV: jenis, kode lama, nama lama, "
                "kode baru, nama baru, keyakinan. Jenis: rename (ganti nama), code_change "
                "(ganti kode), split (pemekaran), merge (penggabungan), added (baru), removed "
                "(hilang); keyakinan high, medium, low, atau undecided (perlu diputuskan "
                "manusia).",
    _H_FROM: "edisi yang lebih awal (atau mana saja), mis. 2018",
    _H_TO: "edisi yang lain, mis. 2022",
    _H_REGION: "hanya perubahan yang menyentuh wilayah ini (kode di salah satu edisi), mis. "
               "19 atau 19.05.01",
    _H_LEVEL: "hanya perubahan pada tingkat ini",
    _H_UNDECIDED: "cetak yang tidak dapat diputuskan oleh penurunan otomatis (jenis, kode, "
                  "nama, kandidat, alasan)",
    _H_ADD: "berkas CSV perubahan yang diketahui provinsi Anda (kind, old_code, new_code, "
            "from_edition, to_edition), dipakai menggantikan baris turunan untuk kode yang sama",
    _H_OUT: "tulis CSV ke BERKAS, bukan ke keluaran standar",
    "EDITION": "EDISI",
    "CODE": "KODE",
    "FILE": "BERKAS",
    "FILE.csv": "BERKAS.csv",
    "WHAT": "APA",
    "FROM": "DARI",
    "TO": "KE",
}
for _en, _id in REGIONS_HELP_ID.items():
    HELP_ID.setdefault(_en, _id)

_COLUMNS = {
    "id": ("Edisi", "Keputusan", "Tanggal", "Keyakinan tanggal", "Catatan"),
    "en": ("Edition", "Decree", "Date", "Date confidence", "Note"),
}
_SOURCE = {
    "id": "Sumber: cahyadsn/wilayah (MIT), Copyright (c) 2017-2025 Cahya DSN; kode dan nama "
          "adalah data resmi pemerintah. Edisi sebuah periode: yang terakhir bertanggal pada "
          "atau sebelum akhir periode.",
    "en": "Source: cahyadsn/wilayah (MIT), Copyright (c) 2017-2025 Cahya DSN; codes and names "
          "are official government data. A period's edition: the latest dated on or before "
          "the period's last day.",
}


def add_regions_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                       common: argparse.ArgumentParser) -> None:
    """Add ``regions editions`` and ``regions changes`` to the ``kampungkb`` parser."""
    p = sub.add_parser("regions", parents=[common], help=_H_CMD, description=_D_CMD)
    what = p.add_subparsers(dest="regions_command", metavar="WHAT", required=True)
    what.add_parser("editions", parents=[common], help=_H_EDITIONS, description=_D_EDITIONS)
    c = what.add_parser("changes", parents=[common], help=_H_CHANGES, description=_D_CHANGES)
    c.add_argument("from_edition", metavar="FROM", help=_H_FROM)
    c.add_argument("to_edition", metavar="TO", help=_H_TO)
    c.add_argument("--region", metavar="CODE", help=_H_REGION)
    c.add_argument("--level", choices=("province", "regency", "district", "village"),
                   help=_H_LEVEL)
    c.add_argument("--undecided", action="store_true", help=_H_UNDECIDED)
    c.add_argument("--changes", dest="changes_file", metavar="FILE.csv", help=_H_ADD)
    c.add_argument("-o", "--out", metavar="FILE", help=_H_OUT)


def run_regions(args: argparse.Namespace) -> int:
    """``kampungkb regions editions`` / ``kampungkb regions changes FROM TO``."""
    lang = check_lang(args.lang)
    if args.regions_command == "editions":
        return _editions(lang)
    return _changes(args)


def _editions(lang: Lang) -> int:
    from kampungkb.regions import EDITIONS  # noqa: PLC0415 - loaded on demand

    rows = [[e.id, e.decree, e.date.isoformat(), e.date_confidence,
             e.note_id if lang == "id" else e.note_en] for e in EDITIONS]
    print("\n".join(table_lines(list(_COLUMNS[lang][:4]), [r[:4] for r in rows],
                                 right=[False] * 4)))
    print()
    for r in rows:
        print(f"{r[0]}: {r[4]}")
    print()
    print(_SOURCE[lang])
    return 0


def _changes(args: argparse.Namespace) -> int:
    from kampungkb.regions import packaged  # noqa: PLC0415 - loaded on demand

    history = packaged()
    if args.changes_file:
        history = history.with_changes(args.changes_file)
    cw = history.changes(args.from_edition, args.to_edition, region=args.region)
    if args.level:
        cw = cw.level(args.level)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if args.undecided:
        writer.writerow(("kind", "code", "name", "candidates", "reason"))
        writer.writerows((u.kind, u.code, u.name, " ".join(u.candidates), u.reason)
                         for u in cw.undecided)
    else:  # the crosswalk's own CSV: a file `--changes` / with_changes reads back
        buf.write(cw.to_csv())
    if args.out:
        Path(args.out).write_text(buf.getvalue(), encoding="utf-8")
    else:
        sys.stdout.write(buf.getvalue())
    return 0
