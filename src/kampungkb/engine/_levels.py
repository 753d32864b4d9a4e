"""Region levels, from the village up, with the length of their dotted Kemendagri code."""

from __future__ import annotations

__all__ = ["LEVELS"]

#: Region levels, from the village up, with the length of their dotted code.
LEVELS: dict[str, int] = {"village": 13, "district": 8, "regency": 5, "province": 2}
