"""Identity numbers: NIK (Nomor Induk Kependudukan) and the family card number (No. KK).

Both are **personal data** (UU 27/2022).  Their ``str`` and ``repr`` show only the province
code and mask the rest; the digits are available only through an explicit :meth:`reveal`.
When they fail validation, the error names what is expected and never echoes the value.

Layout (16 digits):

* NIK: district of first issue ``PPKKCC`` (6) + birth date ``DDMMYY`` with **DD + 40 for
  women** + serial (4).  The region prefix need not exist in today's region list (old codes
  stay in old numbers) and the century of ``YY`` is ambiguous.
* No. KK: district ``PPKKCC`` (6) + issue date ``DDMMYY`` (no + 40) + serial (4).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any, ClassVar, Self

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from kampungkb.models._enums import Sex
from kampungkb.models._regions import RegionCode

__all__ = ["NIK", "KKNumber", "MaskedValue"]

_DIGITS16 = re.compile(r"^\d{16}$")
_SEPARATORS = re.compile(r"[\s.\-]")


class MaskedValue(str):
    """Placeholder that stands in for a rejected personal value in validation errors.

    Its text is ``"<hidden>"``; ``reason`` says what was wrong without quoting the value.
    """

    reason: str

    def __new__(cls, reason: str) -> Self:
        obj = super().__new__(cls, "<hidden>")
        obj.reason = reason
        return obj


def _resolve_century(day: int, month: int, yy: int, reference: date) -> date:
    """The latest date ``day/month/??yy`` that is not after ``reference``."""
    century = reference.year // 100 * 100
    for base in (century, century - 100, century - 200):
        year = base + yy
        if day > calendar.monthrange(year, month)[1]:
            continue  # 29 February in a non-leap year (e.g. 1900): try the century before
        candidate = date(year, month, day)
        if candidate <= reference:
            return candidate
    raise ValueError("no valid date for this number before the reference date")


class _IdentityNumber:
    """Shared behaviour of the 16-digit identity numbers (immutable, masked)."""

    __slots__ = ("_digits",)
    _digits: str

    #: Short name used in messages and ``repr``.
    kind: ClassVar[str] = "identity number"
    #: Whether the day of the encoded date carries + 40 for women.
    _female_offset: ClassVar[bool] = False
    #: What a valid value looks like (used in error messages and the JSON schema).
    expected: ClassVar[str] = ""

    def __init__(self, value: str | int) -> None:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise TypeError(f"{self.kind} must be text of 16 digits")
        text = _SEPARATORS.sub("", str(value))
        if not _DIGITS16.fullmatch(text):
            raise ValueError(f"{self.kind} must be exactly 16 digits")
        self._check(text)
        object.__setattr__(self, "_digits", text)

    @classmethod
    def _check(cls, text: str) -> None:
        if int(text[0:2]) < 11 or text[2:4] == "00" or text[4:6] == "00":
            raise ValueError(f"{cls.kind}: the first 6 digits must be a district code PPKKCC")
        day, month, yy = int(text[6:8]), int(text[8:10]), int(text[10:12])
        if cls._female_offset and day > 40:
            day -= 40
        if not 1 <= month <= 12:
            raise ValueError(f"{cls.kind}: digits 9–10 must be a month 01–12")
        leap_possible = yy % 4 == 0
        longest = 29 if month == 2 and leap_possible else calendar.monthrange(2001, month)[1]
        if not 1 <= day <= longest:
            hint = " (+ 40 for women)" if cls._female_offset else ""
            raise ValueError(f"{cls.kind}: digits 7–8 must be a valid day of the month{hint}")
        if text[12:16] == "0000":
            raise ValueError(f"{cls.kind}: the serial (last 4 digits) cannot be 0000")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    # -- masking -----------------------------------------------------------------------------

    def masked(self) -> str:
        """The province code followed by 14 asterisks, e.g. ``"19**************"``."""
        return self._digits[:2] + "*" * 14

    def __str__(self) -> str:
        return self.masked()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.masked()!r})"

    def __format__(self, spec: str) -> str:
        return format(self.masked(), spec)

    def reveal(self) -> str:
        """The raw 16 digits — personal data: handle with care, never log them."""
        return self._digits

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            return self._digits == other._digits
        return NotImplemented

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._digits))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._digits,))

    # -- parts -------------------------------------------------------------------------------

    @property
    def district_code(self) -> RegionCode:
        """District (kecamatan) code ``PP.KK.CC`` of first issue (may be an old code)."""
        d = self._digits
        return RegionCode(f"{d[0:2]}.{d[2:4]}.{d[4:6]}")

    @property
    def province_code(self) -> RegionCode:
        """Province code ``PP``."""
        return RegionCode(self._digits[0:2])

    @property
    def serial(self) -> str:
        """The last four digits."""
        return self._digits[12:16]

    def _date(self, reference: date | None) -> date:
        d = self._digits
        day, month, yy = int(d[6:8]), int(d[8:10]), int(d[10:12])
        if self._female_offset and day > 40:
            day -= 40
        return _resolve_century(day, month, yy, reference or date.today())

    # -- pydantic ----------------------------------------------------------------------------

    @classmethod
    def _parse_or_hide(cls, value: Any) -> Self | MaskedValue:
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except (TypeError, ValueError) as exc:
            return MaskedValue(str(exc))

    @classmethod
    def _raise_if_hidden(cls, value: Self | MaskedValue) -> Self:
        if isinstance(value, MaskedValue):
            reason = value.reason
            raise PydanticCustomError(
                f"{cls.__name__.lower()}_invalid",
                "{reason}; expected {expected}",
                {"reason": reason, "expected": cls.expected},
            )
        return value

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # Two steps so that the step that raises only ever sees a masked placeholder: pydantic
        # records the input of the failing validator in ``errors()`` and ``json()``.
        return core_schema.chain_schema(
            [
                core_schema.no_info_plain_validator_function(cls._parse_or_hide),
                core_schema.no_info_plain_validator_function(cls._raise_if_hidden),
            ],
            serialization=core_schema.plain_serializer_function_ser_schema(
                cls.reveal, when_used="json"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": cls._json_pattern(),
            "description": cls.expected,
            "personal": True,
        }

    @classmethod
    def _json_pattern(cls) -> str:
        """The 16 digits as far as a regular expression can check them (what :meth:`_check`
        does, but a day the month does not have, such as 31 February): district PPKKCC with
        province 11–99 and no part 00, day (+ 40 for women in a NIK), month, year, serial not
        0000."""
        part = "(0[1-9]|[1-9][0-9])"
        day = "(0[1-9]|[12][0-9]|3[01])"
        if cls._female_offset:
            day = "(0[1-9]|[12][0-9]|3[01]|4[1-9]|[56][0-9]|7[01])"
        serial = "([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
        return rf"^(1[1-9]|[2-9][0-9]){part}{part}{day}(0[1-9]|1[0-2])[0-9]{{2}}{serial}$"


class NIK(_IdentityNumber):
    """Nomor Induk Kependudukan: the 16-digit personal identity number (personal data).

    Example:
        >>> nik = NIK("1901015203850001")
        >>> nik, nik.sex.code, nik.birth_date(date(2020, 1, 1))
        (NIK('19**************'), 'f', datetime.date(1985, 3, 12))
    """

    __slots__ = ()
    kind: ClassVar[str] = "NIK"
    _female_offset: ClassVar[bool] = True
    expected: ClassVar[str] = (
        "16 digits: district code PPKKCC, birth date DDMMYY (day + 40 for women), serial (4)"
    )

    @classmethod
    def build(cls, district: str, birth_date: date, sex: Sex | str, serial: int) -> NIK:
        """Compose a NIK from its parts (handy for tests and synthetic data).

        Args:
            district: district code ``PP.KK.CC`` (dots optional).
            birth_date: date of birth (only ``DDMMYY`` is encoded).
            sex: ``"m"`` or ``"f"``; women get + 40 on the day.
            serial: 1–9999.
        """
        code = RegionCode(district).ancestor("district").digits
        day = birth_date.day + (40 if Sex(sex) is Sex.f else 0)
        return cls(f"{code}{day:02d}{birth_date:%m%y}{serial:04d}")

    @property
    def sex(self) -> Sex:
        """Sex encoded in the day of birth (day > 40 means female)."""
        return Sex.f if int(self._digits[6:8]) > 40 else Sex.m

    def birth_date(self, reference: date | None = None) -> date:
        """Date of birth: the latest date with these ``DDMMYY`` not after ``reference``.

        Args:
            reference: resolves the century (default: today); use the data's reference date
                so that results are reproducible.
        """
        return self._date(reference)


class KKNumber(_IdentityNumber):
    """Nomor Kartu Keluarga (No. KK): the 16-digit family card number (personal data)."""

    __slots__ = ()
    kind: ClassVar[str] = "KK number"
    expected: ClassVar[str] = "16 digits: district code PPKKCC, issue date DDMMYY, serial (4)"

    @classmethod
    def build(cls, district: str, issued_on: date, serial: int) -> KKNumber:
        """Compose a KK number from its parts (handy for tests and synthetic data)."""
        code = RegionCode(district).ancestor("district").digits
        return cls(f"{code}{issued_on:%d%m%y}{serial:04d}")

    def issue_date(self, reference: date | None = None) -> date:
        """Date of issue: the latest date with these ``DDMMYY`` not after ``reference``."""
        return self._date(reference)
