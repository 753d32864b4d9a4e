"""The shared pydantic base model: strict shape, masked personal data, safe errors.

Every kampungkb model derives from :class:`KampungKBModel`:

* ``extra="forbid"`` — an unknown field is an error, not silently dropped;
* ``frozen=True`` — records are immutable values (use ``model_copy(update=...)``);
* coded fields hold :class:`~kampungkb.models.LabelledEnum` members (``use_enum_values`` is
  off) — they are ``str`` subclasses, compare equal to their codes and dump as codes in JSON;
* personal fields (NIK, KK number, names) are masked in ``repr``/``str``;
* a :class:`pydantic.ValidationError` never carries raw personal data: inputs are hidden in
  its text (``hide_input_in_errors``) and, in ``errors()`` and ``json()``, personal fields are
  ``"<hidden>"`` and every other echoed input is shown by the one rule of
  :mod:`kampungkb._safe` (identity numbers masked in text and in numbers of any type, free
  text by its length, an object by its type name).  The masking is a validator wrapped
  around each model's schema, so it also holds for ``TypeAdapter(Model)``, for a model nested
  in another model and for assignment to a frozen record; it runs only when an error is
  raised.
"""

from __future__ import annotations

import functools
import numbers
import re
from collections.abc import Mapping
from datetime import date, time, timedelta
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal, Self, cast, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    JsonValue,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, ErrorDetails, InitErrorDetails, PydanticCustomError
from pydantic_core import core_schema as cs
from pydantic_core.core_schema import ErrorType

from kampungkb._safe import ID_DIGITS, mask_ids, safe_header, safe_value, shape
from kampungkb.models._enums import LabelledEnum
from kampungkb.models._identity import _IdentityNumber

__all__ = ["PERSONAL_MASK", "Identifier", "KampungKBModel", "column_info"]

#: What a personal value is replaced with in ``repr`` and in validation errors.
PERSONAL_MASK = "<hidden>"

class WithJsonSchemaPattern:
    """Annotation adding a ``pattern`` to a field's JSON Schema only (the model checks the
    same rule its own way)."""

    def __init__(self, pattern: str) -> None:
        self.json_pattern = pattern  # not ``pattern``: the table schemas read that of a field

    def __get_pydantic_json_schema__(self, schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = handler(schema)
        out["pattern"] = self.json_pattern
        return out


#: A record identifier: non-empty text (a source id or a keyed pseudonym).
Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1),
                       # the JSON Schema says what stripping then min_length mean: not blank
                       WithJsonSchemaPattern(r"\S")]

_KNOWN_ERROR_TYPES = frozenset(get_args(ErrorType))
#: Known error types whose context holds an exception (its text may quote the value): they
#: keep their (masked) message but not the exception.
_CUSTOM_TYPES = frozenset({"value_error", "assertion_error"})
#: Context entries that quote the input itself (a discriminator's value).
_INPUT_CTX = frozenset({"tag"})
#: Smallest number with ``ID_DIGITS`` digits: a NIK or KK number read as a number.
_ID_MIN = 10 ** (ID_DIGITS - 1)
#: A run of 12+ digits, also in groups (``1901 0152 0385 0001``, ``1901-0152-...``).
_ID_RUN = re.compile(rf"\d(?:[\s.\-/]?\d){{{ID_DIGITS - 1},}}")
#: What :func:`kampungkb._safe.shape` and :func:`_placeholder` show: already safe.
_SHAPE = re.compile(re.escape(shape(0)).replace("0", r"\d+"))
_PLACEHOLDER = re.compile(r"<\w+ object>")
#: Nesting depth up to which an echoed input is masked item by item (deeper: its type name).
_MAX_DEPTH = 20
#: Error types whose input is a whole record given in the wrong shape.
_RECORD_TYPES = frozenset({"model_type", "model_attributes_type", "dataclass_type",
                           "dict_type", "mapping_type"})
#: Field names that are personal in at least one model (masked in error inputs everywhere).
_PERSONAL_NAMES: set[str] = set()
#: Field names of the models: shown as they are in an error's location and echoed record
#: (an unknown key may be data: a headerless file's first row).
_FIELD_NAMES: set[str] = set()


def column_info(
    label_id: str,
    label_en: str,
    *,
    description_id: str = "",
    personal: bool = False,
    derived: bool = False,
) -> dict[str, JsonValue]:
    """``json_schema_extra`` for a field: bilingual column heading, description and markers.

    The English description is the field's own ``description=``; its Bahasa Indonesia twin is
    ``description_id`` here (every canonical column has one; ``tests/test_schema_bilingual.py``
    checks it).

    Args:
        label_id: column heading in Bahasa Indonesia.
        label_en: column heading in English.
        description_id: what the column holds, in Bahasa Indonesia.
        personal: personal data (NIK, KK number, names): masked everywhere, pseudonymised at
            ingest, never usable in indicator filters.
        derived: computed by the engine, not expected in input.
    """
    extra: dict[str, JsonValue] = {"label_id": label_id, "label_en": label_en}
    if description_id:
        extra["description_id"] = description_id
    if personal:
        extra["personal"] = True
    if derived:
        extra["derived"] = True
    return extra


def _hide_personal_data(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Outermost validator of every model: its errors leave with their inputs made safe.

    Being part of the model's own schema, it also covers ``TypeAdapter(Model)`` and a model
    nested in someone else's model; on success it only passes the value through.
    """
    try:
        return handler(value)
    except ValidationError as exc:
        raise _sanitise(exc) from None


def _is_hiding(schema: CoreSchema) -> bool:
    function = cast("dict[str, Any]", schema).get("function")
    return isinstance(function, dict) and function.get("function") is _hide_personal_data


def _is_personal_name(part: object) -> bool:
    return isinstance(part, str) and (part in _PERSONAL_NAMES or part.casefold() in _PERSONAL_NAMES)


def _already_safe(text: str) -> bool:
    return text == PERSONAL_MASK or bool(_SHAPE.fullmatch(text) or _PLACEHOLDER.fullmatch(text))


@functools.cache
def _library_codes() -> frozenset[str]:
    """Every code of the library's coded values (``"married"``, ``"implant"``, ...)."""
    enums: list[type[LabelledEnum]] = []
    todo = [LabelledEnum]
    while todo:
        enums.extend(found := todo.pop().__subclasses__())
        todo.extend(found)
    return frozenset(member.code for enum in enums for member in enum)


def _safe_text(text: str) -> str:
    """``text`` as it may be shown (:func:`kampungkb._safe.safe_value`); a code of the library
    is shown as it is (as the validation report shows a known value), and what this module
    already made safe stays as it is, so sanitising twice changes nothing."""
    if _already_safe(text) or text in _library_codes():
        return text
    return safe_value(str(text))


def _mask_runs(text: str) -> str:
    """``text`` (a message) with every run of 12+ digits masked, also when the digits are
    grouped (``1901 0152 0385 0001``); the rest of the text stays."""
    return _ID_RUN.sub(lambda m: mask_ids(m.group()), text)


def _safe_name(name: str) -> str:
    """A key of the input (in an error's location or an echoed record) as it may be shown:
    a field name as it is, an unknown key by :func:`kampungkb._safe.safe_header` (the first
    row of a file without its header row is data: a name, a NIK)."""
    if name in _FIELD_NAMES or len(name) <= 3 or _already_safe(name):
        return name
    return safe_header(name)


def _placeholder(value: object) -> str:
    """What stands for an object that is not echoed (a record given as an object, say)."""
    return f"<{type(value).__name__} object>"


def _is_id_number(value: Any) -> bool:
    """Whether the number has 12+ digits before its decimal point (a NIK or KK number read as
    a number, in any numeric type: ``int``, ``float``, ``Decimal``, numpy scalars, ...)."""
    try:
        if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
            return _is_id_number(value.real) or _is_id_number(value.imag)
        return bool(abs(value) >= _ID_MIN)
    except (ArithmeticError, TypeError, ValueError):  # Decimal NaN, exotic number types
        return False


def _mask_number(value: Any) -> Any:
    if not _is_id_number(value):
        return value
    if isinstance(value, numbers.Integral):
        text = str(int(value))
    else:
        try:
            text = format(value, "f")
        except (TypeError, ValueError):
            text = str(value)
    return mask_ids(text)


def _mask_key(key: Any) -> Any:
    masked = _safe_name(key) if isinstance(key, str) else _mask(key)
    try:
        hash(masked)
    except TypeError:
        return _placeholder(key)
    return masked


def _mask(value: Any, depth: int = 0) -> Any:
    """``value`` (an echoed input) as it may be shown: personal fields of a mapping hidden,
    text by the one rule of :mod:`kampungkb._safe`, identity numbers masked in any numeric
    type, containers item by item, any other object by its type name only."""
    if depth < _MAX_DEPTH:
        if isinstance(value, Mapping):
            return {
                _mask_key(k): (
                    PERSONAL_MASK if _is_personal_name(k) and v is not None else _mask(v, depth + 1)
                )
                for k, v in value.items()
            }
        if isinstance(value, list | tuple | set | frozenset):
            return [_mask(v, depth + 1) for v in value]
    return _mask_scalar(value)


def _mask_scalar(value: Any) -> Any:
    shown: Any
    if value is None or isinstance(value, bool | date | time | timedelta):
        shown = value
    elif isinstance(value, LabelledEnum):
        shown = value.code  # one of this library's codes
    elif isinstance(value, Enum):
        shown = _mask_scalar(value.value)
    elif isinstance(value, str):
        shown = _safe_text(value)
    elif isinstance(value, bytes | bytearray | memoryview):
        shown = _safe_text(bytes(value).decode("utf-8", "replace"))
    elif isinstance(value, _IdentityNumber):
        shown = value.masked()
    elif isinstance(value, numbers.Number):
        shown = _mask_number(value)
    else:  # a record given as an object (dataclass, namespace, ORM row), a deep container
        shown = _placeholder(value)
    return shown


def _mask_ctx(value: Any) -> Any:
    """A ``ctx`` value (what was expected, a limit, a pattern): made by pydantic or this
    library, so only identity numbers in it are masked; its type is kept where possible."""
    if isinstance(value, str):
        return _mask_runs(value)
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return _mask_number(value)
    if isinstance(value, list | tuple):
        masked = [_mask_ctx(v) for v in value]
        return masked if isinstance(value, list) else tuple(masked)
    return value


def _safe_detail(err: ErrorDetails) -> tuple[InitErrorDetails, InitErrorDetails]:
    """The error as it may be shown, and the same as a plain custom error (the fallback)."""
    raw_loc = err["loc"]
    loc = tuple(_safe_name(p) if isinstance(p, str) else p for p in raw_loc)
    kind = err["type"]
    # a whole record of the wrong shape (a row as a list, say): its fields are unnamed,
    # so a name in it could not be told from other text
    whole = not raw_loc or (kind in _RECORD_TYPES and len(raw_loc) <= 1)
    hidden = whole or kind.startswith("json_") or any(_is_personal_name(p) for p in raw_loc)
    raw = err["input"]
    masked = PERSONAL_MASK if hidden else _mask(raw)
    msg = _mask_runs(err["msg"])
    if isinstance(raw, str) and len(raw) > 3 and raw != masked and raw in msg:
        msg = msg.replace(raw, masked if isinstance(masked, str) else PERSONAL_MASK)
    msg = msg.replace("{", "(").replace("}", ")")
    plain: InitErrorDetails = {
        "type": PydanticCustomError(kind, msg), "loc": loc, "input": masked,
    }
    if kind not in _KNOWN_ERROR_TYPES or kind in _CUSTOM_TYPES:
        return plain, plain
    detail: InitErrorDetails = {"type": kind, "loc": loc, "input": masked}
    ctx = err.get("ctx")
    if ctx:
        detail["ctx"] = {
            k: (_safe_text(v) if k in _INPUT_CTX and isinstance(v, str) else _mask_ctx(v))
            for k, v in ctx.items()
        }
    return detail, plain


def _sanitise(
    exc: ValidationError, input_type: Literal["python", "json"] = "python"
) -> ValidationError:
    """A copy of ``exc`` whose inputs, contexts and messages carry no personal data.

    Applying it to its own result changes nothing (a model nested in a model is sanitised
    by both).
    """
    details = [_safe_detail(err) for err in exc.errors(include_url=False)]
    try:
        return ValidationError.from_exception_data(
            exc.title, [d for d, _ in details], input_type=input_type, hide_input=True
        )
    except (KeyError, TypeError, ValueError):  # pragma: no cover - a context pydantic refuses
        return ValidationError.from_exception_data(
            exc.title, [p for _, p in details], input_type=input_type, hide_input=True
        )


def _model_json_schema_extra(schema: dict[str, JsonValue], cls: type[Any]) -> None:
    """Put the model's Bahasa Indonesia description next to its (English) ``description``."""
    description_id = getattr(cls, "__description_id__", "")
    if description_id:
        schema["description_id"] = description_id


class KampungKBModel(BaseModel):
    """Base of every kampungkb record (see the module docstring for the shared rules)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        hide_input_in_errors=True,
        str_strip_whitespace=True,
        use_enum_values=False,
        validate_default=False,
        json_schema_extra=_model_json_schema_extra,
    )

    #: Canonical table this model's bulk form lives in (``""`` for nested-only models).
    __table_name__: ClassVar[str] = ""
    #: What one record is, in Bahasa Indonesia (the English is the docstring's first line);
    #: the table schema's ``description_id`` and the JSON Schema's ``description_id``.
    __description_id__: ClassVar[str] = ""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        _PERSONAL_NAMES.update(cls.personal_fields())
        _FIELD_NAMES.update(cls.model_fields)

    @classmethod
    def personal_fields(cls) -> frozenset[str]:
        """Names of the fields holding personal data (marked ``personal`` or NIK/KK typed)."""
        return _personal_fields(cls)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> CoreSchema:
        # The model's schema, wrapped once (outside its own model validators) by the validator
        # that masks the inputs of its errors: ``Model(...)``, ``model_validate*``,
        # ``TypeAdapter(Model)`` and a model nested in another model all go through it.
        schema = handler(source)
        if _is_hiding(schema):  # the finished schema of a built model, reused
            return schema
        ref = cast("dict[str, Any]", schema).pop("ref", None)
        return cs.no_info_wrap_validator_function(_hide_personal_data, schema, ref=ref)

    @classmethod
    def model_validate_json(cls, json_data: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate JSON text (see :meth:`pydantic.BaseModel.model_validate_json`)."""
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as exc:  # a broken document fails before the schema runs
            raise _sanitise(exc, "json") from None

    def __setattr__(self, name: str, value: Any) -> None:
        # a frozen record refuses the assignment with an error that quotes the new value
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise _sanitise(exc) from None

    def __repr_args__(self) -> Any:
        personal = type(self).personal_fields()
        for name, value in super().__repr_args__():
            if name in personal and value is not None and not isinstance(value, _IdentityNumber):
                yield name, PERSONAL_MASK
            else:
                yield name, value


@functools.cache
def _personal_fields(cls: type[BaseModel]) -> frozenset[str]:
    names = set()
    for name, info in cls.model_fields.items():
        extra = info.json_schema_extra
        marked = isinstance(extra, dict) and extra.get("personal") is True
        if marked or _is_identity_annotation(info.annotation):
            names.add(name)
    return frozenset(names)


def _is_identity_annotation(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, _IdentityNumber):
        return True
    return any(_is_identity_annotation(a) for a in get_args(annotation))
