"""The disclosure policy: which cells published outputs hide, and why."""

from __future__ import annotations

import attrs

__all__ = ["DEFAULT_POLICY", "PERSON_TABLES", "DisclosurePolicy"]

#: Tables whose rows are people (or families, or events that happened to people): an indicator
#: whose numerator counts rows of these tables counts people, and its small cells are hidden.
PERSON_TABLES: frozenset[str] = frozenset({
    "persons", "families", "marriages", "violence_cases", "violence_victims",
    "child_measurements", "monthly_reports",
})


def _check_min_count(_instance: object, _attribute: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 2:
        raise ValueError(f"min_count must be a whole number of at least 2, not {value!r}")


@attrs.frozen
class DisclosurePolicy:
    """Small-cell suppression for published outputs.

    Attributes:
        min_count: the smallest count of people a published cell may rest on. A cell whose
            numerator, denominator or complement (denominator − numerator) is between 1 and
            ``min_count − 1`` is hidden (*primary* suppression), and further cells are hidden
            so that no hidden cell can be recovered by subtraction (*secondary*). The default,
            5 (counts of 1–4 hidden), is the common "fewer than five" rule of public-health
            small-numbers policies (Wisconsin suppresses counts under 5, Maine under 6, as
            tabulated in https://pmc.ncbi.nlm.nih.gov/articles/PMC6190570/; CDC WONDER hides
            any statistic resting on fewer than 10 observations,
            https://pmc.ncbi.nlm.nih.gov/articles/PMC4103252).  Set your office's own rule.
        person_tables: tables whose rows are people; only indicators counting rows of these
            tables are suppressed.
    """

    min_count: int = attrs.field(default=5, validator=_check_min_count)
    person_tables: frozenset[str] = attrs.field(default=PERSON_TABLES, converter=frozenset)


#: The policy published outputs use unless told otherwise.
DEFAULT_POLICY = DisclosurePolicy()
