"""BPS ↔ Kemendagri codes: kampungkb ships no table; convert with one the user supplies."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pyarrow as pa

from kampungkb.errors import RegionCodeError
from kampungkb.models._regions import RegionCode, bps_village_message, looks_like_bps_village
from kampungkb.regions._errors import code_at_line

__all__ = ["BpsConverter", "bps_converter", "bps_message"]


def bps_message(code: str) -> str | None:
    """If ``code`` looks like a BPS village code, the message saying so (Bahasa Indonesia and
    English on two lines; the same words as the io rule ``bps_village_code``); else None."""
    if not looks_like_bps_village(code):
        return None
    return "\n".join(bps_village_message(code))


def _digits(code: str) -> str:
    return "".join(ch for ch in str(code).strip() if ch.isdigit())


class BpsConverter:
    """Converts BPS codes to Kemendagri codes with a table the user supplies.

    Keys are BPS codes as digits (dots and spaces ignored); values are dotted Kemendagri codes.
    Call it on one code or on an Arrow array / list; an unknown BPS code raises
    :class:`~kampungkb.errors.RegionCodeError` (or maps to ``None`` with ``missing="null"``).
    """

    def __init__(self, table: Mapping[str, str], *, source: str = "") -> None:
        self.source = source
        self._map: dict[str, str] = {}
        for bps, kemendagri in table.items():
            key = _digits(bps)
            if not key:
                if source:
                    raise RegionCodeError.of("regions.bps_empty_in", source=source)
                raise RegionCodeError.of("regions.bps_empty")
            self._map[key] = str(RegionCode(kemendagri))

    def __len__(self) -> int:
        return len(self._map)

    def __repr__(self) -> str:
        return f"BpsConverter({len(self)} codes{', ' + self.source if self.source else ''})"

    def __call__(self, code: str) -> str:
        """The Kemendagri code of one BPS code."""
        try:
            return self._map[_digits(code)]
        except KeyError:
            key = "regions.bps_unknown_in" if self.source else "regions.bps_unknown"
            raise RegionCodeError.of(key, code=str(code)[:20], source=self.source) from None

    def convert(self, codes: Iterable[str | None] | pa.Array | pa.ChunkedArray, *,
                missing: str = "error") -> pa.Array:
        """Convert many codes (nulls stay null).

        Args:
            missing: ``"error"`` raises on the first unknown code; ``"null"`` maps it to null;
                ``"keep"`` leaves it as it was.
        """
        if missing not in ("error", "null", "keep"):
            raise ValueError(f"missing must be 'error', 'null' or 'keep', not {missing!r}")
        values = (codes.cast(pa.string()).to_pylist()
                  if isinstance(codes, pa.Array | pa.ChunkedArray) else list(codes))
        out: list[str | None] = []
        for v in values:
            if v is None:
                out.append(None)
                continue
            got = self._map.get(_digits(v))
            if got is None:
                if missing == "error":
                    self(v)
                got = None if missing == "null" else str(v)
            out.append(got)
        return pa.array(out, pa.string())

    def as_function(self) -> Callable[[str], str]:
        """The converter as a plain function of one code."""
        return self.__call__


def bps_converter(source: str | Path | Mapping[str, str]) -> BpsConverter:
    """A :class:`BpsConverter` from a CSV file with the header ``bps_code,kemendagri_code``
    (UTF-8; codes dotted or not) or from a ``{bps: kemendagri}`` mapping.

    kampungkb ships no BPS ↔ Kemendagri table: the two schemes number some regencies
    differently (BPS 1903 is Bangka Barat, Kemendagri 19.03 Bangka Selatan) and villages
    with 3 digits (BPS) or 4 (Kemendagri).

    Raises:
        RegionCodeError: a missing header, an empty BPS code, a malformed Kemendagri code, a
            BPS code given twice with different targets; the message names the line.
    """
    if isinstance(source, Mapping):
        return BpsConverter(source)
    path = Path(source)
    table: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "bps_code" not in fields or "kemendagri_code" not in fields:
            raise RegionCodeError.of("regions.bps_header", file=path.name)
        for line, row in enumerate(reader, start=2):
            clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            bps, kem = clean["bps_code"], clean["kemendagri_code"]
            if not bps and not kem:
                continue
            try:
                target = str(RegionCode(kem))
            except RegionCodeError as exc:
                raise code_at_line(exc, path.name, line) from None
            key = _digits(bps)
            if not key:
                raise RegionCodeError.of("regions.bps_empty_at", file=path.name, line=line)
            if key in table and table[key] != target:
                raise RegionCodeError.of(
                    "regions.bps_twice",
                    file=path.name,
                    line=line,
                    code=bps[:20],
                    first=table[key],
                    second=target,
                )
            table[key] = target
    return BpsConverter(table, source=path.name)
