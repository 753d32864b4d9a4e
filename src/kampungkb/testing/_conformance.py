"""``check_indicator_set``: the conformance check every indicator-set plugin can run.

Static checks (definitions and labels) run first; then the set is computed on the demo data
(or your dataset) and on datasets drawn by :mod:`kampungkb.testing.strategies`, and each result
is checked against what must hold for *any* data (see :mod:`._result_checks`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from kampungkb.errors import IndicatorDefinitionError
from kampungkb.testing._result_checks import result_problems

if TYPE_CHECKING:
    from kampungkb.engine import Dataset
    from kampungkb.indicators import CheckedSet, IndicatorSet, Measure
    from kampungkb.models._schema import TableSchema
    from kampungkb.plugins import PluginManager

__all__ = ["DEFAULT_PERIODS", "check_indicator_set", "label_problems"]

#: Periods a set is computed for, by its ``period_type``, when none are given.
DEFAULT_PERIODS: dict[str, tuple[str, ...]] = {
    "year": ("2017", "2019"),
    "quarter": ("2019-Q2", "2019-Q4"),
    "month": ("2019-06", "2019-12"),
}
_MAX_LISTED = 40


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _labels(kind: str, item_id: str, label_id: str, label_en: str,
            same_labels: frozenset[str]) -> list[str]:
    problems = [f"{kind} {item_id!r}: {name} is empty"
                for name, value in (("label_id", label_id), ("label_en", label_en))
                if not value.strip()]
    if not problems and _normal(label_id) == _normal(label_en) and item_id not in same_labels:
        problems.append(
            f"{kind} {item_id!r}: label_id and label_en are both {label_en!r} (translate one, "
            f"or list {item_id!r} in same_labels= if it is a proper name or term of art)"
        )
    return problems


def label_problems(checked: CheckedSet, *, same_labels: Iterable[str] = ()) -> list[str]:
    """Labels in both languages for the set's title, every indicator and every measure it uses.

    A label that is empty (or only spaces) is a problem. Two labels that are the same text are a
    problem too (usually a missing translation), unless the item's id — or ``"title"`` for the
    set's title — is in ``same_labels`` (proper names and terms of art such as "Unmet need").
    """
    allowed = frozenset(same_labels)
    s = checked.indicator_set
    problems = _labels("set", "title", s.title_id, s.title_en, allowed)
    for ind in s.indicators:
        problems += _labels("indicator", ind.id, ind.label_id, ind.label_en, allowed)
    for mid, cm in sorted(checked.measures.items()):
        problems += _labels("measure", mid, cm.measure.label_id, cm.measure.label_en, allowed)
    return problems


def _fail(key: str, problems: Sequence[str]) -> None:
    listed = [f"  - {p}" for p in problems[:_MAX_LISTED]]
    if len(problems) > _MAX_LISTED:
        listed.append(f"  … and {len(problems) - _MAX_LISTED} more")
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    raise AssertionError(f"indicator set {key!r} does not conform ({count}):\n" + "\n".join(listed))


def _evaluate_problems(dataset: Dataset, iset: IndicatorSet, periods: Sequence[str],
                       shared: Mapping[str, Measure]) -> list[str]:
    """The set evaluates (targets, change and composite rules) without an error."""
    from kampungkb.engine._nodata import NoDataError  # noqa: PLC0415
    from kampungkb.evaluate import evaluate  # noqa: PLC0415 - heavy import, only when checking

    if len(periods) < 2:
        return []
    try:
        evaluate(dataset, iset, baseline=periods[0], followup=periods[-1],
                 shared_measures=dict(shared))
    except NoDataError:  # the data (e.g. a drawn dataset) lacks a period: not the set's fault
        return []
    except Exception as exc:  # any failure is a finding, reported with its type
        return [f"evaluate(baseline={periods[0]!r}, followup={periods[-1]!r}) raised "
                f"{type(exc).__name__}: {exc}"]
    return []


def _data_problems(dataset: Dataset, checked: CheckedSet, periods: Sequence[str],
                   shared: Mapping[str, Measure]) -> list[str]:
    from kampungkb.engine import compute  # noqa: PLC0415 - heavy import, only when checking
    from kampungkb.engine._nodata import NoDataError  # noqa: PLC0415

    try:
        results = compute(dataset, checked.indicator_set, periods, shared_measures=dict(shared))
    except NoDataError:  # the data holds none of the periods: nothing to check on it
        return []
    except Exception as exc:  # any failure is a finding, reported with its type
        return [f"compute raised {type(exc).__name__}: {exc}"]
    found = result_problems(results, checked)
    return found + _evaluate_problems(dataset, checked.indicator_set, periods, shared)


def _tables_needed(checked: CheckedSet) -> list[str]:
    names = {"villages"} | {cm.measure.table for cm in checked.measures.values()}
    if "persons" in names:
        names.add("families")
    if any(cm.report_sql for cm in checked.measures.values()):
        names.add("monthly_reports")
    return sorted(names)


def _generated(checked: CheckedSet, schemas: Mapping[str, TableSchema], periods: Sequence[str],
               shared: Mapping[str, Measure], examples: int) -> None:
    """Draw ``examples`` datasets with Hypothesis and fail on the first with problems."""
    try:
        from hypothesis import HealthCheck, Phase, given, settings  # noqa: PLC0415
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            f"check_indicator_set(examples={examples}) draws datasets with Hypothesis; "
            "install it with pip install 'kampungkb[test]', or pass examples=0",
            name="hypothesis",
        ) from exc
    from kampungkb.engine import Dataset  # noqa: PLC0415
    from kampungkb.testing.strategies import tables  # noqa: PLC0415

    key = checked.indicator_set.key
    strategy = tables(_tables_needed(checked), periods=periods, schemas=schemas)

    # Generation only: shrinking a failing dataset through DuckDB can take minutes, and every
    # problem is listed in the message anyway. derandomize makes the check reproducible.
    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(drawn: dict[str, Any]) -> None:
        dataset = Dataset(drawn, schemas=schemas, source="hypothesis")
        try:
            problems = _data_problems(dataset, checked, periods, shared)
        finally:
            dataset.close()
        if problems:
            rows = ", ".join(f"{k}={v.num_rows}" for k, v in drawn.items())
            _fail(key, [f"on generated data ({rows} rows): {p}" for p in problems])

    run()


def _as_dataset(dataset: Dataset | Mapping[str, Any] | Literal["demo"],
                schemas: Mapping[str, TableSchema]) -> tuple[Dataset, str, bool]:
    """The dataset to check on, its name in messages, and whether we opened it."""
    from kampungkb.engine import Dataset  # noqa: PLC0415

    if isinstance(dataset, Dataset):
        return dataset, dataset.source or "the given dataset", False
    if isinstance(dataset, str):
        if dataset != "demo":
            raise ValueError(f"dataset must be a Dataset, a mapping of tables or 'demo'; "
                             f"got {dataset!r}")
        from kampungkb.testing._data import demo_tables  # noqa: PLC0415

        return Dataset(demo_tables(), schemas=schemas, source="demo"), "the demo data", True
    converted = Dataset.from_tables(dataset, schemas=dict(schemas))
    return converted, "the given tables", True


def check_indicator_set(
    indicator_set: IndicatorSet | str,
    *,
    manager: PluginManager | None = None,
    dataset: Dataset | Mapping[str, Any] | Literal["demo"] | None = "demo",
    periods: Sequence[str] | None = None,
    examples: int = 10,
    same_labels: Iterable[str] = (),
) -> None:
    """Check that an indicator set conforms; raise ``AssertionError`` listing every problem.

    Checks, in order (a set whose definitions do not check stops after the first step):

    1. **Definitions** — :func:`~kampungkb.indicators.validate_indicator_set` with the
       manager's shared measures and table extensions (SQL filters, references, rules).
    2. **Labels** — the title, every indicator and every measure the set uses have a
       non-empty ``label_id`` and ``label_en`` that differ (see ``same_labels``).
    3. **Results** on ``dataset`` and on ``examples`` datasets drawn with Hypothesis: values
       finite; numerators and denominators ≥ 0 and whole numbers for counted measures;
       presence 0/1 per village and 0–100 above; every ratio equals
       ``round(numerator / denominator × factor, decimals)`` at every level; a ratio whose
       numerator filter narrows its denominator's (same table, every condition of the
       denominator also in the numerator) stays within ``[0, factor]``; roll-up — each
       district's, regency's and province's numerator, denominator and ``n`` equal the sums
       over its villages, for the totals and for each category of a disaggregated measure
       (``by``) separately; and, with two periods or more, ``evaluate`` runs.

    Args:
        indicator_set: the set, or its key (``"contoh@2025"``) or id, looked up in ``manager``.
        manager: the plugin manager that provides shared measures and table extensions
            (default: :func:`~kampungkb.plugins.get_plugin_manager`). In tests, use the
            ``kampungkb_plugin_manager`` fixture to hold only your plugin and the built-ins.
        dataset: the data to compute on: ``"demo"`` (the default; the demo villages), a
            :class:`~kampungkb.Dataset`, a mapping of canonical tables, or ``None`` for none.
        periods: the periods to compute (default by the set's ``period_type``: ``2017`` and
            ``2019`` for yearly sets).
        examples: how many generated datasets to check (``0`` for none; needs Hypothesis).
        same_labels: ids whose Indonesian and English labels may be the same text
            (``"title"`` for the set's title).

    Raises:
        AssertionError: the set does not conform; the message lists every problem found.
        ModuleNotFoundError: ``examples > 0`` and Hypothesis is not installed.
    """
    from kampungkb.engine._dataset import effective_schemas  # noqa: PLC0415 - heavy import
    from kampungkb.indicators import validate_indicator_set  # noqa: PLC0415
    from kampungkb.plugins import get_plugin_manager  # noqa: PLC0415

    manager = manager if manager is not None else get_plugin_manager()
    iset = (manager.get_indicator_set(indicator_set) if isinstance(indicator_set, str)
            else indicator_set)
    schemas = effective_schemas(manager)
    shared = manager.measures()
    try:
        checked = validate_indicator_set(iset, shared_measures=shared, schemas=schemas)
    except IndicatorDefinitionError as exc:
        _fail(iset.key, [f"definitions: {exc}"])
        raise  # pragma: no cover - _fail always raises
    problems = label_problems(checked, same_labels=same_labels)
    chosen = tuple(periods) if periods is not None else DEFAULT_PERIODS[iset.period_type]
    if dataset is not None:
        data, name, opened = _as_dataset(dataset, schemas)
        try:
            problems += [f"on {name}: {p}" for p in _data_problems(data, checked, chosen, shared)]
        finally:
            if opened:
                data.close()
    if problems:
        _fail(iset.key, problems)
    if examples > 0:
        _generated(checked, schemas, chosen, shared, examples)
