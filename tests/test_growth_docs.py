"""docs/growth.md: the example runs and prints what the page says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "growth.md"


@pytest.mark.skipif(not DOC.is_file(), reason="docs not available")
def test_growth_doc_example_runs_and_matches() -> None:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```\{code-block\} python\n(.*?)```", text, flags=re.S)
    assert blocks
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(blocks[0], str(DOC), "exec"), {})  # noqa: S102 - our own documentation
    printed = out.getvalue()
    assert "-3.29" in printed
    for value in ("-1.31", "-1.75", "'severely_stunted', 'normal', 'normal'", "-2.67", "0.56"):
        assert value in printed
        assert value in blocks[0]  # the comments on the page show the same numbers
