"""The ``demo``, ``evaluate`` and ``validate`` commands: read, compute, report."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kampungkb.cli._demo import check_evaluate_args, demo_periods
from kampungkb.cli._messages import message
from kampungkb.cli._output import check_region, resolve_output
from kampungkb.cli._progress import Progress
from kampungkb.engine import Dataset
from kampungkb.errors import DatasetError, KampungKBError
from kampungkb.evaluate import Evaluation, evaluate
from kampungkb.labels import Lang, check_lang, text
from kampungkb.plugins import get_plugin_manager
from kampungkb.report import available_formats, region_names, render

__all__ = ["DEMO_SET", "run_demo", "run_evaluate", "run_validate"]

#: The set the demo reproduces, pinned: a plugin adding ``cikar@2099`` must not change it.
DEMO_SET = "cikar@2018"


def note(message: str) -> None:
    """One line on stderr."""
    print(message, file=sys.stderr)


@contextmanager
def warnings_as_notes(notes: list[str], lang: Lang = "en") -> Iterator[None]:
    """Collect library warnings (e.g. a random pseudonym key) as one-line notes, each with the
    ``peringatan: `` / ``warning: `` prefix; kampungkb's own in ``lang``, others as
    ``Category: message``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        localised = getattr(w.message, "message", None)  # a KampungKBWarning
        said = localised(lang) if callable(localised) else str(w.message)
        first = (str(said).strip().splitlines() or [w.category.__name__])[0]
        said_line = first if callable(localised) else f"{w.category.__name__}: {first}"
        line = message("warning", lang, message=said_line)
        if line not in notes:
            notes.append(line)


def _check_format(fmt: str, out: str | None, lang: Lang) -> None:
    formats = available_formats()
    if fmt not in formats:
        raise KampungKBError.of("cli.unknown_format", fmt=fmt, known=", ".join(formats))
    if out is None and fmt == "xlsx":
        raise KampungKBError.of("cli.binary_needs_out", fmt=fmt)


def _render(ev: Evaluation, args: argparse.Namespace, names: dict[str, str], source: str,
            progress: Progress, *, region: str | None = None,
            exact: bool = False) -> str | bytes | None:
    lang = check_lang(args.lang)
    asked = check_region(ev.scorecard["region_code"].to_pylist(), args.region, lang)
    progress.step(text("progress.rendering", lang))
    options: dict[str, Any] = {"lang": lang, "names": names, "source": source,
                               "region": asked or region}
    if args.level is not None:
        options["level"] = args.level
        if args.format in ("xlsx", "json"):
            options["only_level"] = args.level
    if exact or getattr(args, "exact", False):
        options["disclosure"] = None  # exact values: fictional demo data, or asked for
    return render(ev, args.format, args.out, **options)


def _write(out: str | bytes | None, args: argparse.Namespace) -> None:
    if args.out:
        note(text("cli.written", check_lang(args.lang), path=args.out))
    elif isinstance(out, bytes):
        sys.stdout.buffer.write(out)
    elif out is not None:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")


def run_demo(args: argparse.Namespace) -> int:
    """``kampungkb demo [--set X]``: the seed village and the province, 2017 → 2019 (CIKAR
    unless ``--set`` names another installed set)."""
    from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo  # noqa: PLC0415 - on demand

    lang = check_lang(args.lang)
    if getattr(args, "export", None):
        return _export_demo(args, lang)
    resolve_output(args, lang)
    iset = get_plugin_manager().get_indicator_set(getattr(args, "set_spec", None) or DEMO_SET)
    baseline, followup = demo_periods(iset)
    with Progress(total=3, stream=sys.stderr) as progress:
        progress.step(text("progress.generating", lang))
        # the census dated in the set's period type (2017-Q4 … for a quarterly set)
        dataset = Dataset.from_tables(generate_demo(period_type=iset.period_type), source="demo")
        progress.step(text("progress.computing", lang))
        ev = evaluate(dataset, iset, baseline=baseline, followup=followup)
        names = region_names(dataset)
        region = None if args.level not in (None, "village") else SEED_VILLAGE_CODE
        # the demo's records are fictional: nobody can be recognised, so small cells are shown
        out = _render(ev, args, names, "demo (kampungkb.demo)", progress, region=region,
                      exact=True)
    _write(out, args)
    return 0


def _export_demo(args: argparse.Namespace, lang: Lang) -> int:
    """``kampungkb demo --export DIR --format csv|xlsx|parquet``: the demo's input files."""
    from kampungkb.demo import EXPORT_FORMATS, export_demo  # noqa: PLC0415 - on demand

    fmt = args.format or "csv"
    if fmt not in EXPORT_FORMATS:
        raise KampungKBError.of("cli.export_format", fmt=fmt, known=", ".join(EXPORT_FORMATS))
    with Progress(total=1, stream=sys.stderr) as progress:
        progress.step(text("progress.generating", lang))
        paths = export_demo(args.export, fmt)
    note(text("cli.exported", lang, n=len(paths), path=args.export, fmt=fmt))
    return 0


@contextmanager
def _exit_on_terminate() -> Iterator[None]:
    """SIGTERM (a scheduler stopping the job, ``timeout``) exits through ``finally`` blocks,
    so that a temporary work folder is removed as on Ctrl-C (main thread only)."""
    import signal  # noqa: PLC0415 - only here
    import threading  # noqa: PLC0415

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        del frame
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_path(path: Path) -> None:
    if not path.exists() and not any(ch in str(path) for ch in "*?["):  # a glob is a path too
        raise DatasetError.of("cli.path_missing", path=str(path))


def read_dataset(path: Path, args: argparse.Namespace, lang: Lang, progress: Progress,
                 notes: list[str], *, work: Path | None = None) -> Dataset:
    """Validate ``path`` through kampungkb.io (quarantine policy) batch by batch into the work
    folder ``work`` (see :func:`kampungkb.io.validate_to_folder`); the dataset scans the
    accepted rows there lazily. Without ``work`` (a library caller), in memory."""
    _check_path(path)
    try:
        from kampungkb.io import validate_path, validate_to_folder  # noqa: PLC0415 - heavy
    except ImportError:  # pragma: no cover - io is part of kampungkb; kept for partial installs
        progress.step(text("progress.reading", lang))
        return Dataset.from_folder(path)
    within = getattr(args, "within", None)
    progress.step(text("progress.validating", lang))
    with warnings_as_notes(notes, lang):
        if work is None:
            whole = validate_path(path, mapping=args.mapping, policy="quarantine")
            files, found = whole.report.files, bool(whole.tables)
        else:
            result = validate_to_folder(path, work, mapping=args.mapping, policy="quarantine",
                                        within=within)
            files, found = result.report.files, bool(result.tables)
    notes += [text("cli.rejected", lang, table=f.label, rejected=f.rows_rejected,
                   total=f.rows_read) for f in files if f.rows_rejected]
    if not found:
        raise DatasetError.of("cli.no_tables", path=str(path))
    if work is None:
        return Dataset.from_tables(whole.tables, source=str(path), within=within)
    # the engine's memory is capped too (``--memory-limit``), spilling into the work folder:
    # at national size its grouping would otherwise take several GB
    return result.dataset(source=str(path), memory_limit=getattr(args, "memory_limit", None),
                          temp_directory=work / ".kampungkb-spill", within=within)


def run_evaluate(args: argparse.Namespace) -> int:
    """``kampungkb evaluate PATH --set … --baseline … --followup …``, or ``--demo``."""
    lang = check_lang(args.lang)
    check_evaluate_args(args, lang)
    resolve_output(args, lang)
    # Resolved before reading any data: an unknown, ambiguous or conflicting set name fails
    # fast, with the message naming the distributions.
    iset = get_plugin_manager().get_indicator_set(args.set_spec)
    demo = bool(getattr(args, "demo", False))
    baseline, followup = demo_periods(iset) if demo else (args.baseline, args.followup)
    notes: list[str] = []
    from kampungkb.io import work_folder  # noqa: PLC0415 - on demand

    kept = getattr(args, "work_dir", None)
    try:
        with (
            _exit_on_terminate(),
            Progress(total=3, stream=sys.stderr) as progress,
            work_folder(kept) as work,
        ):
            if demo:
                from kampungkb.demo import generate_demo  # noqa: PLC0415 - on demand

                progress.step(text("progress.generating", lang))
                dataset = Dataset.from_tables(generate_demo(period_type=iset.period_type),
                                              source="demo",
                                              within=getattr(args, "within", None))
            else:
                from kampungkb.backends._cli import remote_dataset  # noqa: PLC0415 - #16

                remote = remote_dataset(args)  # PostgreSQL or Spark (--engine), else None
                dataset = remote or read_dataset(Path(args.path), args, lang, progress, notes,
                                                 work=work)
                if kept:
                    notes.append(text("cli.work_kept", lang, path=kept))
            progress.step(text("progress.computing", lang))
            ev = evaluate(dataset, iset, baseline=args.baseline or baseline,
                          followup=args.followup or followup)
            names = region_names(dataset)
            source = "demo (kampungkb.demo)" if demo else dataset.source or str(args.path)
            out = _render(ev, args, names, source, progress, exact=demo)
    finally:
        for line in notes:
            note(line)
    _write(out, args)
    return 0


def run_validate(args: argparse.Namespace) -> int:
    """``kampungkb validate PATH``: print the validation report; 0 clean, 1 problems."""
    from kampungkb.errors import DataValidationError  # noqa: PLC0415
    from kampungkb.io import ValidationReport, validate_to_folder, work_folder  # noqa: PLC0415

    lang = check_lang(args.lang)
    path = Path(args.path)
    _check_path(path)
    if args.report_out and Path(args.report_out).suffix.lower() not in (".csv", ".json"):
        # refused before a validation that may take minutes, not after it
        raise KampungKBError.of("cli.report_out_suffix", name=Path(args.report_out).name)
    report: ValidationReport
    notes: list[str] = []
    kept = getattr(args, "work_dir", None)
    with (
        _exit_on_terminate(),
        Progress(total=1, stream=sys.stderr) as progress,
        work_folder(kept) as work,
    ):
        progress.step(text("progress.validating", lang))
        try:
            with warnings_as_notes(notes, lang):
                result = validate_to_folder(path, work, mapping=args.mapping,
                                            policy=args.policy,
                                            within=getattr(args, "within", None))
                if getattr(args, "editions", False):
                    from kampungkb.regions import check_editions  # noqa: PLC0415 - on demand

                    report = check_editions(result.ingest_result()).report
                else:
                    report = result.report
                if kept:
                    notes.append(text("cli.work_kept", lang, path=kept))
        except DataValidationError as exc:
            if not isinstance(exc.report, ValidationReport):
                raise
            report = exc.report
    for line in notes:
        note(line)
    print(report.to_text(lang))
    if args.report_out:
        out = Path(args.report_out)
        if out.suffix.lower() == ".json":
            report.to_json(out)
        else:  # .csv (the suffix was checked first)
            report.to_csv(out, delimiter=args.csv_delimiter)
        note(text("cli.report_saved", lang, path=out))
    return 0 if report.ok else 1
