"""Shared fixtures of the test suite."""

from __future__ import annotations

import importlib
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pytest

import kampungkb
from tests.backends_support import postgres, spark  # noqa: F401 - real servers (#16)

#: Fixture plugin distributions (see plugin_dists/README.md).
DISTS = Path(__file__).parent / "plugin_dists"
Install = Callable[..., Path]


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """Install fixture distributions from ``plugin_dists/`` into a site directory on sys.path.

    Writes what pip writes (the module and a ``*.dist-info`` folder with ``METADATA`` and
    ``entry_points.txt``), so ``importlib.metadata`` discovers the entry points for real.
    """
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    modules: list[str] = []

    def _install(*folders: str) -> Path:
        for folder in folders:
            source = DISTS / folder
            meta = (source / "METADATA").read_text(encoding="utf-8")
            name = re.search(r"^Name: (.+)$", meta, re.MULTILINE)
            version = re.search(r"^Version: (.+)$", meta, re.MULTILINE)
            assert name
            assert version
            dist_info = site / f"{name[1].replace('-', '_')}-{version[1]}.dist-info"
            dist_info.mkdir()
            for file in ("METADATA", "entry_points.txt"):
                shutil.copy(source / file, dist_info / file)
            for module in source.glob("*.py"):
                shutil.copy(module, site / module.name)
                modules.append(module.stem)
        importlib.invalidate_caches()
        return site

    yield _install
    for module_name in modules:
        sys.modules.pop(module_name, None)


@pytest.fixture(scope="session")
def demo_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the demo's tables, one ``<table>.parquet`` each (read-only: shared)."""
    import pyarrow.parquet as pq  # noqa: PLC0415

    from kampungkb.demo import generate_demo  # noqa: PLC0415

    out = tmp_path_factory.mktemp("demo-parquet")
    for name, table in generate_demo().items():
        pq.write_table(table, out / f"{name}.parquet")
    return out


@pytest.fixture(scope="session")
def national_hive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo as province 19 and again, its villages renamed, as province 13, hive-style:
    ``<table>/province=NN/part-0.parquet`` (read-only: shared)."""
    import pyarrow.parquet as pq  # noqa: PLC0415

    from kampungkb.demo import generate_demo  # noqa: PLC0415

    root = tmp_path_factory.mktemp("national-hive")
    for name, table in generate_demo().items():
        for province in ("19", "13"):
            folder = root / name / f"province={province}"
            folder.mkdir(parents=True)
            pq.write_table(moved_to_province(table, province), folder / "part-0.parquet")
    return root


def moved_to_province(table: pa.Table, province: str) -> pa.Table:
    """``table`` with its villages moved to another province (the codes' first two digits)."""
    import pyarrow.compute as pc  # noqa: PLC0415

    codes = table.column("village_code")
    moved = pc.binary_join_element_wise(pa.scalar(province), pc.utf8_slice_codeunits(codes, 2),
                                        "")
    return table.set_column(table.column_names.index("village_code"), "village_code", moved)


@pytest.fixture(scope="session")
def demo_ds(kampungkb_demo_dataset: kampungkb.Dataset) -> kampungkb.Dataset:
    """The testing kit's demo dataset (built once per session), under a short name."""
    return kampungkb_demo_dataset


@pytest.fixture(scope="session")
def demo_ev(kampungkb_demo_dataset: kampungkb.Dataset) -> kampungkb.Evaluation:
    """CIKAR 2017 → 2019 on the demo dataset (computed once per session)."""
    return kampungkb.evaluate(kampungkb_demo_dataset, "cikar", baseline="2017", followup="2019")

