"""``kampungkb.cli.main`` called inside an application leaves the process as it found it:
argparse's messages (swapped while a command line in Bahasa Indonesia parses, found by a
review to stay Indonesian after calls from several threads) and the standard streams'
error handling."""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from kampungkb.cli import main


def test_main_from_many_threads_leaves_argparse_as_it_was() -> None:
    before = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    langs = ["id", "en"] * 16

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
            ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda lang: main(["--lang", lang, "--no-such-option"]), langs))
    assert set(codes) == {2}
    assert (argparse._, argparse.ngettext) == before  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(prog="host")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit):
        parser.parse_args(["--nope"])
    assert "unrecognized arguments" in err.getvalue()


def test_usage_errors_stay_in_each_caller_s_language_across_threads() -> None:
    err = io.StringIO()  # one capture for all (redirecting is process-wide)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err), \
            ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda lang: main(["--lang", lang, "--no-such-option"]),
                              ["id", "en"] * 8))
    assert set(codes) == {2}
    text = err.getvalue()
    assert text.count("kampungkb: galat:") == 8, text
    assert text.count("kampungkb: error:") == 8, text


def test_main_restores_the_streams_error_handling(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
    monkeypatch.setattr(sys, "stdout", stream)
    assert main(["sets"]) == 0
    assert stream.errors == "strict"
