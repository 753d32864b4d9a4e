"""Publishing: small-cell suppression for every output that leaves the office.

In-memory :class:`~kampungkb.Results` and :class:`~kampungkb.Evaluation` keep exact values for
internal use; :func:`publish_results` and :func:`publish_evaluation` make copies fit to publish,
with small cells hidden and flagged (``suppressed_small_count``, ``suppressed_secondary``).
The report renderers apply :data:`DEFAULT_POLICY` unless given another (or ``None``).
"""

from __future__ import annotations

from kampungkb.publish._policy import DEFAULT_POLICY, PERSON_TABLES, DisclosurePolicy
from kampungkb.publish._publish import (
    FLAG_PRIMARY,
    FLAG_SECONDARY,
    publish_evaluation,
    publish_results,
)
from kampungkb.publish._suppress import suppress_cells

__all__ = [
    "DEFAULT_POLICY",
    "FLAG_PRIMARY",
    "FLAG_SECONDARY",
    "PERSON_TABLES",
    "DisclosurePolicy",
    "publish_evaluation",
    "publish_results",
    "suppress_cells",
]
