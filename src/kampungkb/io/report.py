"""The validation report: every problem found, with where it is and why, in two languages."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.io._catalogue import RULES, SKIP_REASONS
from kampungkb.io._csvsafe import write_csv

__all__ = ["PROBLEM_COLUMNS", "FileSummary", "ValidationReport"]

#: Columns of :attr:`ValidationReport.problems`, in order.
PROBLEM_COLUMNS: tuple[str, ...] = (
    "file",
    "sheet",
    "table",
    "row",
    "column",
    "value",
    "rule",
    "severity",
    "message_id",
    "message_en",
)

_PROBLEM_SCHEMA = pa.schema(
    [
        ("file", pa.string()),
        ("sheet", pa.string()),
        ("table", pa.string()),
        ("row", pa.int64()),
        ("column", pa.string()),
        ("value", pa.string()),
        ("rule", pa.string()),
        ("severity", pa.string()),
        ("message_id", pa.string()),
        ("message_en", pa.string()),
    ]
)


@attrs.frozen
class FileSummary:
    """Counts for one source (a file, or one sheet of a workbook).

    Attributes:
        file: the file name (no directories), or a label such as ``"<DataFrame>"``.
        sheet: the sheet, for workbooks.
        table: the canonical table the source was read into.
        rows_read: data rows read (blank rows are not counted).
        rows_accepted: rows that passed every error-level rule.
        rows_rejected: rows with at least one error (``rows_read - rows_accepted``).
        problems: problems found in this source (errors and warnings).
    """

    file: str
    sheet: str | None
    table: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    problems: int

    @property
    def label(self) -> str:
        """``file`` or ``file [sheet]``."""
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file


@attrs.frozen(repr=False)
class ValidationReport:
    """What validation found: one row per problem, and counts per source.

    Values of personal columns (NIK, KK number, names) appear only masked.

    Attributes:
        problems: Arrow table with :data:`PROBLEM_COLUMNS`; ``row`` is the row number as the
            user sees it in the source (see :mod:`kampungkb.io.readers` for each format) and is
            null for file-level problems.
        files: one :class:`FileSummary` per source, in reading order.
    """

    problems: pa.Table = attrs.field(factory=_PROBLEM_SCHEMA.empty_table)
    files: tuple[FileSummary, ...] = ()

    def __repr__(self) -> str:
        return (
            f"ValidationReport(ok={self.ok}, sources={len(self.files)}, rows_read="
            f"{self.rows_read}, rows_rejected={self.rows_rejected}, errors={self.error_count}, "
            f"warnings={self.problems.num_rows - self.error_count})"
        )

    @property
    def ok(self) -> bool:
        """True when no error-level problem was found (warnings allowed)."""
        return self.error_count == 0

    @property
    def error_count(self) -> int:
        """Number of error-level problems."""
        if self.problems.num_rows == 0:
            return 0
        return int(pc.sum(pc.equal(self.problems["severity"], "error")).as_py() or 0)

    @property
    def rows_read(self) -> int:
        """Data rows read from every source."""
        return sum(f.rows_read for f in self.files)

    @property
    def rows_accepted(self) -> int:
        """Rows that passed."""
        return sum(f.rows_accepted for f in self.files)

    @property
    def rows_rejected(self) -> int:
        """Rows rejected."""
        return sum(f.rows_rejected for f in self.files)

    def summary_by_rule(self) -> dict[str, int]:
        """Number of problems per rule id, most frequent first."""
        counts = pc.value_counts(self.problems["rule"]).to_pylist()  # columnar: any size
        pairs = sorted(((c["values"], c["counts"]) for c in counts), key=lambda kv: -kv[1])
        return {str(rule): int(n) for rule, n in pairs}

    def summary_by_file(self) -> dict[str, FileSummary]:
        """Counts per source, keyed by ``file`` or ``file [sheet]``."""
        return {f.label: f for f in self.files}

    def to_csv(self, path: str | Path, *, delimiter: str = ",") -> Path:
        """Write every problem to a CSV file (columns :data:`PROBLEM_COLUMNS`): UTF-8 with a
        byte order mark, ``delimiter`` between cells (``";"`` for Indonesian Excel)."""
        return write_csv(self.problems, path, delimiter=delimiter)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``ok``, counts, summaries and the problems (JSON-ready)."""
        return {
            "ok": self.ok,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_rejected": self.rows_rejected,
            "summary_by_rule": self.summary_by_rule(),
            "files": [attrs.asdict(f) for f in self.files],
            "problems": self.problems.to_pylist(),
        }

    def to_json(self, path: str | Path) -> Path:
        """Write :meth:`to_dict` as UTF-8 JSON."""
        out = Path(path)
        out.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), "utf-8")
        return out

    def to_text(self, lang: Literal["id", "en"] = "id", *, limit: int = 50) -> str:
        """A readable summary in Bahasa Indonesia (``"id"``) or English, with the first
        ``limit`` problems."""
        en = lang == "en"
        if lang not in ("id", "en"):
            raise ValueError(f"unknown language {lang!r}; expected 'id' or 'en'")
        lines = [
            ("Validation: " if en else "Validasi: ")
            + (
                ("OK" if self.ok else "problems found")
                if en
                else ("lolos" if self.ok else "ada masalah")
            ),
            (
                f"{self.rows_read} rows read, {self.rows_accepted} accepted, "
                f"{self.rows_rejected} rejected"
                if en
                else f"{self.rows_read} baris dibaca, {self.rows_accepted} diterima, "
                f"{self.rows_rejected} ditolak"
            ),
        ]
        if self.files:
            lines.append("")
            lines.append("By file:" if en else "Per berkas:")
            counts = "read/accepted/rejected" if en else "dibaca/diterima/ditolak"
            lines.extend(
                f"  {f.label} → {f.table}: {f.rows_read} / {f.rows_accepted} / "
                f"{f.rows_rejected} ({counts})"
                for f in self.files
            )
        by_rule = self.summary_by_rule()
        if by_rule:
            lines.append("")
            lines.append("By rule:" if en else "Per aturan:")
            severity = dict(zip(self.problems.column("rule").to_pylist(),
                                self.problems.column("severity").to_pylist(), strict=True))
            for rule, n in by_rule.items():
                sev = RULES[rule].severity if rule in RULES else severity.get(rule, "error")
                lines.append(f"  {rule} ({sev}): {n}")
            lines.append("")
            lines.append("Problems:" if en else "Masalah:")
            msg = "message_en" if en else "message_id"
            head = self.problems.slice(0, limit).to_pylist()
            for p in head:
                where = p["file"] + (f" [{p['sheet']}]" if p["sheet"] else "")
                if p["row"] is not None:
                    where += f", {'row' if en else 'baris'} {p['row']}"
                if p["column"] is not None:
                    where += f", {p['column']}"
                lines.append(f"  {where}: {p[msg]} [{p['rule']}]")
            rest = self.problems.num_rows - len(head)
            if rest > 0:
                lines.append(f"  … {rest} {'more' if en else 'lainnya'}")
        return "\n".join(lines)


def empty_problems() -> pa.Table:
    """An empty problems table with the right schema."""
    return _PROBLEM_SCHEMA.empty_table()


def problems_schema() -> pa.Schema:
    """The Arrow schema of the problems table."""
    return _PROBLEM_SCHEMA


def with_skipped(
    report: ValidationReport, skipped: Sequence[tuple[str, str, str]]
) -> ValidationReport:
    """``report`` with a ``file_skipped`` warning for each ``(file, reason, suffix)``, and a
    ``sheet_skipped`` one for each ``(workbook, "sheet_…" reason, sheet)``."""
    if not skipped:
        return report
    rows = []
    for file, reason, suffix in skipped:
        sheet = suffix if reason.startswith("sheet_") else None
        rule = RULES["sheet_skipped" if sheet is not None else "file_skipped"]
        why_id, why_en = (t.format(suffix=suffix) for t in SKIP_REASONS[reason])
        value = file if sheet is None else sheet
        rows.append(
            {
                "file": file,
                "sheet": sheet,
                "rule": rule.id,
                "severity": rule.severity,
                "message_id": rule.message_id.format(value=value, detail=why_id, column=""),
                "message_en": rule.message_en.format(value=value, detail=why_en, column=""),
            }
        )
    extra = pa.Table.from_pylist(rows, schema=_PROBLEM_SCHEMA)
    return attrs.evolve(report, problems=pa.concat_tables([extra, report.problems]))
