"""``kampungkb new-plugin NAME``: write a new plugin distribution that works as it is.

The files come from the templates shipped in ``kampungkb/cli/templates/plugin`` (package
data): ``pyproject.toml`` with the ``kampungkb`` entry point, a TOML indicator set with one
indicator of every kind (a ratio with a target, a count, a presence, a composite whose
components name it as ``parent``, a ratio disaggregated by sex, custom measures), the plugin
module, tests written with :mod:`kampungkb.testing`, and a README.  Freshly written,
``pip install -e .`` and ``pytest`` pass and ``kampungkb sets`` lists the set.

Template text holds ``{{placeholder}}`` fields; template paths hold ``__placeholder__`` parts
and end in ``.tmpl`` (so no tool mistakes a template for code of kampungkb's own).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Iterator
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import attrs

from kampungkb.errors import KampungKBError
from kampungkb.labels import Lang, check_lang

__all__ = [
    "PluginNames",
    "add_new_plugin_parser",
    "plugin_names",
    "run_new_plugin",
    "scaffold_plugin",
]

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
_PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")
_SUFFIX = ".tmpl"

_MESSAGES: dict[str, tuple[str, str]] = {
    "written": (
        "Plugin {dist} ditulis di {path} ({count} berkas), dengan set {key}.",
        "Plugin {dist} written to {path} ({count} files), with the set {key}.",
    ),
    "next": ("Langkah berikutnya:", "Next steps:"),
    "docs": (
        "Setiap isian definisi dijelaskan di dokumentasi: Writing plugins → Definition "
        "reference.",
        "Every definition field is described in the documentation: Writing plugins → "
        "Definition reference.",
    ),
}

def _message(message_key: str, lang: Lang, **fields: object) -> str:
    return _MESSAGES[message_key][0 if lang == "id" else 1].format(**fields)


@attrs.frozen
class PluginNames:
    """The names a plugin called ``name`` gets (``jawa-tengah`` → ``kampungkb-jawa-tengah``)."""

    #: The entry-point name: the plugin's name in ``kampungkb plugins`` (``jawa-tengah``).
    name: str
    #: The distribution on PyPI (``kampungkb-jawa-tengah``).
    dist: str
    #: The import package (``kampungkb_jawa_tengah``).
    package: str
    #: The indicator set's id (``jawa_tengah``).
    set_id: str
    #: The indicator set's version (``2025``).
    set_version: str

    @property
    def set_file(self) -> str:
        """The set's TOML file name (``jawa_tengah_2025.toml``)."""
        return f"{self.set_id}_{self.set_version}.toml"

    def fields(self) -> dict[str, str]:
        """The ``{{placeholder}}`` values of the templates."""
        from kampungkb import __version__  # noqa: PLC0415 - the running kampungkb's version

        title = " ".join(part.capitalize() for part in re.split(r"[-_]", self.name))
        return {"name": self.name, "dist": self.dist, "package": self.package,
                "set_id": self.set_id, "set_version": self.set_version,
                "set_file": self.set_file, "title": title,
                "kampungkb_version": __version__}


def plugin_names(name: str, set_version: str | None = None, *, lang: Lang = "en") -> PluginNames:
    """The names of a new plugin; ``KampungKBError`` when ``name`` or the version is not valid.

    ``name`` may carry the ``kampungkb-`` prefix (``kampungkb-jateng`` is ``jateng``).
    """
    bare = name.strip().lower().removeprefix("kampungkb-").removeprefix("kampungkb_")
    bare = bare.replace("_", "-")
    if not _NAME.match(bare) or len(bare) > 40:
        raise KampungKBError.of("cli.plugin_bad_name", name=name)
    version = set_version if set_version is not None else str(dt.date.today().year)
    if not _VERSION.match(version):
        raise KampungKBError.of("cli.plugin_bad_version", version=version)
    ident = bare.replace("-", "_")
    return PluginNames(name=bare, dist=f"kampungkb-{bare}", package=f"kampungkb_{ident}",
                       set_id=ident, set_version=version)


def _templates() -> Traversable:
    return resources.files("kampungkb.cli").joinpath("templates", "plugin")


def _walk(folder: Traversable, parts: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                                            Traversable]]:
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.is_dir():
            yield from _walk(item, (*parts, item.name))
        elif item.name.endswith(_SUFFIX):
            yield (*parts, item.name.removesuffix(_SUFFIX)), item


def _fill(text: str, fields: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: fields[m[1]], text)


def scaffold_plugin(name: str, destination: str | Path | None = None, *,
                    set_version: str | None = None, lang: Lang = "en") -> list[Path]:
    """Write a new plugin distribution; return the files written.

    Args:
        name: the plugin's name (``jateng``); see :class:`PluginNames`.
        destination: the folder to write (default ``./kampungkb-<name>``); it must not exist
            or be empty.
        set_version: the indicator set's version (default: this year).
        lang: language of error messages.

    Raises:
        KampungKBError: the name or version is not valid, or the folder is not empty.
    """
    names = plugin_names(name, set_version, lang=lang)
    root = Path(destination) if destination is not None else Path(names.dist)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise KampungKBError.of("cli.plugin_dir_exists", path=str(root))
    fields = names.fields()
    renames = {"__package__": names.package, "__set_file__": names.set_file,
               "__set_id__": names.set_id}
    written: list[Path] = []
    for parts, template in _walk(_templates()):
        relative = [_rename(p, renames) for p in parts]
        target = root.joinpath(*relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_fill(template.read_text(encoding="utf-8"), fields), encoding="utf-8")
        written.append(target)
    return written


def _rename(part: str, renames: dict[str, str]) -> str:
    for placeholder, value in renames.items():
        part = part.replace(placeholder, value)
    return part


def add_new_plugin_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                          common: argparse.ArgumentParser) -> None:
    """Add the ``new-plugin`` command to the ``kampungkb`` parser."""
    p = sub.add_parser(
        "new-plugin", parents=[common],
        help="write a new plugin distribution (a set with every kind of indicator, tests, "
             "README)",
        description="Write a new kampungkb plugin distribution kampungkb-NAME: pyproject.toml "
                    "with the kampungkb entry point, an indicator set in TOML with one "
                    "indicator of every kind, the plugin module, tests that use the testing "
                    "kit, and a README. Freshly written, `pip install -e .` and `pytest` pass.")
    p.add_argument("name", metavar="NAME",
                   help="the plugin's name, e.g. jateng: the distribution is kampungkb-NAME, "
                        "the package kampungkb_NAME, the set's id NAME")
    p.add_argument("--dir", dest="directory", metavar="DIR",
                   help="folder to write (default ./kampungkb-NAME); it must not exist or be "
                        "empty")
    p.add_argument("--set-version", metavar="VERSION",
                   help="the set's version (default: this year)")


def run_new_plugin(args: argparse.Namespace) -> int:
    """``kampungkb new-plugin NAME [--dir DIR] [--set-version VERSION]``."""
    lang = check_lang(getattr(args, "lang", "id"))
    names = plugin_names(args.name, args.set_version, lang=lang)
    root = Path(args.directory) if args.directory else Path(names.dist)
    written = scaffold_plugin(args.name, root, set_version=args.set_version, lang=lang)
    key = f"{names.set_id}@{names.set_version}"
    out = sys.stdout
    print(_message("written", lang, dist=names.dist, path=root, count=len(written), key=key),
          file=out)
    print(file=out)
    print(_message("next", lang), file=out)
    for line in (f"cd {root}", 'pip install -e ".[test]"', "pytest", "kampungkb sets",
                 f"kampungkb demo --set {names.set_id}"):
        print(f"  {line}", file=out)
    print(file=out)
    print(_message("docs", lang), file=out)
    return 0
