"""The kampungkb hook specifications: everything a plugin can add.

Hooks are grouped by the phase of the pipeline they feed, in data-flow order
(io → engine → evaluate → report), and every hook is documented in the same order: summary,
parameters, return value, calling behaviour (first-result / historic), an example.

All hooks are *registration* hooks: they take no arguments and return a list of typed records
(the style of conda's hooks). They are called lazily — the first time the plugin manager is asked
for that kind of record — once per plugin manager, and the results are cached.  No hook is
``firstresult`` (every plugin's list is collected) and no hook is ``historic``.  Two plugins
returning the same name is a :class:`~kampungkb.errors.PluginConflictError` naming both.

A plugin is a module with functions marked ``@hookimpl`` and named after these hooks::

    from kampungkb.plugins import hookimpl

    @hookimpl
    def kampungkb_register_readers():
        return [...]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from kampungkb.indicators import IndicatorSet, Measure
    from kampungkb.plugins._records import (
        ClassifierSpec,
        ReaderSpec,
        ReportFormatSpec,
        TableExtension,
    )

__all__ = [
    "PROJECT_NAME",
    "hookimpl",
    "hookspec",
    "kampungkb_register_classifiers",
    "kampungkb_register_indicator_sets",
    "kampungkb_register_measures",
    "kampungkb_register_readers",
    "kampungkb_register_report_formats",
    "kampungkb_register_table_extensions",
]

#: pluggy project name, and the entry-point group plugins are declared under.
PROJECT_NAME = "kampungkb"

#: Marks a hook specification (used only in this module).
hookspec = pluggy.HookspecMarker(PROJECT_NAME)

#: Marks a plugin's hook implementation: ``@hookimpl`` above a function named after a hook.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


# ---------------------------------------------------------------------------------------------
# Phase 1 — data: the shape of the canonical tables and how files are read into them (io)
# ---------------------------------------------------------------------------------------------


@hookspec
def kampungkb_register_table_extensions() -> list[TableExtension]:  # type: ignore[empty-body]
    """Add columns to canonical tables (e.g. a province's own family-census fields).

    This hook takes no parameters.

    Returns:
        A list of :class:`~kampungkb.plugins.TableExtension` records, each naming a canonical
        table and the :class:`~kampungkb.models._schema.Column` records appended to it. The
        extended schema is what readers accept, validation checks and indicator filters see.

    Note:
        Not first-result: every plugin's extensions are collected. Not historic. Called the
        first time the manager's ``table_extensions()`` is asked for. Two plugins adding a
        column of the same name to the same table is a ``PluginConflictError``.

    Example:
        .. code-block:: python

            from kampungkb.models._schema import Column
            from kampungkb.plugins import TableExtension, hookimpl

            @hookimpl
            def kampungkb_register_table_extensions():
                return [
                    TableExtension(
                        table="families",
                        columns=(
                            Column(
                                "receives_pkh",
                                "BOOLEAN",
                                description="Family receives the PKH cash transfer.",
                                description_id="Keluarga menerima bantuan tunai PKH.",
                                label_id="Penerima PKH",
                                label_en="PKH recipient",
                            ),
                        ),
                    )
                ]
    """


@hookspec
def kampungkb_register_readers() -> list[ReaderSpec]:  # type: ignore[empty-body]
    """Add readers for input file formats (e.g. a regional information system's export).

    This hook takes no parameters.

    Returns:
        A list of :class:`~kampungkb.plugins.ReaderSpec` records. A reader's ``read`` callable
        returns a ``pyarrow.Table`` or a mapping of canonical table name to ``pyarrow.Table``;
        column mapping and validation happen after it, in :mod:`kampungkb.io`.

    Note:
        Not first-result: every plugin's readers are collected. Not historic. Called the first
        time the manager's ``readers()`` is asked for. Two readers with the same ``name`` is a
        ``PluginConflictError``.

    Example:
        .. code-block:: python

            import pyarrow.csv

            from kampungkb.plugins import ReaderSpec, hookimpl

            def read_semicolon_csv(source, **options):
                parse = pyarrow.csv.ParseOptions(delimiter=";")
                return pyarrow.csv.read_csv(source, parse_options=parse)

            @hookimpl
            def kampungkb_register_readers():
                return [
                    ReaderSpec(
                        name="csv-semicolon",
                        suffixes=(".csv",),
                        read=read_semicolon_csv,
                        description="CSV with ';' separators (regional exports)",
                        description_id="CSV dengan pemisah ';' (ekspor daerah)",
                    )
                ]
    """


# ---------------------------------------------------------------------------------------------
# Phase 2 — definitions: what is counted and computed (engine)
# ---------------------------------------------------------------------------------------------


@hookspec
def kampungkb_register_measures() -> list[Measure]:  # type: ignore[empty-body]
    """Add shared measures that any indicator set may reference by id.

    A measure is a table, a SQL boolean filter over that table's documented columns and an
    aggregation (see :class:`~kampungkb.indicators.Measure`). Measures a set defines for itself
    belong in the set; register here only those meant to be shared between sets.

    This hook takes no parameters.

    Returns:
        A list of :class:`~kampungkb.indicators.Measure` definitions.

    Note:
        Not first-result: every plugin's measures are collected. Not historic. Called the first
        time the manager's ``measures()`` is asked for. Two plugins registering the same
        measure ``id`` is a ``PluginConflictError``.

    Example:
        .. code-block:: python

            from kampungkb.indicators import Measure
            from kampungkb.plugins import hookimpl

            @hookimpl
            def kampungkb_register_measures():
                return [
                    Measure(
                        id="pus_users_mkjp",
                        table="persons",
                        filter=(
                            "is_pus AND contraceptive_method IN ('iud', 'implant', 'mow', 'mop')"
                        ),
                        agg="count",
                        label_id="PUS peserta KB MKJP",
                        label_en="Couples using a long-acting method (MKJP)",
                    )
                ]
    """


@hookspec
def kampungkb_register_indicator_sets() -> list[IndicatorSet]:  # type: ignore[empty-body]
    """Add versioned indicator sets (e.g. CIKAR under Pergub Babel 40/2018).

    The built-in sets are registered through this same hook, exactly like a province's.

    This hook takes no parameters.

    Returns:
        A list of :class:`~kampungkb.indicators.IndicatorSet` definitions. Each set is known by
        its key ``"id@version"``; several versions of one set may sit side by side, and
        ``get_indicator_set("id")`` picks the latest.

    Note:
        Not first-result: every plugin's sets are collected. Not historic. Called the first time
        the manager's ``indicator_sets()`` or ``get_indicator_set()`` is asked for. Two plugins
        registering the same ``"id@version"`` is a conflict: every version of that id is left
        out of the definitions (named in ``Definitions.notes`` and a warning) and looking it
        up is a ``PluginConflictError``; publish a new version instead of overriding one. A
        new version of another distribution's id makes the bare id ambiguous
        (``AmbiguousIndicatorSetError``): users then pin ``"id@version"``.

    Example:
        .. code-block:: python

            from kampungkb.indicators import Indicator, IndicatorSet, Measure
            from kampungkb.plugins import hookimpl

            BIRTH_CERTIFICATES = IndicatorSet(
                id="akta",
                version="2024",
                title_id="Kepemilikan akta kelahiran",
                title_en="Birth-certificate ownership",
                legal_basis="(the regulation the set implements)",
                measures=[
                    Measure(id="persons", table="persons", filter=None, agg="count",
                            label_id="Penduduk", label_en="Persons"),
                    Measure(id="with_akta", table="persons", filter="has_birth_certificate",
                            agg="count", label_id="Penduduk dengan akta",
                            label_en="Persons with a birth certificate"),
                ],
                indicators=[
                    Indicator(id="akta_share", kind="ratio", numerator="with_akta",
                              denominator="persons", factor=100, decimals=1,
                              label_id="Kepemilikan akta kelahiran (%)",
                              label_en="Birth-certificate ownership (%)"),
                ],
            )

            @hookimpl
            def kampungkb_register_indicator_sets():
                return [BIRTH_CERTIFICATES]
    """


# ---------------------------------------------------------------------------------------------
# Phase 3 — evaluation and output (evaluate, report)
# ---------------------------------------------------------------------------------------------


@hookspec
def kampungkb_register_classifiers() -> list[ClassifierSpec]:  # type: ignore[empty-body]
    """Add named classifications of villages (e.g. maturity classes from indicator results).

    This hook takes no parameters.

    Returns:
        A list of :class:`~kampungkb.plugins.ClassifierSpec` records, each holding a
        declarative classification rule (rule types live in :mod:`kampungkb.evaluate`).

    Note:
        Not first-result: every plugin's classifiers are collected. Not historic. Called the
        first time the manager's ``classifiers()`` is asked for. Two classifiers with the same
        ``name`` is a ``PluginConflictError``.

    Example:
        .. code-block:: python

            from importlib import resources

            from kampungkb.evaluate import load_classification
            from kampungkb.plugins import ClassifierSpec, hookimpl

            @hookimpl
            def kampungkb_register_classifiers():
                return [
                    ClassifierSpec(
                        name="cikar-maturity",
                        # a Classification from your plugin's TOML file (here: BKKBN's)
                        rule=load_classification(str(
                            resources.files("kampungkb.indicators").joinpath(
                                "sets", "bkkbn_2020_classification.toml"))),
                        description="Basic / developing / mature / independent",
                        description_id="Dasar / berkembang / paripurna / mandiri",
                    )
                ]
    """


@hookspec
def kampungkb_register_report_formats() -> list[ReportFormatSpec]:  # type: ignore[empty-body]
    """Add output formats for reports (e.g. a ministry's reporting template).

    This hook takes no parameters.

    Returns:
        A list of :class:`~kampungkb.plugins.ReportFormatSpec` records.

    Note:
        Not first-result: every plugin's formats are collected. Not historic. Called the first
        time the manager's ``report_formats()`` is asked for. Two formats with the same
        ``name`` is a ``PluginConflictError``.

    Example:
        .. code-block:: python

            from kampungkb.plugins import ReportFormatSpec, hookimpl

            def render_tsv(results, destination=None, **options):
                text = results.to_pandas().to_csv(sep="\\t", index=False)
                if destination is None:
                    return text
                destination.write_text(text, encoding="utf-8")
                return None

            @hookimpl
            def kampungkb_register_report_formats():
                return [
                    ReportFormatSpec(
                        name="tsv",
                        suffix=".tsv",
                        render=render_tsv,
                        description="Tab-separated results table",
                        description_id="Tabel hasil dipisahkan tab",
                    )
                ]
    """
