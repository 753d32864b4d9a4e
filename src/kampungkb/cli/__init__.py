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
from kampungkb.cli._info import run_describe, run_plugins, run_schema, run_sets
from kampungkb.cli._messages import message as _message
from kampungkb.cli._parser import build_parser
from kampungkb.cli._run import run_demo, run_evaluate, run_validate
from kampungkb.errors import DataValidationError, KampungKBError, KampungKBWarning
from kampungkb.labels import Lang, check_lang, text

__all__ = [
    "ENV_DEBUG",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERNAL_ERROR",
    "EXIT_INTERRUPTED",
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
}

#: Exit codes (see the module docstring and ``docs/cli.md``).
EXIT_OK, EXIT_PROBLEMS, EXIT_USER_ERROR, EXIT_INTERNAL_ERROR = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

#: ``1``: print the traceback of any error (same as ``--debug``).
ENV_DEBUG = "KAMPUNGKB_DEBUG"
_TRUE = frozenset({"1", "true", "yes", "on"})


def _one_line(exc: BaseException) -> str:
    message = str(exc).strip() or type(exc).__name__
    first = message.splitlines()[0]
    return first if isinstance(exc, KampungKBError) else f"{type(exc).__name__}: {first}"


def _safe_streams() -> None:
    """Never crash on a character the terminal's encoding lacks (cp1252, ascii …)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):  # a closed or exotic stream
                stream.reconfigure(errors="replace")


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
        first = (str(message).strip().splitlines() or [category.__name__])[0]
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
    _safe_streams()
    args: Any = None
    lang: Lang = "id"
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(list(argv) if argv is not None else None)
        except SystemExit as exc:  # argparse: --help / --version (0) or a usage error (2)
            sys.stdout.flush()
            return exc.code if isinstance(exc.code, int) else EXIT_USER_ERROR
        lang = check_lang(args.lang)
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
    except (KampungKBError, OSError) as exc:
        if _debugging(args):
            traceback.print_exc()
        _say(text("cli.error", lang, message=_one_line(exc)))
        return EXIT_PROBLEMS if isinstance(exc, DataValidationError) else EXIT_USER_ERROR
    except Exception as exc:
        if _debugging(args):
            traceback.print_exc()
        _say(_message("internal", lang, kind=type(exc).__name__))
        return EXIT_INTERNAL_ERROR
