"""The testing kit for plugin authors: fixtures, Hypothesis strategies, a conformance check.

* :func:`check_indicator_set` — run it in your plugin's tests; it raises ``AssertionError``
  listing every way your indicator set breaks kampungkb's rules.
* :func:`plugin_manager` — a plugin manager holding the built-ins and exactly your plugins.
* :func:`demo_tables`, :func:`tiny_tables` — ready-made canonical tables; :func:`make_dataset`
  builds a dataset with your plugin's extra columns.
* :mod:`kampungkb.testing.strategies` — Hypothesis strategies for the canonical tables
  (needs ``pip install "kampungkb[test]"``).
* :mod:`kampungkb.testing.pytest_plugin` — the fixtures ``kampungkb_plugin_manager``,
  ``kampungkb_demo_tables``, ``kampungkb_demo_dataset`` and ``kampungkb_tiny_dataset``;
  pytest loads it automatically (entry point ``pytest11``) wherever kampungkb is installed.

Importing this package is cheap: every name is imported on first use, because pytest imports
the package at start-up in every project that has kampungkb installed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kampungkb.testing._conformance import DEFAULT_PERIODS, check_indicator_set, label_problems
    from kampungkb.testing._data import TINY_VILLAGES, demo_tables, make_dataset, tiny_tables
    from kampungkb.testing._managers import plugin_manager
    from kampungkb.testing._result_checks import result_problems

__all__ = [
    "DEFAULT_PERIODS",
    "TINY_VILLAGES",
    "check_indicator_set",
    "demo_tables",
    "label_problems",
    "make_dataset",
    "plugin_manager",
    "result_problems",
    "tiny_tables",
]

_WHERE = {
    "DEFAULT_PERIODS": "_conformance",
    "check_indicator_set": "_conformance",
    "label_problems": "_conformance",
    "TINY_VILLAGES": "_data",
    "demo_tables": "_data",
    "tiny_tables": "_data",
    "make_dataset": "_data",
    "plugin_manager": "_managers",
    "result_problems": "_result_checks",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'kampungkb.testing' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"kampungkb.testing.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
