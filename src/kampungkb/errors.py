"""The kampungkb error family.

Every exception the library raises on purpose derives from :class:`KampungKBError` and also
from the built-in exception that matches its meaning (the pattern of ``attrs``), so callers can
catch either.  Errors carry context — which set, indicator, file, row or column — and never raw
personal data (NIK, KK number, names).
"""

from __future__ import annotations

from typing import Any

from kampungkb.labels import text

__all__ = [
    "AmbiguousIndicatorSetError",
    "DataValidationError",
    "DatasetError",
    "IndicatorDefinitionError",
    "KampungKBError",
    "KampungKBWarning",
    "NoDataError",
    "PluginConflictError",
    "PluginError",
    "PluginLoadError",
    "ReaderError",
    "RegionCodeError",
    "UnknownIndicatorSetError",
    "UnknownResultError",
]


class KampungKBError(Exception):
    """Base class of every error raised by kampungkb."""


class KampungKBWarning(UserWarning):
    """Base class of every warning kampungkb issues (filter them all with this class)."""


class RegionCodeError(KampungKBError, ValueError):
    """A Kemendagri region code is malformed or unknown."""


class IndicatorDefinitionError(KampungKBError, ValueError):
    """An indicator set, measure or indicator definition is invalid.

    The message names the set and the indicator (or measure) and says what is wrong.
    """

    def __init__(
        self,
        message: str,
        *,
        set_id: str | None = None,
        item_id: str | None = None,
    ) -> None:
        self.set_id = set_id
        self.item_id = item_id
        where = []
        if set_id:
            where.append(f"set {set_id!r}")
        if item_id:
            where.append(f"{item_id!r}")
        prefix = f"{', '.join(where)}: " if where else ""
        super().__init__(f"{prefix}{message}")


class UnknownIndicatorSetError(KampungKBError, LookupError):
    """No registered plugin provides the requested indicator set (or version)."""


class AmbiguousIndicatorSetError(UnknownIndicatorSetError):
    """An unversioned set id whose versions come from more than one distribution.

    The message names the distributions and the pinned ``id@version`` names to use.
    """


class PluginError(KampungKBError, RuntimeError):
    """Base class of plugin-system errors."""


class PluginConflictError(PluginError):
    """Two plugins register the same name (indicator set, reader, report format …)."""


class PluginLoadError(PluginError, ImportError):
    """A plugin could not be imported or registered; the message names the plugin."""


class DatasetError(KampungKBError, ValueError):
    """A dataset is unusable for the requested computation (missing table, unknown period …)."""


class ReaderError(KampungKBError, OSError):
    """A file could not be read: damaged, empty, wrong sheet, missing header …"""


class DataValidationError(KampungKBError, ValueError):
    """Input rows broke validation rules under the ``strict`` policy.

    ``report`` holds the full :class:`~kampungkb.io.ValidationReport`.
    """

    def __init__(self, message: str, report: object | None = None) -> None:
        self.report = report
        super().__init__(message)


class NoDataError(DatasetError, LookupError):
    """What was asked for — a period, level, region or indicator — has no data.

    The message names what exists.  It is kept as a key of the message catalogue
    (:mod:`kampungkb.labels`, ``nodata.*``) and its fields, so it can be shown in Bahasa
    Indonesia or English (:meth:`message`); the command line shows it as a warning and exits
    with status 4.

    Attributes:
        key: the message's key in :mod:`kampungkb.labels` (``nodata.period`` …).
        fields: the values filled into it (``asked``, ``known`` …).
    """

    def __init__(self, key: str, **fields: Any) -> None:
        self.key = key
        self.fields = fields
        super().__init__(text(key, "en", **fields))

    def message(self, lang: Any = "en") -> str:
        """The message in ``lang`` (``"id"`` or ``"en"``)."""
        return text(self.key, lang, **self.fields)


class UnknownResultError(NoDataError, KeyError):
    """:meth:`~kampungkb.Results.value` was asked for an indicator, region or period not in the
    results (a ``KeyError`` as well, as a mapping lookup would raise)."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""
