"""``import kampungkb``, a first compute and an evaluation import neither pandas nor openpyxl
(#12 point 5), with or without child measurements: their WHO z-scores are computed in SQL
inside the engine (kampungkb.growth._sql), not with NumPy arrays turned into Arrow (which
imports pandas whenever it is installed).  Nor SQLGlot and the pydantic record models: the
packaged sets' SQL is checked when the library is built (kampungkb.indicators._prechecked) and
the table schemas come from their generated literal (kampungkb.models._canonical).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kampungkb.demo import generate_demo

CHECK = """
import sys
import kampungkb
after_import = sorted(m for m in ("pandas", "openpyxl") if m in sys.modules)
ds = kampungkb.Dataset.from_folder(sys.argv[1])
kampungkb.compute(ds, "cikar@2018", ["2017", "2019"])
kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019")
after_compute = sorted(m for m in ("pandas", "openpyxl", "kampungkb.io", "kampungkb.report",
                                  "sqlglot", "kampungkb.models.tables", "pyarrow.compute")
                       if m in sys.modules)
print(after_import, after_compute)
"""

#: What ``import kampungkb`` alone must not import (the facade is lazy, PEP 562).
HEAVY = ("pandas", "openpyxl", "numpy", "pydantic", "sqlglot", "duckdb", "pyarrow", "pluggy",
         "kampungkb.models", "kampungkb.engine", "kampungkb.definitions", "kampungkb.io",
         "kampungkb.report", "kampungkb.plugins")


def _python(code: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (ours), its output as text."""
    return subprocess.run([sys.executable, "-c", code, *args], check=check,  # noqa: S603 - ours
                          capture_output=True, text=True)


@pytest.mark.parametrize("with_children", [False, True])
def test_import_and_first_compute_stay_light(tmp_path: Path, with_children: bool) -> None:
    for name, table in generate_demo().items():
        if with_children or name != "child_measurements":
            pq.write_table(table, tmp_path / f"{name}.parquet")
    out = _python(CHECK, str(tmp_path))
    assert out.stdout.strip() == "[] []"


def test_results_and_scorecard_helpers_work_in_a_fresh_process(tmp_path: Path) -> None:
    # pyarrow.compute is imported on use: every helper must import it itself
    for name, table in generate_demo().items():
        pq.write_table(table, tmp_path / f"{name}.parquet")
    code = """
import sys
import kampungkb
ds = kampungkb.Dataset.from_folder(sys.argv[1])
ev = kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019")
village = ev.summary["region_code"][0].as_py()
print(ev.village(village).num_rows > 0, ev.level("village").num_rows > 0,
      ev.funnel("cpr").num_rows >= 0, ev.results.totals().num_rows > 0,
      ev.results.value("cpr", village, "2019") is not None)
"""
    out = _python(code, str(tmp_path))
    assert out.stdout.split() == ["True"] * 5, out.stderr


def test_command_line_evaluation_imports_no_sqlglot(tmp_path: Path) -> None:
    # the command line asks kampungkb.backends whether --engine was given; without one,
    # neither SQLGlot nor the remote renderers are imported
    data = tmp_path / "data"
    data.mkdir()
    for name, table in generate_demo().items():
        pq.write_table(table, data / f"{name}.parquet")
    code = """
import sys
from kampungkb.cli import main
code = main(["evaluate", sys.argv[1], "--set", "cikar@2018", "--baseline", "2017",
             "--followup", "2019", "--exact", "-o", sys.argv[2], "--format", "json"])
assert code == 0, code
print(sorted(m for m in ("sqlglot", "kampungkb.backends._render") if m in sys.modules))
"""
    out = _python(code, str(data), str(tmp_path / "out.json"))
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


def test_import_kampungkb_alone_is_light() -> None:
    code = f"import sys, kampungkb; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = _python(code)
    assert out.stdout.strip() == "[]"


def test_every_public_name_still_imports() -> None:
    code = ("import kampungkb, typing; from kampungkb import *; "
            "missing = [n for n in kampungkb.__all__ if n not in globals()]; "
            "print(missing, kampungkb.Dataset.__module__, kampungkb.models.Person.__name__)")
    out = _python(code)
    assert out.stdout.split() == ["[]", "kampungkb.engine._dataset", "Person"]
    code = "import kampungkb.evaluate, kampungkb; print(callable(kampungkb.evaluate))"
    clash = _python(code)
    assert clash.stdout.strip() == "True"  # the function, as with the eager facade
    bad = _python("import kampungkb; kampungkb.no_such_name", check=False)
    assert "AttributeError" in bad.stderr


def test_growth_and_table_schemas_load_no_pydantic_model() -> None:
    """``kampungkb.models`` is lazy too: the WHO growth functions (and anything else reading a
    table schema's ``Column``) load no pydantic model; ``from kampungkb.models import X`` still
    works for every name it lists."""
    code = ("import sys; from kampungkb.growth import height_for_age; "
            "import kampungkb.models._schema; "
            "print(sorted(m for m in ('pydantic', 'kampungkb.models._family', 'sqlglot') "
            "if m in sys.modules))")
    out = _python(code)
    assert out.stdout.strip() == "[]"
    code = ("import kampungkb.models as m; from kampungkb.models import *; "
            "missing = [n for n in m.__all__ if n not in globals()]; "
            "print(missing, sorted(set(m.__all__) - set(dir(m))), m.Person.__module__)")
    out = _python(code)
    assert out.stdout.split() == ["[]", "[]", "kampungkb.models._family"]
    code = "import kampungkb.models as m; m.NotAModel"
    out = _python(code, check=False)
    assert out.returncode != 0
    assert "has no attribute 'NotAModel'" in out.stderr
