"""Phrases: parts of a message that are words follow the message's language (issue 13, point 4)."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kampungkb.cli import main
from kampungkb.errors import Phrase, PluginLoadError
from kampungkb.plugins import reset_plugin_manager
from kampungkb.plugins._loading import Note


def _broken() -> Phrase:
    return Phrase("plugins.broken", plugin=Phrase("plugins.builtin", name="x"),
                  problem=Phrase("plugins.problem_import"), error="ImportError: y")


def test_a_phrase_field_is_rendered_in_the_messages_language() -> None:
    error = PluginLoadError.of(
        "plugins.broken_skip_hint", plugin=Phrase("plugins.builtin", name="x"),
        problem=Phrase("plugins.problem_import"), error="ImportError: y", env="ENV")
    assert error.message("id") == ("plugin bawaan 'x' gagal diimpor: ImportError: y; setel "
                                   "ENV=1 untuk melewatinya")
    assert error.message("en") == str(error) == ("built-in plugin 'x' failed to import: "
                                                 "ImportError: y; set ENV=1 to skip it")


@pytest.mark.parametrize("again", [copy.copy, copy.deepcopy,
                                   lambda o: pickle.loads(pickle.dumps(o))])  # noqa: S301
def test_phrases_and_notes_survive_copy_and_pickle(again: Callable[[object], object]) -> None:
    note = Note(_broken())
    copied = again(note)
    assert isinstance(copied, Note)
    assert copied == note == "built-in plugin 'x' failed to import: ImportError: y"
    assert copied.render("id") == "plugin bawaan 'x' gagal diimpor: ImportError: y"
    phrase = again(_broken())
    assert isinstance(phrase, Phrase)
    assert phrase.render("id") == note.render("id")


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("KAMPUNGKB_PLUGINS", "KAMPUNGKB_DISABLE_PLUGINS",
                 "KAMPUNGKB_SKIP_BROKEN_PLUGINS", "KAMPUNGKB_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    reset_plugin_manager()
    yield
    reset_plugin_manager()


@pytest.mark.usefixtures("fresh")
def test_a_conflict_note_and_its_warning_follow_lang(
    install: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    install("kampungkb-impostor")
    reset_plugin_manager()
    assert main(["sets", "--lang", "id"]) == 0
    out, err = capsys.readouterr()
    assert "setiap versi 'cikar' ditinggalkan, agar 'cikar' tidak diam-diam berarti set milik " \
        "plugin lain" in out
    assert err.startswith("peringatan: set indikator 'cikar@2018' didaftarkan sekaligus oleh "
                          "plugin bawaan 'kampungkb.indicators.cikar' dan plugin 'impostor'")
    reset_plugin_manager()
    assert main(["sets", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert "every version of 'cikar' is left out" in out
    assert err.startswith("warning: indicator set 'cikar@2018' is registered by both built-in "
                          "plugin 'kampungkb.indicators.cikar' and plugin 'impostor'")
