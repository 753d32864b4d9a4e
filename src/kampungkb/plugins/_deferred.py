"""Callables that import their implementation on first call.

The built-in reader and report-format plugins register with every dataset (plugins load on
first use), but reading an input file or rendering a report is rare on the path of
``Dataset.from_folder`` + ``evaluate``: importing :mod:`kampungkb.io` and
:mod:`kampungkb.report` there cost ≈ 50–60 ms of every cold start (#12 point 5).  A deferred
callable has the implementation's name, module and docstring in its metadata; the import
happens under Python's import lock, so concurrent first calls are safe.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["deferred"]


def deferred(module: str, name: str, doc: str) -> Callable[..., Any]:
    """A function that calls ``module.name`` with its arguments, importing ``module`` then.

    Args:
        module: dotted module path holding the implementation.
        name: the implementation's name in ``module``.
        doc: the docstring shown before the implementation is imported.
    """

    def call(*args: Any, **kwargs: Any) -> Any:
        implementation: Callable[..., Any] = getattr(importlib.import_module(module), name)
        return implementation(*args, **kwargs)

    call.__name__ = name
    call.__qualname__ = name
    call.__module__ = module
    call.__doc__ = doc
    return call
