"""The ``kampungkb`` command line (argparse): thin — parse, call the API, print.

Commands: ``demo``, ``evaluate``, ``validate``, ``classify``, ``sets``, ``describe``,
``plugins``, ``schema`` (reference: ``docs/cli.md``).  Exit codes: 0 success, 1 validation problems,
2 a user error (missing file, unknown set, bad period …) reported as one line on stderr;
``--verbose`` adds the traceback.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence

from kampungkb.cli._classify import run_classify
from kampungkb.cli._info import run_describe, run_plugins, run_schema, run_sets
from kampungkb.cli._parser import build_parser
from kampungkb.cli._run import run_demo, run_evaluate, run_validate
from kampungkb.errors import DataValidationError, KampungKBError
from kampungkb.labels import check_lang, text

__all__ = ["main"]

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

#: Exit codes.
EXIT_OK, EXIT_PROBLEMS, EXIT_USER_ERROR = 0, 1, 2


def _one_line(exc: BaseException) -> str:
    message = str(exc).strip() or type(exc).__name__
    first = message.splitlines()[0]
    return first if isinstance(exc, KampungKBError) else f"{type(exc).__name__}: {first}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kampungkb`` command line; return the exit code.

    Args:
        argv: the arguments (default ``sys.argv[1:]``).

    Example::

        >>> main(["sets"])  # doctest: +SKIP
        0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse: --help / --version (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USER_ERROR
    lang = check_lang(args.lang)
    try:
        return _COMMANDS[args.command](args)
    except (KampungKBError, OSError) as exc:
        if args.verbose:
            traceback.print_exc()
        print(text("cli.error", lang, message=_one_line(exc)), file=sys.stderr)
        if isinstance(exc, DataValidationError):
            return EXIT_PROBLEMS
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
