"""kampungkb: typed models, indicator-set plugins and a columnar engine for Kampung KB.

The public facade.  Everything a user needs day to day is importable from here; the
documented subpackages (:mod:`kampungkb.models`, :mod:`kampungkb.indicators`,
:mod:`kampungkb.plugins`, :mod:`kampungkb.io`, :mod:`kampungkb.growth`, :mod:`kampungkb.report`,
:mod:`kampungkb.testing`, :mod:`kampungkb.demo`) hold the rest.  Importing kampungkb loads no
plugin and reads no file.

The facade is lazy (PEP 562): ``import kampungkb`` imports only the error classes; every other
name in ``__all__`` (and every documented subpackage, e.g. ``kampungkb.models``) is imported on
first access, so a script pays for what it uses — pydantic models, SQLGlot, the readers and the
report code are not part of ``import kampungkb`` (#12 point 5).  ``from kampungkb import X``
works for every name in ``__all__``; type checkers see the names through the imports below.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from kampungkb._lazy import lazy_attribute
from kampungkb.errors import (
    AmbiguousIndicatorSetError,
    DatasetError,
    DataValidationError,
    IndicatorDefinitionError,
    KampungKBError,
    KampungKBWarning,
    NoDataError,
    PluginConflictError,
    PluginError,
    PluginLoadError,
    ReaderError,
    RegionCodeError,
    UnknownIndicatorSetError,
)

if TYPE_CHECKING:
    from kampungkb.definitions import Definitions
    from kampungkb.engine import Dataset, Results, compute, parse_period
    from kampungkb.evaluate import Evaluation, evaluate
    from kampungkb.indicators import (
        CompositeRule,
        Indicator,
        IndicatorSet,
        Measure,
        Target,
    )
    from kampungkb.indicators._load import load_indicator_set
    from kampungkb.indicators._validate import validate_indicator_set
    from kampungkb.plugins import load_plugins  # also installs the loaded plugins as the default

#: Where each lazily imported public name lives.
_LAZY: dict[str, str] = {
    "Definitions": "kampungkb.definitions",
    "Dataset": "kampungkb.engine",
    "Results": "kampungkb.engine",
    "compute": "kampungkb.engine",
    "parse_period": "kampungkb.engine",
    "Evaluation": "kampungkb.evaluate",
    "evaluate": "kampungkb.evaluate",
    "CompositeRule": "kampungkb.indicators",
    "Indicator": "kampungkb.indicators",
    "IndicatorSet": "kampungkb.indicators",
    "Measure": "kampungkb.indicators",
    "Target": "kampungkb.indicators",
    "load_indicator_set": "kampungkb.indicators._load",
    "validate_indicator_set": "kampungkb.indicators._validate",
    "load_plugins": "kampungkb.plugins",
}


# Hidden from type checkers, so a misspelt name stays an error for them.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """Import a public name (or a subpackage, ``kampungkb.models``) on first access."""
        return lazy_attribute(globals(), name, _LAZY, subpackages=True)


class _Facade(types.ModuleType):
    """The package's module type: ``kampungkb.evaluate`` stays the function.

    Importing the subpackage :mod:`kampungkb.evaluate` makes Python set the package attribute
    of that name to the module; the eager facade used to overwrite it with the function right
    after.  The lazy one keeps the function (the subpackage stays in ``sys.modules``).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name == "evaluate" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Facade


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "0.1.0"

__all__ = [
    "AmbiguousIndicatorSetError",
    "CompositeRule",
    "DataValidationError",
    "Dataset",
    "DatasetError",
    "Definitions",
    "Evaluation",
    "Indicator",
    "IndicatorDefinitionError",
    "IndicatorSet",
    "KampungKBError",
    "KampungKBWarning",
    "Measure",
    "NoDataError",
    "PluginConflictError",
    "PluginError",
    "PluginLoadError",
    "ReaderError",
    "RegionCodeError",
    "Results",
    "Target",
    "UnknownIndicatorSetError",
    "__version__",
    "compute",
    "evaluate",
    "load_indicator_set",
    "load_plugins",
    "parse_period",
    "validate_indicator_set",
]
