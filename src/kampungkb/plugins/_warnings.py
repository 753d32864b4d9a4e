"""Warnings issued by the plugin system."""

from __future__ import annotations

from kampungkb.errors import KampungKBWarning

__all__ = ["KampungKBPluginWarning"]


class KampungKBPluginWarning(KampungKBWarning):
    """A plugin was skipped or an environment setting names a plugin that is not installed.

    Issued instead of raising when ``KAMPUNGKB_SKIP_BROKEN_PLUGINS=1`` is set.
    """
