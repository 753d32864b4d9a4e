"""The shared pydantic base model: strict shape, masked personal data, safe errors.

Every kampungkb model derives from :class:`KampungKBModel`:

* ``extra="forbid"`` — an unknown field is an error, not silently dropped;
* ``frozen=True`` — records are immutable values (use ``model_copy(update=...)``);
* coded fields hold :class:`~kampungkb.models.LabelledEnum` members (``use_enum_values`` is
  off) — they are ``str`` subclasses, compare equal to their codes and dump as codes in JSON;
* personal fields (NIK, KK number, names) are masked in ``repr``/``str``;
* a :class:`pydantic.ValidationError` never carries raw personal data: inputs are hidden in
  its text (``hide_input_in_errors``) and personal values are masked in ``errors()`` and
  ``json()`` as well.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, JsonValue, StringConstraints, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from kampungkb.models._identity import _IdentityNumber

__all__ = ["PERSONAL_MASK", "Identifier", "KampungKBModel", "column_info"]

#: What a personal value is replaced with in ``repr`` and in validation errors.
PERSONAL_MASK = "<hidden>"

#: A record identifier: non-empty text (a source id or a keyed pseudonym).
Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_KNOWN_ERROR_TYPES = frozenset(get_args(ErrorType))
_SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
#: Error types whose input is a whole record given in the wrong shape.
_RECORD_TYPES = frozenset({"model_type", "model_attributes_type", "dataclass_type",
                           "dict_type", "mapping_type"})
#: Field names that are personal in at least one model (masked in error inputs everywhere).
_PERSONAL_NAMES: set[str] = set()


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


def _mask(value: Any) -> Any:
    if isinstance(value, _IdentityNumber):
        return value.masked()
    if isinstance(value, BaseModel):
        return repr(value)
    if isinstance(value, Mapping):
        return {
            k: (PERSONAL_MASK if k in _PERSONAL_NAMES and v is not None else _mask(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_mask(v) for v in value]
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode("utf-8", "replace")
    if isinstance(value, int | float) and not isinstance(value, bool):
        # a NIK or KK number read as a number (a spreadsheet cell), e.g. 1901015203850001
        return PERSONAL_MASK if _SIXTEEN_DIGITS.search(f"{value:f}") else value
    return _SIXTEEN_DIGITS.sub(PERSONAL_MASK, value) if isinstance(value, str) else value


def _sanitise(
    exc: ValidationError, input_type: Literal["python", "json"] = "python"
) -> ValidationError:
    """A copy of ``exc`` whose inputs carry no personal data."""
    details: list[InitErrorDetails] = []
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        personal_loc = any(isinstance(p, str) and p in _PERSONAL_NAMES for p in loc)
        # a whole record of the wrong shape (a row as a list, say): its fields are unnamed,
        # so a name in it could not be told from other text
        whole = not loc or (err["type"] in _RECORD_TYPES and len(loc) <= 1)
        hidden = personal_loc or whole or err["type"].startswith("json_")
        masked = PERSONAL_MASK if hidden else _mask(err["input"])
        ctx = err.get("ctx")
        if err["type"] in _KNOWN_ERROR_TYPES and err["type"] not in {"value_error"}:
            detail: InitErrorDetails = {"type": err["type"], "loc": loc, "input": masked}
            if ctx:
                detail["ctx"] = ctx
        else:
            msg = err["msg"].replace("{", "(").replace("}", ")")
            detail = {"type": PydanticCustomError(err["type"], msg), "loc": loc, "input": masked}
        details.append(detail)
    try:
        return ValidationError.from_exception_data(
            exc.title, details, input_type=input_type, hide_input=True
        )
    except (KeyError, TypeError, ValueError):  # pragma: no cover - defensive fallback
        plain: list[InitErrorDetails] = [
            {
                "type": PydanticCustomError(str(e["type"]), "invalid value"),
                "loc": e["loc"],
                "input": PERSONAL_MASK,
            }
            for e in exc.errors(include_url=False)
        ]
        return ValidationError.from_exception_data(exc.title, plain, hide_input=True)


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

    @classmethod
    def personal_fields(cls) -> frozenset[str]:
        """Names of the fields holding personal data (marked ``personal`` or NIK/KK typed)."""
        return _personal_fields(cls)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _sanitise(exc) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate a Python object (see :meth:`pydantic.BaseModel.model_validate`)."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise _sanitise(exc) from None

    @classmethod
    def model_validate_json(cls, json_data: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate JSON text (see :meth:`pydantic.BaseModel.model_validate_json`)."""
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as exc:
            raise _sanitise(exc, "json") from None

    @classmethod
    def model_validate_strings(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate string values (see :meth:`pydantic.BaseModel.model_validate_strings`)."""
        try:
            return super().model_validate_strings(obj, *args, **kwargs)
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
