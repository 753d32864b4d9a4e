"""The kampungkb error family.

Every exception the library raises on purpose derives from :class:`KampungKBError` and also
from the built-in exception that matches its meaning (the pattern of ``attrs``), so callers can
catch either.  Errors carry context — which set, indicator, file, row or column — and never raw
personal data (NIK, KK number, names).

Errors and warnings are raised from a key of the message catalogue
(:mod:`kampungkb._catalogue`) and its fields — ``DatasetError.of("engine.no_periods")`` — so
:meth:`KampungKBError.message` can show them in Bahasa Indonesia or English; ``str()`` of an
error is its English message.  The command line shows the language asked for (``--lang``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Self

from kampungkb._safe import ID_DIGITS, mask_ids, safe_value, shape
from kampungkb.labels import Lang, text

__all__ = [
    "AmbiguousIndicatorSetError",
    "Count",
    "DataValidationError",
    "DatasetError",
    "IndicatorDefinitionError",
    "KampungKBError",
    "KampungKBWarning",
    "NoDataError",
    "Phrase",
    "PhraseList",
    "PluginConflictError",
    "PluginError",
    "PluginLoadError",
    "ReaderError",
    "RegionCodeError",
    "UnknownIndicatorSetError",
    "UnknownNameError",
    "UnknownResultError",
    "check_language",
]


_NO_FIELDS: Mapping[str, Any] = MappingProxyType({})

#: A run of digits as long as an identity number's (NIK, KK number), single spaces or hyphens
#: allowed between them (``1901 0152 0385 0001``).
_ID_RUN = re.compile(rf"\d(?:[ -]?\d){{{ID_DIGITS - 1},}}")


def _masked(value: Any) -> Any:
    """``value`` as an error may carry it: every run of 12 or more digits in a text (or the
    digits of a whole number that long) starred after its first two
    (:func:`kampungkb._safe.mask_ids`), so a NIK or KK number typed where a period, a code or
    a name belongs never reaches a message, ``fields`` or a log.  Phrases mask their own
    fields; other values are kept as they are."""
    if isinstance(value, str):
        if _ID_RUN.search(value) is None:
            return value  # as it is (a str subclass stays one)
        return _ID_RUN.sub(lambda m: mask_ids(m.group()), value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 11:
        return mask_ids(str(value))
    if type(value) in (list, tuple):
        return type(value)(_masked(v) for v in value)
    return value


def _safe_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` with every value :func:`_masked` (the safety net of every keyed error,
    warning and phrase: whatever a caller passed in, no identity number is kept)."""
    return {k: _masked(v) for k, v in fields.items()}


def check_language(lang: str) -> Lang:
    """``lang`` checked (``"id"`` or ``"en"``).

    Raises:
        DatasetError: (a ``ValueError``) another language: the catalogue's
            ``report.unknown_lang``, in both languages, showing what was given only as
            :func:`kampungkb._safe.safe_value` allows (it may be anything a caller typed).
    """
    if lang in ("id", "en"):
        return "id" if lang == "id" else "en"
    typed = mask_ids(str(lang))
    raise DatasetError.of("report.unknown_lang",
                          asked=safe_value(typed) if len(typed) <= 40 else shape(len(typed)))


class Phrase:
    """A part of a message that is itself a catalogue entry, shown in the message's language.

    A field's value is shown as it is, never translated (only a run of 12 or more digits, an
    identity number's length, is masked, as in every error's fields).  When a varying part of
    a message is words — how a plugin is described, say — pass ``Phrase(key, **fields)`` as the
    field: an error or warning renders it in the language its message is shown in.  Phrases
    nest.
    ``str()`` is the English.  Immutable, so safe to share between threads.

    Example:
        >>> PluginLoadError.of("plugins.broken", plugin=Phrase("plugins.builtin", name="x"),
        ...                    problem=Phrase("plugins.problem_import"),
        ...                    error="ImportError: …").message("id")
        "plugin bawaan 'x' gagal diimpor: ImportError: …"
    """

    __slots__ = ("fields", "key")

    def __init__(self, key: str, /, **fields: Any) -> None:
        self.key = key
        self.fields: Mapping[str, Any] = MappingProxyType(_safe_fields(fields))

    def render(self, lang: str = "en") -> str:
        """The phrase in ``lang`` (``"id"`` or ``"en"``)."""
        return text(self.key, check_language(lang), **_rendered(self.fields, lang))

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Phrase({self.key!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle (the fields are a proxy)
        return (_phrase, (self.key, dict(self.fields)))


def _phrase(key: str, fields: dict[str, Any]) -> Phrase:
    return Phrase(key, **fields)


class Count(Phrase):
    """A whole number in a message, written the language's way: ``1,001`` in English,
    ``1.001`` in Bahasa Indonesia.  Immutable."""

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        super().__init__("core.count")
        self.value = int(value)

    def render(self, lang: str = "en") -> str:
        grouped = f"{self.value:,}"
        return grouped.replace(",", ".") if check_language(lang) == "id" else grouped

    def __repr__(self) -> str:
        return f"Count({self.value})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Count, (self.value,))


class PhraseList(Phrase):
    """Several parts of a message shown one after another, each in the message's language.

    The items are :class:`Phrase` objects or plain values (shown as they are), joined by
    ``sep`` (``"; "``).  Used where a message lists problems, e.g. every invalid field of a
    definition file.  Immutable, so safe to share between threads.
    """

    __slots__ = ("items", "sep")

    def __init__(self, items: Any, sep: str = "; ") -> None:
        super().__init__("core.list")
        self.items: tuple[Any, ...] = tuple(_masked(p) if isinstance(p, str) else p
                                            for p in items)
        self.sep = sep

    def render(self, lang: str = "en") -> str:
        """The items in ``lang``, joined."""
        return self.sep.join(p.render(lang) if isinstance(p, Phrase) else str(p)
                             for p in self.items)

    def __repr__(self) -> str:
        return f"PhraseList({len(self.items)} items)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (PhraseList, (self.items, self.sep))


def _rendered(fields: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """``fields`` with every :class:`Phrase` rendered in ``lang``."""
    return {k: v.render(lang) if isinstance(v, Phrase) else v for k, v in fields.items()}


def _restore(cls: type[Any], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Rebuild a pickled or copied error without calling its constructor (whose arguments
    differ from ``args`` for keyed errors)."""
    made = cls.__new__(cls, *args)
    made.args = args
    if "fields" in state:
        state = {**state, "fields": MappingProxyType(dict(state["fields"]))}
    made.__dict__.update(state)
    return made


class _Localised:
    """An error or warning raised from a message key, shown in Bahasa Indonesia or English.

    ``str()`` of it is the English message (what logs and tracebacks show);
    :meth:`message` gives either language.
    """

    #: The message's key in the catalogue (:mod:`kampungkb._catalogue`); None when the error
    #: was raised from a plain text (by a plugin, say).
    key: str | None = None
    #: The values filled into the message.
    fields: Mapping[str, Any] = _NO_FIELDS

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle and copy (a process pool sends errors back): the fields' read-only proxy
        travels as a plain dict and the constructor is not called again."""
        state = {k: dict(v) if isinstance(v, MappingProxyType) else v
                 for k, v in vars(self).items()}
        return (_restore, (type(self), getattr(self, "args", ()), state))

    @classmethod
    def of(cls, key: str, /, **fields: Any) -> Self:
        """The error (or warning) whose message is catalogue entry ``key`` with ``fields``.

        Every identity-number-like run of digits in a field (12 or more) is masked before the
        message is made (a caller's NIK passed on as a period or a code, say).

        Example:
            >>> raise DatasetError.of("engine.no_periods")  # doctest: +SKIP
        """
        fields = _safe_fields(fields)
        made = cls(text(key, "en", **_rendered(fields, "en")))
        made.key, made.fields = key, MappingProxyType(fields)
        return made

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` (``"id"`` or ``"en"``)."""
        lang = check_language(lang)
        if self.key is None:
            return str(self)
        return text(self.key, lang, **_rendered(self.fields, lang))


class KampungKBError(_Localised, Exception):
    """Base class of every error raised by kampungkb.

    Its :meth:`message` is in Bahasa Indonesia or English; ``str()`` is English.
    """


class KampungKBWarning(_Localised, UserWarning):
    """Base class of every warning kampungkb issues (filter them all with this class).

    Issue one with ``warnings.warn(KampungKBWarning.of(key, **fields), stacklevel=2)``.
    """


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
        self.set_id = None if set_id is None else _masked(set_id)
        self.item_id = None if item_id is None else _masked(item_id)
        super().__init__(f"{self._where('en')}{message}")

    def _where(self, lang: str) -> str:
        where = []
        if self.set_id:
            where.append(text("core.where_set", check_language(lang), set_id=self.set_id))
        if self.item_id:
            where.append(text("core.where_item", check_language(lang), item_id=self.item_id))
        return f"{', '.join(where)}: " if where else ""

    @classmethod
    def of(cls, key: str, /, *, set_id: str | None = None, item_id: str | None = None,
           **fields: Any) -> Self:
        """The error with catalogue message ``key``, naming the set and the item."""
        fields = _safe_fields(fields)
        made = cls(text(key, "en", **_rendered(fields, "en")), set_id=set_id, item_id=item_id)
        made.key, made.fields = key, MappingProxyType(fields)
        return made

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``, after the set and item it concerns."""
        lang = check_language(lang)
        if self.key is None:
            return str(self)
        return self._where(lang) + text(self.key, lang, **_rendered(self.fields, lang))


class DefinitionFieldError(_Localised, ValueError):
    """One invalid part of a definition, raised inside a definition model's validator.

    pydantic wraps it in its ``ValidationError`` (whose text is the English message); the
    loaders (:func:`kampungkb.indicators.load_indicator_set`, classification files) turn it
    back into its catalogue entry, so an :class:`IndicatorDefinitionError` shows it in Bahasa
    Indonesia or English.  Raise it with :meth:`of`, e.g.
    ``DefinitionFieldError.of("indicators.needs_numerator", indicator="a1", kind="count")``.
    """


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

    @classmethod
    def of(cls, key: str, /, *, report: object | None = None, **fields: Any) -> Self:
        """The error with catalogue message ``key``, carrying the validation ``report``."""
        fields = _safe_fields(fields)
        made = cls(text(key, "en", **_rendered(fields, "en")), report)
        made.key, made.fields = key, MappingProxyType(fields)
        return made


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
        fields = _safe_fields(fields)
        super().__init__(text(key, "en", **_rendered(fields, "en")))
        self.key = key
        self.fields = MappingProxyType(fields)

    @classmethod
    def of(cls, key: str, /, **fields: Any) -> Self:
        """The same as ``NoDataError(key, **fields)``."""
        return cls(key, **fields)


class UnknownResultError(NoDataError, KeyError):
    """:meth:`~kampungkb.Results.value` was asked for an indicator, region or period not in the
    results (a ``KeyError`` as well, as a mapping lookup would raise)."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class UnknownNameError(DatasetError, KeyError):
    """A lookup by name found nothing: a table the dataset does not hold
    (:meth:`~kampungkb.Dataset.to_arrow`, :meth:`~kampungkb.Dataset.periods`,
    :meth:`~kampungkb.Dataset.schema`), an indicator the evaluation's set does not define
    (:meth:`~kampungkb.evaluate.Evaluation.funnel`).  The message names those there are.

    A ``KeyError`` as well, as a mapping lookup would raise (and these lookups raised before).
    """

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""
