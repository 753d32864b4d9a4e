"""Error and warning messages of kampungkb's growth area: key → (Bahasa Indonesia, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "growth.missing_columns": (
        "child_measurements: kolom {columns} tidak ada, padahal diperlukan untuk z-skor "
        "pertumbuhan",
        "child_measurements: missing column(s) {columns} needed for growth z-scores",
    ),
}
