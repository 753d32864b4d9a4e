"""Error and warning messages of kampungkb's io area: key → (Bahasa Indonesia, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
