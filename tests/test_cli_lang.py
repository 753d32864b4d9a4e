"""Indonesian throughout under ``--lang id``, English under ``--lang en`` (issue #13, point 4).

A test here fails when a user-visible text of the command line lacks either language: every
entry of the catalogues (:mod:`kampungkb.labels`, :mod:`kampungkb.cli._messages`) has both,
every help text of the parser has its Indonesian, and ``--help`` of every command under
``--lang id`` shows none of the English help texts nor argparse's English words.
"""

from __future__ import annotations

import argparse
import io
import re
import string
from contextlib import redirect_stderr, redirect_stdout

import pytest

from kampungkb import labels
from kampungkb.cli import EXIT_OK, EXIT_USER_ERROR, main
from kampungkb.cli._i18n import choose_lang, help_texts, translate_help
from kampungkb.cli._messages import _MESSAGES, ARGPARSE_ID, HELP_ID
from kampungkb.cli._parser import build_parser
from kampungkb.report._format import format_number, value_cell


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


CATALOGUES = {
    "labels._TEXT": labels._TEXT,
    "labels._LEVELS": {k: v[:2] for k, v in labels._LEVELS.items()},
    "labels._GROUPS": labels._GROUPS,
    "labels._KINDS": labels._KINDS,
    "labels._CHANGES": labels._CHANGES,
    "labels._DIRECTIONS": labels._DIRECTIONS,
    "labels._FLAGS": labels._FLAGS,
    "cli._messages._MESSAGES": _MESSAGES,
}


@pytest.mark.parametrize("name", list(CATALOGUES))
def test_every_catalogue_entry_has_both_languages(name: str) -> None:
    for key, pair in CATALOGUES[name].items():
        assert len(pair) >= 2, (name, key)
        id_text, en_text = pair[0], pair[1]
        assert id_text.strip(), (name, key)
        assert en_text.strip(), (name, key)
        assert _fields(id_text) == _fields(en_text), (name, key)


def test_every_help_text_has_its_indonesian() -> None:
    missing = [t for t in help_texts(build_parser()) if translate_help(t, "id") == t
               and t not in HELP_ID]
    assert not missing, f"add these to kampungkb.cli._messages.HELP_ID: {missing}"


ENGLISH_ARGPARSE = ("usage:", "options:", "positional arguments", "show this help",
                    "show program's version")


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return list(sub.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", [None, *_commands()])
def test_help_is_indonesian_under_lang_id(command: str | None) -> None:
    argv = ["--help"] if command is None else [command, "--help"]
    code, out, _ = run(*argv, "--lang", "id")
    assert code == EXIT_OK
    assert out.startswith("penggunaan: kampungkb")
    for word in ENGLISH_ARGPARSE:
        assert word not in out, word
    flat = " ".join(out.split())
    for english in help_texts(build_parser()):
        if len(english) > 12 and translate_help(english, "id") != english:
            assert " ".join(english.split()) not in flat, english


@pytest.mark.parametrize("command", [None, *_commands()])
def test_help_is_english_under_lang_en(command: str | None) -> None:
    argv = ["--help"] if command is None else [command, "--help"]
    code, out, _ = run("--lang", "en", *argv)
    assert code == EXIT_OK
    assert out.startswith("usage: kampungkb")
    assert "penggunaan" not in out
    assert "tampilkan bantuan" not in out


def test_usage_errors_are_indonesian() -> None:
    code, _, err = run("describe")
    assert code == EXIT_USER_ERROR
    assert "galat:" in err
    assert "argumen berikut wajib diisi" in err
    assert "error:" not in err
    assert "required" not in err
    code, _, err = run("demo", "--level", "planet")
    assert "pilihan tidak sah" in err
    code, _, err = run("nosuchcommand")
    assert "galat:" in err


def test_usage_errors_are_english_under_lang_en() -> None:
    code, _, err = run("--lang", "en", "describe")
    assert code == EXIT_USER_ERROR
    assert "error:" in err
    assert "the following arguments are required" in err


def test_argparse_messages_are_restored_after_a_run() -> None:
    run("sets", "--lang", "id")
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
    assert set(ARGPARSE_ID) >= {"usage: ", "%(prog)s: error: %(message)s\n"}


def test_lang_before_or_after_the_command_and_from_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, before, _ = run("--lang", "en", "schema", "villages")
    _, after, _ = run("schema", "villages", "--lang", "en")
    assert before == after
    assert "Column" in before
    monkeypatch.setenv("KAMPUNGKB_LANG", "en")
    _, env, _ = run("schema", "villages")
    assert env == before
    _, overridden, _ = run("schema", "villages", "--lang", "id")
    assert "Kolom" in overridden
    assert choose_lang(["--lang=id"]) == "id"
    monkeypatch.setenv("KAMPUNGKB_LANG", "xx")
    assert choose_lang([]) == "id"


def test_galat_messages_are_indonesian(tmp_path: object) -> None:
    code, _, err = run("evaluate", "/no/such/folder", "--baseline", "2017", "--followup", "2019")
    assert code == EXIT_USER_ERROR
    assert err.startswith("galat: berkas atau folder tidak ditemukan")
    code, _, err = run("demo", "--format", "nosuch")
    assert err.startswith("galat: format laporan tidak dikenal")


def test_numbers_follow_the_language() -> None:
    assert format_number(66.35, 2, "id") == "66,35"
    assert format_number(4420000, 0, "id") == "4.420.000"
    assert format_number(-1234.5, 2, "id") == "-1.234,5"
    assert format_number(4420000, 0, "en") == "4,420,000"
    assert format_number(4420000.5, 2) == "4420000.5"  # no language: plain
    cell = value_cell(66.35, kind="ratio", unit="%", decimals=2, flags=None,
                      level="village", lang="id")
    assert cell.text == "66,35 %"


def test_demo_prints_indonesian_numbers() -> None:
    _, out, _ = run("demo")
    assert re.search(r"66,35 %\s+67,3 %\s+\+0,95", out)
    _, out, _ = run("demo", "--lang", "en")
    assert re.search(r"66\.35 %\s+67\.3 %\s+\+0\.95", out)
