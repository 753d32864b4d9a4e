"""Errors of the regions area that name a line of a user's table."""

from __future__ import annotations

from kampungkb.errors import RegionCodeError

__all__ = ["code_at_line"]

#: A malformed code's message (``models.code_*``) → the same message naming file and line.
_AT_LINE = {
    "models.code_malformed": "regions.code_malformed_at",
    "models.code_bad_province": "regions.code_bad_province_at",
    "models.code_zero_part": "regions.code_zero_part_at",
}


def code_at_line(exc: RegionCodeError, file: str, line: int) -> RegionCodeError:
    """``exc`` (a malformed Kemendagri code) as an error naming ``file`` and ``line``."""
    key = _AT_LINE.get(exc.key or "")
    if key is None:
        return RegionCodeError.of("regions.code_invalid_at", file=file, line=line)
    return RegionCodeError.of(key, file=file, line=line, **exc.fields)
