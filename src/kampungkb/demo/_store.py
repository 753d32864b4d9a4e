"""Storage of the demo panel: growable numpy columns for families and persons, and codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import numpy as np

from kampungkb.demo._util import AnyArray, BoolArray, IntArray, year_of

# family types
COUPLE, ELDER_COUPLE, WIDOW, SINGLE, ABSENT = 0, 1, 2, 3, 4
# person roles
HUSBAND, WIFE, CHILD, ELDER, LONE_HEAD = 0, 1, 2, 3, 4
#: relation codes, as in the contract
RELATIONS: tuple[str, ...] = (
    "head",
    "spouse",
    "child",
    "child_in_law",
    "grandchild",
    "parent",
    "parent_in_law",
    "other_relative",
    "other",
)
MARITAL: tuple[str, ...] = ("never_married", "married", "divorced", "widowed")
NEVER, MARRIED, DIVORCED, WIDOWED = 0, 1, 2, 3

# compact storage types keep a 1.5 M-person panel small
_I8, _I16 = np.dtype(np.int8), np.dtype(np.int16)
_I32, _F32 = np.dtype(np.int32), np.dtype(np.float32)
_FAMILY_FIELDS: dict[str, np.dtype[Any]] = {
    "village": _I32,
    "first": _I8,
    "last": _I8,
    "ftype": _I8,
    "poor": _F32,
}
_PERSON_FIELDS: dict[str, np.dtype[Any]] = {
    "family": _I32,
    "village": _I32,
    "first": _I8,
    "last": _I8,
    "sex": _I8,
    "birth": _I32,
    "role": _I8,
    "relation": _I8,
    "marital": _I8,
    "afm": _I16,
    "u_use": _F32,
    "u_male": _F32,
    "u_lt": _F32,
    "u_sub": _F32,
    "u_cert": _F32,
    "u_jkn": _F32,
    "byear": _I16,
}


class Columns:
    """Growable columnar store: ``store[name]`` is a writable view of the filled rows."""

    def __init__(self, fields: dict[str, np.dtype[Any]]) -> None:
        self._fields = fields
        self._data: dict[str, AnyArray] = {}
        self.size = 0

    def __getitem__(self, name: str) -> AnyArray:
        return self._data[name][: self.size]

    def __setitem__(self, name: str, value: AnyArray) -> None:
        self._data[name][: self.size] = value

    def __len__(self) -> int:
        return self.size

    def append(self, cols: dict[str, AnyArray]) -> IntArray:
        """Append rows (every field given); returns their indices."""
        n = len(cols["village"])
        start, end = self.size, self.size + n
        for name, dtype in self._fields.items():
            col = np.asarray(cols[name])
            buf = self._data.get(name)
            if buf is None or len(buf) < end:
                grown = np.empty(
                    max(end, (0 if buf is None else len(buf)) * 3 // 2, 1024), dtype=dtype
                )
                if buf is not None:
                    grown[:start] = buf[:start]
                self._data[name] = buf = grown
            buf[start:end] = col
        self.size = end
        out: IntArray = np.arange(start, end, dtype=np.int64)
        return out


@attrs.define
class Panel:
    """Columnar panel of families and persons (index = panel id)."""

    years: list[int]
    families: Columns = attrs.field(factory=lambda: Columns(_FAMILY_FIELDS))
    persons: Columns = attrs.field(factory=lambda: Columns(_PERSON_FIELDS))
    _cache: dict[str, IntArray] = attrs.field(factory=dict)

    def cached(self, name: str, compute: Callable[[], IntArray]) -> IntArray:
        """A derived array computed once (only once the panel is complete)."""
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]

    def add_families(self, **cols: AnyArray) -> IntArray:
        """Append families; returns their panel indices."""
        return self.families.append(cols)

    def add_persons(self, rng: np.random.Generator, **cols: AnyArray) -> IntArray:
        """Append persons (latent propensities drawn here); returns their panel indices."""
        n = len(cols["family"])
        cols["village"] = self.families["village"][cols["family"]]
        for name in ("u_use", "u_male", "u_lt", "u_sub", "u_cert", "u_jkn"):
            cols[name] = rng.random(n)
        cols.setdefault("last", np.full(n, len(self.years) - 1, dtype=np.int64))
        cols["byear"] = year_of(cols["birth"])
        return self.persons.append(cols)

    def age(self, t: int) -> IntArray:
        """Every person's completed age on 31 December of period ``t``'s year."""
        out: IntArray = self.years[t] - self.persons["byear"]
        return out

    def present(self, t: int) -> BoolArray:
        """Persons present in period ``t``."""
        p, f = self.persons, self.families
        fam = p["family"]
        out: BoolArray = (p["first"] <= t) & (p["last"] >= t) & (f["last"][fam] >= t)
        return out

    def families_present(self, t: int) -> BoolArray:
        """Families present in period ``t``."""
        f = self.families
        out: BoolArray = (f["first"] <= t) & (f["last"] >= t)
        return out
