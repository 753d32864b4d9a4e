"""The Python examples of docs/publishing.md run and print what their comments say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "publishing.md"


def test_publishing_page_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) >= 4
    namespace: dict[str, object] = {"__name__": "publishing_example"}
    expected: list[str] = []
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 - our own docs
        expected += [line.removeprefix("# ") for line in block.splitlines()
                     if line.startswith("# ") and not line.startswith("# …")]
    printed = capsys.readouterr().out.splitlines()
    assert printed == expected
