"""pytest plugin for plugin authors (entry point ``pytest11``: ``kampungkb``).

Fixtures:

``kampungkb_demo_dataset``
    The demo :class:`~kampungkb.Dataset` (14 CIKAR villages, 2017 and 2019), built once per
    session.
``kampungkb_plugin_manager``
    A factory: ``kampungkb_plugin_manager(my_plugin_module, builtins=True)`` returns a
    :class:`~kampungkb.plugins.PluginManager` holding only the built-ins and the plugins you
    name — never the other plugins installed in the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

__all__ = ["kampungkb_demo_dataset", "kampungkb_plugin_manager"]


@pytest.fixture(scope="session")
def kampungkb_demo_dataset() -> Any:
    """The demo dataset (built once per test session)."""
    from kampungkb import Dataset  # noqa: PLC0415 - import only when the fixture is used
    from kampungkb.demo import generate_demo  # noqa: PLC0415

    return Dataset.from_tables(generate_demo())


@pytest.fixture
def kampungkb_plugin_manager() -> Callable[..., Any]:
    """Factory for a plugin manager with only the plugins you name."""
    from kampungkb.plugins import load_plugins  # noqa: PLC0415

    def make(*plugins: object, builtins: bool = True) -> Any:
        return load_plugins(builtins=builtins, entry_points=False, extra=plugins)

    return make
