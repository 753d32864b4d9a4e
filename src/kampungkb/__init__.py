"""kampungkb: typed models, indicator-set plugins and a columnar engine for Kampung KB.

The public facade.  Everything a user needs day to day is importable from here; the
documented subpackages (:mod:`kampungkb.models`, :mod:`kampungkb.indicators`,
:mod:`kampungkb.plugins`, :mod:`kampungkb.io`, :mod:`kampungkb.growth`, :mod:`kampungkb.report`,
:mod:`kampungkb.testing`, :mod:`kampungkb.demo`) hold the rest.  Importing kampungkb loads no
plugin and reads no file.
"""

from __future__ import annotations

from kampungkb.definitions import Definitions
from kampungkb.engine import Dataset, Results, compute, parse_period
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
