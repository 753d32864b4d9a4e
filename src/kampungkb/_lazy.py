"""Lazy package attributes (PEP 562), shared by :mod:`kampungkb` and :mod:`kampungkb.models`."""

from __future__ import annotations

import importlib
from collections.abc import Mapping, MutableMapping
from typing import Any


def lazy_attribute(
    namespace: MutableMapping[str, Any],
    name: str,
    where: Mapping[str, str],
    *,
    subpackages: bool = False,
) -> Any:
    """The value of ``name`` for the package whose globals are ``namespace``: imported from the
    module ``where`` names (or, with ``subpackages``, the subpackage of that name) and stored in
    ``namespace``, so later accesses do not come back here.

    Raises:
        AttributeError: the package has no such name (as for any missing attribute).
    """
    package = namespace["__name__"]
    module = where.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
    elif subpackages and not name.startswith("_"):
        try:
            value = importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{name}":
                raise
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
    else:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    namespace[name] = value
    return value
