"""A plugin whose import fails (test fixture)."""

from __future__ import annotations

import kampungkb_dependency_that_is_not_installed  # noqa: F401
