"""``kampungkb new-plugin NAME``: the scaffold installs, its tests pass, kampungkb lists it.

The end-to-end test does what a plugin author does, in a *new* virtual environment and
offline: ``pip install -e`` the scaffold (no dependencies, no build isolation: the current
environment's packages — kampungkb, pytest, hatchling — are made visible with a ``.pth``
file), run its ``pytest``, then ``kampungkb sets``.
"""

from __future__ import annotations

import importlib.util
import os
import site
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from kampungkb.cli import main
from kampungkb.cli._demo import demo_periods
from kampungkb.cli._scaffold import plugin_names, scaffold_plugin
from kampungkb.errors import KampungKBError
from kampungkb.indicators import load_indicator_set

ROOT = Path(__file__).resolve().parents[1]


def test_names_follow_the_conventions() -> None:
    names = plugin_names("kampungkb-jawa-tengah", "2024")
    assert (names.name, names.dist, names.package, names.set_id) == (
        "jawa-tengah", "kampungkb-jawa-tengah", "kampungkb_jawa_tengah", "jawa_tengah")
    assert names.set_file == "jawa_tengah_2024.toml"
    assert plugin_names("Jateng").set_id == "jateng"


@pytest.mark.parametrize("bad", ["", "9lives", "jawa tengah", "jateng!", "-x", "a" * 41])
def test_bad_names_are_refused(bad: str) -> None:
    with pytest.raises(KampungKBError, match="not valid"):
        plugin_names(bad)


def test_bad_version_is_refused() -> None:
    with pytest.raises(KampungKBError, match="set version '20 24'"):
        plugin_names("jateng", "20 24")


def test_a_non_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(KampungKBError, match="already exists and is not empty"):
        scaffold_plugin("jateng", tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_the_scaffold_holds_every_kind_of_indicator(tmp_path: Path) -> None:
    written = scaffold_plugin("jateng", tmp_path / "out", set_version="2024")
    relative = sorted(str(p.relative_to(tmp_path / "out")) for p in written)
    assert relative == ["README.md", "pyproject.toml", "src/kampungkb_jateng/__init__.py",
                        "src/kampungkb_jateng/plugin.py", "src/kampungkb_jateng/py.typed",
                        "src/kampungkb_jateng/sets/jateng_2024.toml", "tests/test_jateng.py"]
    for path in written:
        assert "{{" not in path.read_text(encoding="utf-8"), path
    project = tomllib.loads((tmp_path / "out" / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "kampungkb-jateng"
    assert project["project"]["entry-points"]["kampungkb"] == {"jateng": "kampungkb_jateng.plugin"}
    iset = load_indicator_set(tmp_path / "out" / "src/kampungkb_jateng/sets/jateng_2024.toml")
    assert iset.key == "jateng@2024"
    kinds = {i.kind for i in iset.indicators}
    assert kinds == {"ratio", "count", "presence", "composite"}
    assert any(i.target for i in iset.indicators if i.kind == "ratio")
    components = iset.indicator("kb_services").components
    assert all(iset.indicator(c).parent == "kb_services" for c in components)
    assert any(m.by for m in iset.measures)  # a disaggregated ratio
    assert any(m.filter for m in iset.measures)  # custom measures


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "kampungkb-jateng"
    assert main(["new-plugin", "jateng", "--dir", str(target), "--set-version", "2024",
                 "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Plugin kampungkb-jateng written to" in out
    assert "kampungkb demo --set jateng" in out
    assert main(["new-plugin", "jateng", "--dir", str(target)]) == 2
    assert "sudah ada dan tidak kosong" in capsys.readouterr().err


def _run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env,  # noqa: S603 - fixed arguments
                          cwd=cwd, check=False, timeout=300)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _fresh_venv(where: Path) -> Path:
    """A new virtual environment that sees this one's packages after its own."""
    _run(sys.executable, "-m", "venv", "--without-pip", where)
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                   .strip())
    parents = [sysconfig.get_path("purelib"), *site.getsitepackages()]
    lines = [f"import site; site.addsitedir({p!r})" for p in dict.fromkeys(parents)]
    (purelib / "_kampungkb_parent_env.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return python


@pytest.mark.slow  # about 20 s; runs in the normal suite
def test_fresh_scaffold_installs_passes_its_tests_and_is_listed(tmp_path: Path) -> None:
    """Under a minute: venv ~1 s, editable install ~2 s, the scaffold's pytest ~15 s."""
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling (the scaffold's build backend) is not installed: "
                    "pip install 'kampungkb[test]'")
    plugin = tmp_path / "kampungkb-jateng"
    scaffold_plugin("jateng", plugin, set_version="2024")
    python = _fresh_venv(tmp_path / "venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAMPUNGKB_", "PYTHON"))}
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
         "--no-build-isolation", "--no-index", "-e", plugin, env=env)

    tested = _run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=plugin, env=env)
    assert " passed" in tested
    assert "failed" not in tested

    listed = _run(python, "-m", "kampungkb.cli", "sets", "--lang", "en", cwd=tmp_path, env=env)
    row = next(line for line in listed.splitlines() if line.startswith("jateng@2024"))
    assert "kampungkb-jateng" in row
    # The entry point comes from the editable install in the new environment.
    where = _run(python, "-c", "import kampungkb_jateng; print(kampungkb_jateng.__file__)",
                 cwd=tmp_path, env=env)
    assert Path(where.strip()).resolve().is_relative_to(plugin.resolve())


# -- any installed set on the demo data: demo --set, evaluate --demo ---------------------------


def test_demo_set_evaluates_another_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--set", "sdg", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Indicator set: sdg@2024" in out
    assert "2017 (baseline) → 2019 (follow-up)" in out
    assert "19.01.01.2091" in out  # the seed village's scorecard, as without --set


def test_demo_without_set_still_pins_cikar_2018(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--lang", "en"]) == 0
    assert "Indicator set: cikar@2018" in capsys.readouterr().out


def test_evaluate_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--demo", "--set", "sdg@2024", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Indicator set: sdg@2024" in out
    assert "Data source: demo (kampungkb.demo)" in out


@pytest.mark.parametrize(("argv", "says"), [
    (["evaluate", "--lang", "en"], "give a data PATH"),
    (["evaluate", "data", "--demo", "--lang", "en"], "not both"),
    (["evaluate", "data", "--lang", "en"], "--baseline and --followup are required"),
    (["evaluate", "--lang", "id"], "berikan JALUR data"),
])
def test_evaluate_needs_a_path_or_demo(argv: list[str], says: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert says in capsys.readouterr().err


@pytest.mark.parametrize(("period_type", "periods"), [
    ("year", ("2017", "2019")), ("quarter", ("2017-Q4", "2019-Q4")),
    ("month", ("2017-12", "2019-12")),
])
def test_demo_periods_follow_the_period_type(period_type: str,
                                             periods: tuple[str, str]) -> None:
    iset = load_indicator_set(ROOT / "src/kampungkb/indicators/sets/sdg_2024.toml")
    assert demo_periods(iset.model_copy(update={"period_type": period_type})) == periods
