"""The example plugin (examples/kampungkb-contoh) is found through its entry point.

The test installs the example into a *new* virtual environment and asks kampungkb there which
indicator sets it knows: ``contoh@2025`` must come from the entry point of the distribution
installed in that environment — nothing registers it by hand.
"""

from __future__ import annotations

import importlib.util
import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kampungkb-contoh"

PROBE = """
import json
from importlib import metadata
from kampungkb.plugins import load_plugins

pm = load_plugins()
ep = next(ep for ep in metadata.entry_points(group="kampungkb") if ep.name == "contoh")
info = next(i for i in pm.plugins() if i.name == "contoh")
print(json.dumps({
    "sets": sorted(pm.indicator_sets()),
    "entry_point": ep.value,
    "dist_path": str(ep.dist.locate_file("")) if ep.dist else None,
    "dist_files": [str(f) for f in (ep.dist.files or [])][:50] if ep.dist else [],
    "plugin": [info.kind, info.distribution, info.version, list(info.hooks)],
}))
"""


def _run(*args: str | Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env,  # noqa: S603 - fixed arguments
                          check=False, timeout=300)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_example_plugin_is_discovered_through_its_entry_point(tmp_path: Path) -> None:
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling (the example's build backend) is not installed here, and this "
                    "test does not download it: pip install hatchling, or "
                    "pip install 'kampungkb[test]' once it lists hatchling")
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                   .strip())
    # The new environment sees this one's packages (kampungkb, its dependencies, hatchling)
    # *after* its own, the way --system-site-packages would for a non-venv interpreter.
    parents = [sysconfig.get_path("purelib"), *site.getsitepackages()]
    lines = [f"import site; site.addsitedir({p!r})" for p in dict.fromkeys(parents)]
    (purelib / "_kampungkb_parent_env.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAMPUNGKB_", "PYTHON"))}
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
         "--no-build-isolation", "--no-index", EXAMPLE, env=env)

    found = json.loads(_run(python, "-c", PROBE, env=env))

    assert "contoh@2025" in found["sets"]
    assert "cikar@2018" in found["sets"]
    assert found["entry_point"] == "kampungkb_contoh.plugin"
    assert found["plugin"][:2] == ["entry point", "kampungkb-contoh"]
    assert set(found["plugin"][3]) == {"kampungkb_register_indicator_sets",
                                       "kampungkb_register_measures",
                                       "kampungkb_register_table_extensions"}
    # The entry point comes from the distribution installed in the new environment.
    assert Path(found["dist_path"]).resolve().is_relative_to(purelib.resolve())
