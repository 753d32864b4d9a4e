"""Bring data in: readers, column mapping, pseudonymisation and vectorised validation.

The one entry point for files is :func:`validate_path` (a file or a folder with one file per
canonical table); in-memory data (DataFrames, Arrow tables, lists of pydantic records) goes
through :func:`validate_data`. Both return an :class:`IngestResult`: the accepted canonical
tables (Arrow), the :class:`ValidationReport` and the rejected rows. Files of any size go
through :func:`validate_to_folder`: validated batch by batch (no table held whole), accepted
rows written as Parquet parts to a work folder, the same report (what the command line uses).
"""

from __future__ import annotations

from kampungkb.io._catalogue import RULES, Rule, Severity
from kampungkb.io._pseudonym import (
    ENV_PSEUDONYM_KEY,
    PseudonymKey,
    PseudonymKeyWarning,
    pseudonym,
    resolve_key,
)
from kampungkb.io._stream import StreamResult, validate_to_folder, work_folder
from kampungkb.io.ingest import IngestResult, Policy, reader_for, validate_data, validate_path
from kampungkb.io.mapping import ColumnMapping, load_mapping
from kampungkb.io.report import PROBLEM_COLUMNS, FileSummary, ValidationReport

__all__ = [
    "ENV_PSEUDONYM_KEY",
    "PROBLEM_COLUMNS",
    "RULES",
    "ColumnMapping",
    "FileSummary",
    "IngestResult",
    "Policy",
    "PseudonymKey",
    "PseudonymKeyWarning",
    "Rule",
    "Severity",
    "StreamResult",
    "ValidationReport",
    "load_mapping",
    "pseudonym",
    "reader_for",
    "resolve_key",
    "validate_data",
    "validate_path",
    "validate_to_folder",
    "work_folder",
]
