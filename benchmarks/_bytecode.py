"""Compile kampungkb's modules to bytecode before timing fresh processes.

A cold run is meant to cost what a script or the CLI pays with kampungkb installed: ``pip
install`` leaves every module compiled.  A source checkout used in place (an editable
install) may lack the ``.pyc`` files, or hold stale ones — for instance under
``PYTHONDONTWRITEBYTECODE=1``, where Python never writes them — and then every fresh process
compiles the changed modules again (≈ 0.05–0.2 s, all of it counted as the library's).
"""

from __future__ import annotations

import compileall
import importlib.util
from pathlib import Path


def ensure_bytecode() -> str:
    """Compile the kampungkb package found on the path (not imported here); a line saying so."""
    spec = importlib.util.find_spec("kampungkb")
    if spec is None or not spec.submodule_search_locations:
        return "bytecode: kampungkb not found on the path"
    folder = Path(next(iter(spec.submodule_search_locations)))
    ok = compileall.compile_dir(folder, quiet=1)
    state = "up to date" if ok else "could not all be written (read-only?)"
    return f"bytecode: kampungkb's modules under {folder} compiled, {state}"
