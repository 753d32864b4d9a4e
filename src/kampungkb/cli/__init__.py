"""The ``kampungkb`` command line (argparse): thin — parse, call the API, print.

Commands: ``demo``, ``evaluate``, ``validate``, ``classify``, ``sets``, ``describe``,
``plugins``, ``schema`` (reference: ``docs/cli.md``).

Exit codes (documented in ``docs/cli.md``):

* 0 — success (``validate``: the data is clean);
* 1 — ``validate`` (or a command reading data under the strict policy) found problems in
  the data;
* 2 — usage or definition error: bad arguments (argparse), a missing file, an unknown set,
  format, table, region or period, an ambiguous set name, a plugin conflict or a broken
  plugin — one line on stderr;
* 3 — internal error: an unexpected exception, i.e. a bug in kampungkb — one line asking to
  report it, the traceback only with ``--debug`` (or ``--verbose``, or ``KAMPUNGKB_DEBUG=1``);
* 4 — no data for what was asked: a period, level, region or indicator the data does not
  hold (:class:`~kampungkb.engine._nodata.NoDataError`) — one ``warning:`` line on stderr
  naming what exists, never an empty report;
* 130 — interrupted (Ctrl-C);
* 141 — stdout was closed early (``kampungkb describe cikar | head -1``): the command stops
  quietly, with the code a shell gives a program that SIGPIPE ended.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from kampungkb.cli._classify import run_classify
from kampungkb.cli._completion import run_completion
from kampungkb.cli._i18n import argparse_language, choose_lang, localise_parser
from kampungkb.cli._info import run_describe, run_plugins, run_schema, run_sets
from kampungkb.cli._messages import message as _message
from kampungkb.cli._parser import build_parser
from kampungkb.cli._regions import run_regions
from kampungkb.cli._run import run_demo, run_evaluate, run_validate
from kampungkb.cli._scaffold import run_new_plugin
from kampungkb.engine._nodata import NoDataError
from kampungkb.errors import DataValidationError, KampungKBError, KampungKBWarning
from kampungkb.labels import Lang, check_lang, text

__all__ = [
    "ENV_DEBUG",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERNAL_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_NO_DATA",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USER_ERROR",
    "main",
]

_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": run_demo,
    "evaluate": run_evaluate,
    "validate": run_validate,
    "classify": run_classify,
    "sets": run_sets,
    "describe": run_describe,
    "plugins": run_plugins,
    "schema": run_schema,
    "completion": run_completion,
    "new-plugin": run_new_plugin,
    "regions": run_regions,
}

#: Exit codes (see the module docstring and ``docs/cli.md``).
EXIT_OK, EXIT_PROBLEMS, EXIT_USER_ERROR, EXIT_INTERNAL_ERROR = 0, 1, 2, 3
#: Nothing in the data for the period, level, region or indicator asked for (a warning).
EXIT_NO_DATA = 4
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

#: ``1``: print the traceback of any error (same as ``--debug``).
ENV_DEBUG = "KAMPUNGKB_DEBUG"
_TRUE = frozenset({"1", "true", "yes", "on"})


def _one_line(exc: BaseException, lang: Lang = "en") -> str:
    localised = getattr(exc, "message", None)  # NoDataError and kin: the message in lang
    message = (localised(lang) if callable(localised) else str(exc)).strip()
    message = message or type(exc).__name__
    first = message.splitlines()[0]
    return first if isinstance(exc, KampungKBError) else f"{type(exc).__name__}: {first}"


def _safe_streams() -> list[tuple[io.TextIOWrapper, str | None]]:
    """Never crash on a character the terminal's encoding lacks (cp1252, ascii …); returns
    each stream changed with its former setting, for :func:`_restore_streams`."""
    changed = []
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):  # a closed or exotic stream
                before = stream.errors
                stream.reconfigure(errors="replace")
                changed.append((stream, before))
    return changed


def _restore_streams(changed: list[tuple[io.TextIOWrapper, str | None]]) -> None:
    """Put the streams' error handling back (``main`` called inside an application)."""
    for stream, errors in changed:
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors=errors)


def _silence_stdout() -> None:
    """After a closed pipe: point stdout at devnull so the exit flush cannot fail again.

    As recommended in the Python documentation (``signal`` module, "Note on SIGPIPE").
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # stdout is not a real file
        pass


def _say(line: str) -> None:
    """One line on stderr, ignoring a stderr that is gone too."""
    with contextlib.suppress(OSError, ValueError):  # nowhere left to report to
        print(line, file=sys.stderr)


@contextmanager
def _warnings_as_lines(lang: Lang) -> Iterator[None]:
    """Show kampungkb's warnings as one line each on stderr (``warning: …``)."""

    def show(message: Warning | str, category: type[Warning], *_where: Any,
             **_file: Any) -> None:
        localised = getattr(message, "message", None)  # a KampungKBWarning: in lang
        said = localised(lang) if callable(localised) else str(message)
        first = (said.strip().splitlines() or [category.__name__])[0]
        _say(_message("warning", lang, message=first))

    with warnings.catch_warnings():
        warnings.simplefilter("default", KampungKBWarning)
        warnings.showwarning = show
        yield


def _debugging(args: Any) -> bool:
    return bool(getattr(args, "debug", False)) or (
        os.environ.get(ENV_DEBUG, "").strip().lower() in _TRUE
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kampungkb`` command line; return the exit code.

    Args:
        argv: the arguments (default ``sys.argv[1:]``).

    Example::

        >>> main(["sets"])  # doctest: +SKIP
        0
    """
    changed = _safe_streams()
    try:
        return _main(argv)
    finally:
        _restore_streams(changed)


def _main(argv: Sequence[str] | None) -> int:  # noqa: PLR0911 - one per exit code
    args: Any = None
    arguments = list(argv) if argv is not None else sys.argv[1:]
    # --lang before or after the command, else KAMPUNGKB_LANG: known before parsing, so
    # --help and argparse's usage errors are in that language too
    lang: Lang = choose_lang(arguments)
    try:
        with argparse_language(lang):
            parser = localise_parser(build_parser(), lang)
            try:
                args = parser.parse_args(arguments)
            except SystemExit as exc:  # argparse: --help / --version (0) or a usage error (2)
                sys.stdout.flush()
                return exc.code if isinstance(exc.code, int) else EXIT_USER_ERROR
        args.lang = check_lang(getattr(args, "lang", lang))
        lang = args.lang
        with _warnings_as_lines(lang):
            code = _COMMANDS[args.command](args)
            sys.stdout.flush()
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        _say("")
        return EXIT_INTERRUPTED
    except NoDataError as exc:  # asked for something the data does not hold: say what it has
        if _debugging(args):
            traceback.print_exc()
        _say(text("cli.no_data", lang, message=_one_line(exc, lang)))
        return EXIT_NO_DATA
    except (KampungKBError, OSError) as exc:
        if _debugging(args):
            traceback.print_exc()
        _say(text("cli.error", lang, message=_one_line(exc, lang)))
        return EXIT_PROBLEMS if isinstance(exc, DataValidationError) else EXIT_USER_ERROR
    except Exception as exc:
        if _debugging(args):
            traceback.print_exc()
        _say(_message("internal", lang, kind=type(exc).__name__))
        return EXIT_INTERNAL_ERROR
