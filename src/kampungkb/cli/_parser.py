"""The argparse command-line parser of ``kampungkb``."""

from __future__ import annotations

import argparse

from kampungkb.cli._regions import add_regions_parser
from kampungkb.cli._scaffold import add_new_plugin_parser
from kampungkb.engine import LEVELS

__all__ = ["FORMATS", "LANG_CHOICES", "build_parser"]

#: The built-in report formats; plugins may add more (``kampungkb plugins`` lists them).
FORMATS = ("table", "markdown", "html", "xlsx", "json")
#: ``--lang``: before or after the command; default ``KAMPUNGKB_LANG``, else ``id``.
LANG_CHOICES = ("id", "en")
LANG_HELP = ("language of help, labels and messages: id (Bahasa Indonesia, default) or en "
             "(English); also KAMPUNGKB_LANG=en")

_DESCRIPTION = """\
kampungkb: indicators and evaluations for Kampung KB villages.

Examples:
  kampungkb demo --lang en
  kampungkb demo --export data/ --format csv
  kampungkb evaluate data/ --set cikar --baseline 2017 --followup 2019
  kampungkb evaluate data/ --set cikar@2018 --baseline 2017 --followup 2019 \\
      -o report.html
  kampungkb validate data/ --report-out problems.csv
  kampungkb sets
  kampungkb describe cikar
  kampungkb schema persons --json

Exit codes: 0 success; 1 validate found problems in the data; 2 usage or definition error
(bad argument, unknown set/format/period, ambiguous set, plugin conflict, broken plugin);
3 internal error (a bug: please report it); 4 no data for what was asked (a period,
level, region or indicator); 130 interrupted; 141 stdout closed early.
"""


def _csv_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--csv-delimiter", default=",", metavar="CHAR",
                   help="cell separator of CSV files written (default ','; ';' for Excel set "
                        "to Indonesian); CSV files are UTF-8 with a byte order mark")


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANG_CHOICES, default=argparse.SUPPRESS,
                        help=LANG_HELP)
    common.add_argument("--debug", "--verbose", dest="debug", action="store_true",
                        help="show the full traceback when something fails (also "
                             "KAMPUNGKB_DEBUG=1)")
    return common


_WORK_DIR = ("folder for the validated rows (Parquet parts, one sub-folder per table), kept "
             "afterwards; default: a temporary folder removed at the end. Tables are validated "
             "batch by batch, so memory stays bounded whatever the data's size")

#: What the in-process engine may hold while evaluating from the command line (DuckDB's
#: memory limit; grouping and joining beyond it spill to the work folder).  With Python,
#: Arrow and the validated batches, the process stays under about 1 GB.
MEMORY_LIMIT = "256MB"  # kampungkb.engine._duck.DEFAULT_MEMORY_LIMIT (not imported: heavy)
_MEMORY = ("memory the computation may use (e.g. 256MB, 4GB; default 256MB); beyond it, "
           "intermediate results go to disk in the work folder. More is faster on a machine "
           "that has it")

_WITHIN_VALIDATE = ("read one region only: a province, regency, district or village code (e.g. "
                    "19 or 19.01); parts in another region's folder (persons/province=13/…) "
                    "are not read")
_WITHIN = ("evaluate one region only: a province, regency, district or village code (e.g. 19 "
           "or 19.01); parts in another region's folder (persons/province=13/…) are not read")

#: Help of evaluate's backend options (#16; docs/scaling.md).
_ENGINE = ("where to compute: duckdb (in-process, the default), postgres (PATH is a "
           "postgresql:// connection string; chosen by itself for one) or spark (PATH is a "
           "folder of Parquet tables); data in PostgreSQL or Spark is not validated here: "
           "validate an export with `kampungkb validate`")
_SCHEMA = "PostgreSQL schema holding the canonical tables (default public)"
_MASTER = ("Spark master for --engine spark: local[2] (the default), spark://HOST:7077, "
           "yarn, or sc://HOST:15002 for Spark Connect")


def _within_option(p: argparse.ArgumentParser, help_text: str) -> None:
    p.add_argument("--within", metavar="CODE", default=None, help=help_text)


def _work_dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--work-dir", metavar="DIR", default=None, help=_WORK_DIR)


def _engine_options(p: argparse.ArgumentParser) -> None:
    """Where and within how much memory ``evaluate`` computes."""
    p.add_argument("--engine", choices=("duckdb", "postgres", "spark"), default=None,
                   help=_ENGINE)
    p.add_argument("--schema", metavar="SCHEMA", default="public", help=_SCHEMA)
    p.add_argument("--spark-master", metavar="MASTER", default="local[2]", help=_MASTER)
    _work_dir_option(p)
    p.add_argument("--memory-limit", metavar="SIZE", default=MEMORY_LIMIT, help=_MEMORY)
    _within_option(p, _WITHIN)


def _report_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", default=None, metavar="FORMAT",
                   help=f"report format: {', '.join(FORMATS)} or a plugin's (default: from "
                        "the --out suffix, else table)")
    p.add_argument("-o", "--out", metavar="FILE",
                   help="write the report to FILE (.txt .md .html .xlsx .json: the format "
                        "follows the suffix); '-' is standard output")
    p.add_argument("--level", choices=tuple(LEVELS), default=None,
                   help="level ranked and shown (default village); for xlsx and json, keep "
                        "only this level")
    p.add_argument("--region", metavar="CODE",
                   help="region whose scorecard is shown, e.g. 19.01.01.2091 (default: the "
                        "top-ranked region of --level)")


def build_parser() -> argparse.ArgumentParser:
    """The ``kampungkb`` parser with its sub-commands."""
    common = _common()
    parser = argparse.ArgumentParser(
        prog="kampungkb", description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from kampungkb import __version__  # noqa: PLC0415 - keep the import graph flat

    parser.add_argument("--version", action="version", version=f"kampungkb {__version__}")
    parser.add_argument("--lang", choices=LANG_CHOICES, default=argparse.SUPPRESS,
                        help=LANG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("demo", parents=[common],
                       help="evaluate the built-in demo data (CIKAR 2017 → 2019)",
                       description="Build the demo dataset, evaluate CIKAR 2017 → 2019 and "
                                   "print the seed village's table and the province summary.")
    _report_options(p)
    p.add_argument("--export", metavar="DIR",
                   help="write the demo's input tables to DIR instead (one file per table, "
                        "--format csv, xlsx or parquet; default csv)")
    p.add_argument("--set", dest="set_spec", default=None, metavar="SET[@VERSION]",
                   help="indicator set to evaluate on the demo data, e.g. contoh or "
                        "jateng@2024 (default cikar@2018, the reproduced demo); periods "
                        "2017 → 2019 in the set's period type")

    p = sub.add_parser("evaluate", parents=[common],
                       help="evaluate an indicator set on your data",
                       description="Evaluate an indicator set between a baseline and a "
                                   "follow-up period and report the result.")
    p.add_argument("path", metavar="PATH", nargs="?",
                   help="a folder of canonical table files (persons.parquet, families.csv …) "
                        "or any file or folder kampungkb.io can read")
    p.add_argument("--demo", action="store_true",
                   help="evaluate the built-in demo data instead of PATH (baseline and "
                        "follow-up default to 2017 → 2019 in the set's period type)")
    p.add_argument("--set", dest="set_spec", default="cikar", metavar="SET[@VERSION]",
                   help="indicator set, e.g. cikar or cikar@2018 (default cikar, latest)")
    p.add_argument("--baseline", metavar="PERIOD",
                   help="baseline period: 2017, 2017-Q4 or 2017-12 (required unless --demo)")
    p.add_argument("--followup", metavar="PERIOD",
                   help="follow-up period, of the same type as the baseline (required "
                        "unless --demo)")
    p.add_argument("--mapping", metavar="FILE",
                   help="TOML column mapping for files whose columns are not canonical")
    p.add_argument("--exact", action="store_true",
                   help="report exact values without small-cell suppression (internal use "
                        "only: small counts of people can identify them)")
    _engine_options(p)
    _report_options(p)

    p = sub.add_parser("validate", parents=[common], help="check input files",
                       description="Read and validate input files; print every problem. "
                                   "Exit 0 when clean, 1 when there are problems.")
    p.add_argument("path", metavar="PATH",
                   help="a file, a folder of files (a table may be a sub-folder of part files, "
                        "plain or hive-partitioned) or a glob")
    p.add_argument("--mapping", metavar="FILE", help="TOML column mapping")
    p.add_argument("--policy", choices=("strict", "quarantine"), default="quarantine",
                   help="strict: any error fails; quarantine (default): good rows pass")
    p.add_argument("--report-out", metavar="FILE.csv|FILE.json",
                   help="also write every problem to a CSV or JSON file")
    _csv_option(p)
    p.add_argument("--editions", action="store_true",
                   help="also check every village code against the edition of the Kemendagri "
                        "region list in force in its period (warnings, with a did-you-mean)")
    _work_dir_option(p)
    _within_option(p, _WITHIN_VALIDATE)

    p = sub.add_parser("classify", parents=[common],
                       help="classify every village by a registered classification",
                       description="Classify every village in one period by a declarative "
                                   "classification a plugin registers (e.g. bkkbn-2020: "
                                   "Dasar, Berkembang, Mandiri, Berkelanjutan).")
    p.add_argument("path", metavar="PATH",
                   help="a folder of canonical table files, any input kampungkb.io reads, "
                        "or 'demo' for the bundled demo data")
    p.add_argument("--classifier", default="bkkbn-2020", metavar="NAME",
                   help="registered classifier (default bkkbn-2020; see `kampungkb plugins`)")
    p.add_argument("--period", required=True, metavar="PERIOD", help="period, e.g. 2019")
    p.add_argument("--mapping", metavar="FILE", help="TOML column mapping")
    p.add_argument("--csv", metavar="FILE.csv",
                   help="also write every village's variables, scores, indices and class")
    _csv_option(p)

    sub.add_parser("sets", parents=[common], help="list indicator sets from every plugin",
                   description="List every indicator set the loaded plugins register.")

    p = sub.add_parser("describe", parents=[common], help="show an indicator set's catalogue",
                       description="Show each indicator of a set: label, kind, formula, "
                                   "target, change rule, source and notes.")
    p.add_argument("set_spec", metavar="SET[@VERSION]", help="e.g. cikar or cikar@2018")

    sub.add_parser("plugins", parents=[common], help="list loaded plugins",
                   description="List the plugins kampungkb loaded, where they come from, "
                               "and the report formats and readers they add.")

    p = sub.add_parser("schema", parents=[common], help="show a canonical table's columns",
                       description="Show a canonical table's columns: name, type, required, "
                                   "allowed codes and description.")
    p.add_argument("table", metavar="TABLE", help="canonical table name, e.g. persons")
    p.add_argument("--json", action="store_true",
                   help="print the JSON Schema of the model behind the table")

    p = sub.add_parser("completion", parents=[common], help="print a shell completion script",
                       description="Print a completion script for bash or zsh. Load it with "
                                   "eval \"$(kampungkb completion bash)\" in ~/.bashrc, or "
                                   "eval \"$(kampungkb completion zsh)\" in ~/.zshrc.")
    p.add_argument("shell", choices=("bash", "zsh"), help="the shell: bash or zsh")

    add_new_plugin_parser(sub, common)
    add_regions_parser(sub, common)
    return parser
