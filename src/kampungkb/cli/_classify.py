"""``kampungkb classify``: a declarative classification (e.g. BKKBN's) of every village."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.cli._progress import Progress
from kampungkb.cli._run import note, read_dataset
from kampungkb.engine import Dataset
from kampungkb.engine._nodata import NoDataError, check_periods_have_data, name_some
from kampungkb.engine._periods import parse_period
from kampungkb.evaluate import Classification, classify
from kampungkb.io._csvsafe import write_csv
from kampungkb.labels import Lang, check_lang, text
from kampungkb.report import region_names
from kampungkb.report._format import display_text
from kampungkb.report._text import table_lines

__all__ = ["run_classify"]

_HEAD = {
    "id": (("Kode wilayah", "Nama"), ("Kelas", "Variabel tanpa data")),
    "en": (("Region code", "Name"), ("Class", "Variables without data")),
}
_PROFILES = "kampung_kb_profiles"
_SHARES = {"id": "Sebaran kelas per kabupaten/kota (desa, %)",
           "en": "Classes per regency/city (villages, %)"}


def check_classify_period(dataset: Dataset, period: str) -> None:
    """No class without data: a period the data does not hold, or one without Kampung KB
    profiles (every village would come out in the lowest class, "Dasar"), is a
    :class:`NoDataError` naming the periods that have them (exit 4)."""
    check_periods_have_data(dataset, [period])
    held = dataset.periods(_PROFILES) if dataset.has_table(_PROFILES) else []
    if parse_period(period).key not in held:
        raise NoDataError("nodata.classify_period", asked=period, known=name_some(held))


def _fmt(value: object, lang: Lang) -> str:
    """An index with its two decimals, the language's way (``3,60`` in Indonesian)."""
    if value is None:
        return "…"
    shown = f"{float(value):.2f}"  # type: ignore[arg-type]
    return shown.replace(".", ",") if lang == "id" else shown


def _headers(rule: Classification, lang: Lang) -> list[str]:
    """The table's headers: one column per index the classification defines (its label in
    ``lang``, else its id), between the region and the class."""
    before, after = _HEAD[lang]
    indices = [display_text((i.label_id if lang == "id" else i.label_en) or i.id)
               for i in rule.indices]
    return [*before, *indices, *after]


def run_classify(args: argparse.Namespace) -> int:
    """``kampungkb classify PATH --classifier bkkbn-2020 --period 2019``."""
    lang = check_lang(args.lang)
    notes: list[str] = []
    try:
        with Progress(total=2, stream=sys.stderr) as progress:
            if args.path == "demo":
                from kampungkb.demo import generate_demo  # noqa: PLC0415 - on demand

                dataset = Dataset.from_tables(generate_demo(), source="demo")
            else:
                dataset = read_dataset(Path(args.path), args, lang, progress, notes)
            check_classify_period(dataset, args.period)
            progress.step(text("progress.computing", lang))
            out = classify(dataset, args.classifier, args.period)
    finally:
        for line in notes:
            note(line)
    names = region_names(dataset)
    label = "class_label_id" if lang == "id" else "class_label_en"
    indices = [f"{i.id}_index" for i in out.classification.indices]
    rows = [[r["region_code"], names.get(r["region_code"], ""),
             *(_fmt(r[column], lang) for column in indices), display_text(r[label] or "…"),
             ", ".join(r["missing"] or []) or "–"]
            for r in out.villages.to_pylist()]
    print(f"{out.classification.id} — {args.period}")
    print()
    print("\n".join(table_lines(_headers(out.classification, lang), rows,
                                right=[False, False, *(True for _ in indices), False, False])))
    shares = out.shares.filter(pc.equal(out.shares["level"], "regency"))
    if shares.num_rows:
        classes = list(dict.fromkeys(shares[label].to_pylist()))
        by_region: dict[str, dict[str, str]] = {}
        for r in shares.to_pylist():
            cell = f"{r['villages']} ({r['share']:.0f} %)"
            by_region.setdefault(r["region_code"], {})[r[label]] = cell
        print()
        print(_SHARES[lang])
        print()
        print("\n".join(table_lines(
            ["", *classes],
            [[names.get(code, code), *(cells.get(c, "") for c in classes)]
             for code, cells in by_region.items()])))
    if args.csv:
        write_csv(_csv_ready(out.villages), args.csv, delimiter=args.csv_delimiter)
    return 0


def _csv_ready(table: pa.Table) -> pa.Table:
    """CSV has no lists: the ``missing`` variable list becomes ``a;b`` (formula-like text is
    made literal by :func:`~kampungkb.io._csvsafe.write_csv`)."""
    if "missing" in table.column_names:
        joined = pc.binary_join(table["missing"], ";")
        table = table.set_column(table.column_names.index("missing"), "missing", joined)
    return table
