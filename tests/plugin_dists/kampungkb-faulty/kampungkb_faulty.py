"""A plugin that imports fine but whose hook raises (test fixture)."""

from __future__ import annotations

from kampungkb.plugins import ReaderSpec, hookimpl


@hookimpl
def kampungkb_register_readers() -> list[ReaderSpec]:
    raise RuntimeError("the regional reader's configuration file is missing")
