"""pytest plugin for plugin authors (entry point ``pytest11``: ``kampungkb``).

pytest loads it in every project where kampungkb is installed, so this module imports nothing
but pytest: each fixture imports what it needs when a test first asks for it.

Fixtures:

``kampungkb_plugin_manager``
    A factory: ``kampungkb_plugin_manager(my_plugin, builtins=True)`` returns a new
    :class:`~kampungkb.plugins.PluginManager` holding the built-ins (unless
    ``builtins=False``) and exactly the plugins you name — modules, objects with
    ``@hookimpl`` functions, or importable module paths such as ``"kampungkb_contoh.plugin"``
    — never the other plugins installed in the environment.
``kampungkb_demo_tables``
    The demo data's canonical tables (``dict[str, pyarrow.Table]``), built once per session.
``kampungkb_demo_dataset``
    The demo :class:`~kampungkb.Dataset` (14 CIKAR villages, 2017 and 2019), built once per
    session.
``kampungkb_tiny_dataset``
    A new :class:`~kampungkb.Dataset` of three villages and six persons
    (:func:`kampungkb.testing.tiny_tables`), small enough to check results by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

__all__ = [
    "kampungkb_demo_dataset",
    "kampungkb_demo_tables",
    "kampungkb_plugin_manager",
    "kampungkb_tiny_dataset",
]


@pytest.fixture(scope="session")
def kampungkb_demo_tables() -> dict[str, Any]:
    """The demo data's canonical tables (built once per test session)."""
    from kampungkb.testing._data import demo_tables  # noqa: PLC0415 - lazy: see module doc

    return demo_tables()


@pytest.fixture(scope="session")
def kampungkb_demo_dataset(kampungkb_demo_tables: dict[str, Any]) -> Iterator[Any]:
    """The demo dataset (built once per test session)."""
    from kampungkb import Dataset  # noqa: PLC0415 - lazy: see module doc

    dataset = Dataset.from_tables(kampungkb_demo_tables, source="demo")
    yield dataset
    dataset.close()


@pytest.fixture
def kampungkb_tiny_dataset() -> Iterator[Any]:
    """A tiny dataset: three villages, six persons, 2017 and 2019."""
    from kampungkb import Dataset  # noqa: PLC0415 - lazy: see module doc
    from kampungkb.testing._data import tiny_tables  # noqa: PLC0415

    dataset = Dataset.from_tables(tiny_tables(), source="tiny")
    yield dataset
    dataset.close()


@pytest.fixture
def kampungkb_plugin_manager() -> Callable[..., Any]:
    """Factory for a plugin manager with the built-ins and only the plugins you name."""
    from kampungkb.testing._managers import plugin_manager  # noqa: PLC0415 - lazy

    return plugin_manager
