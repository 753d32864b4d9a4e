"""The command line in Bahasa Indonesia or English: ``--lang``, ``KAMPUNGKB_LANG``, help texts
and argparse's own messages.

The language is known before the arguments are parsed — ``--lang`` anywhere on the command
line (before or after the command), else the environment variable ``KAMPUNGKB_LANG``, else
``id`` — so ``--help`` and usage errors come out in it too.  Help texts are written in English
in :mod:`kampungkb.cli._parser`; :func:`localise_parser` swaps in their Bahasa Indonesia from
:data:`kampungkb.cli._messages.HELP_ID`, and :func:`argparse_language` does the same for the
messages argparse itself writes (``usage:``, ``error:``, "the following arguments are
required" …), from :data:`kampungkb.cli._messages.ARGPARSE_ID`.
"""

from __future__ import annotations

import argparse
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from kampungkb.cli._messages import ARGPARSE_ID, HELP_ID
from kampungkb.labels import Lang

__all__ = [
    "ENV_LANG",
    "argparse_language",
    "choose_lang",
    "help_texts",
    "localise_parser",
    "translate_help",
]

#: Environment variable giving the default language (``id`` or ``en``).
ENV_LANG = "KAMPUNGKB_LANG"


def choose_lang(argv: Sequence[str]) -> Lang:
    """The language asked for: the last ``--lang X`` / ``--lang=X`` in ``argv``, else
    ``KAMPUNGKB_LANG``, else ``id``.  A value other than ``id``/``en`` on the command line is
    left to argparse to refuse; an unknown ``KAMPUNGKB_LANG`` is ignored (``id``)."""
    found: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    if found in ("id", "en"):
        return "en" if found == "en" else "id"
    env = os.environ.get(ENV_LANG, "").strip().lower()
    return "en" if env == "en" else "id"


def _translate_paragraph(paragraph: str, table: dict[str, str]) -> str:
    if paragraph in table:
        return table[paragraph]
    head, sep, rest = paragraph.partition("\n")
    if head.endswith(":") and head in table:  # "Examples:" and its commands
        return table[head] + sep + rest
    return paragraph


def translate_help(value: str, lang: Lang) -> str:
    """A help text, description or metavar of the parser in ``lang`` (paragraph by
    paragraph; a text without an entry stays English, which ``tests/test_cli_lang.py``
    catches)."""
    if lang == "en":
        return value
    end = "\n" if value.endswith("\n") else ""
    paragraphs = value.rstrip("\n").split("\n\n")
    return "\n\n".join(_translate_paragraph(p, HELP_ID) for p in paragraphs) + end


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _parsers(sub)


def help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Every help text, description and metavar of ``parser`` and its sub-commands."""
    out: list[str] = []
    for p in _parsers(parser):
        out += [t for t in (p.description, p.epilog) if t]
        for action in p._actions:
            if action.help and action.help != argparse.SUPPRESS:
                out.append(action.help)
            if isinstance(action.metavar, str):
                out.append(action.metavar)
            if isinstance(action, argparse._SubParsersAction):
                out += [c.help for c in action._choices_actions if c.help]
    return list(dict.fromkeys(out))


def localise_parser(parser: argparse.ArgumentParser, lang: Lang) -> argparse.ArgumentParser:
    """Put ``parser``'s help texts, descriptions and metavars into ``lang`` (in place)."""
    if lang == "en":
        return parser
    for p in _parsers(parser):
        if p.description:
            p.description = translate_help(p.description, lang)
        if p.epilog:
            p.epilog = translate_help(p.epilog, lang)
        for action in p._actions:
            if action.help and action.help != argparse.SUPPRESS:
                action.help = translate_help(action.help, lang)
            if isinstance(action.metavar, str):
                action.metavar = translate_help(action.metavar, lang)
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if choice.help:
                        choice.help = translate_help(choice.help, lang)
        for group in p._action_groups:
            if group.title:
                group.title = ARGPARSE_ID.get(group.title, group.title)
    return parser


def _gettext(message: str) -> str:
    return ARGPARSE_ID.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


#: Held while argparse's module globals may be swapped (see :func:`argparse_language`).
_ARGPARSE_LOCK = threading.RLock()


@contextmanager
def argparse_language(lang: Lang) -> Iterator[None]:
    """While active, argparse writes its own messages in ``lang``.

    argparse looks its messages up through the module globals ``_`` and ``ngettext``
    (gettext); they are swapped for the catalogue's and restored afterwards.  Calls from
    several threads (``kampungkb.cli.main`` embedded in an application) take turns: each
    swaps and restores under one lock, so argparse is always left as it was found (and an
    English parse never runs while another thread has argparse in Indonesian).
    """
    with _ARGPARSE_LOCK:
        if lang == "en":
            yield
            return
        module = vars(argparse)
        saved = module["_"], module["ngettext"]
        module["_"], module["ngettext"] = _gettext, _ngettext
        try:
            yield
        finally:
            module["_"], module["ngettext"] = saved
