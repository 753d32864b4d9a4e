"""The built-in readers, registered through the same hook a province's plugin uses."""

from __future__ import annotations

# The readers are declared in kampungkb.plugins.builtin_readers (which imports nothing of
# kampungkb.io until a reader is called); this module keeps the old import path working.
from kampungkb.plugins.builtin_readers import BUILTIN_READERS, kampungkb_register_readers

__all__ = ["BUILTIN_READERS", "kampungkb_register_readers"]
