"""Terminal table and Markdown reports: the seed's shape, rows = indicators.

Text from data or plugins (village names, labels, titles) is shown literally: control
characters never reach the terminal (:func:`~kampungkb.report._format.display_text`), and in
Markdown every character of its inline syntax (:data:`MD_SPECIAL`: ``\\ ` * _ [ ] < > # | ! ~
&``) is backslash-escaped (CommonMark's backslash escapes), so a name can become neither a
link, an image, code, emphasis, strikethrough, HTML, an entity nor an ``<autolink>``, nor break
a table.  Parentheses need no escape: with ``[`` and ``]`` escaped no link or image can form.
"""

from __future__ import annotations

from collections.abc import Sequence

from kampungkb.labels import level_name, text
from kampungkb.report._format import display_text, format_number
from kampungkb.report._model import ReportModel

__all__ = ["MD_SPECIAL", "md_escape", "render_markdown_text", "render_table_text",
           "table_lines"]

#: The ASCII punctuation that Markdown (CommonMark and GitHub's table and strikethrough
#: extensions) can read as syntax inside a line; each is backslash-escaped in text from data
#: or plugins.
MD_SPECIAL = frozenset("\\`*_[]<>#|!~&")

_MAX_LABEL = 72


def _fit(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def table_lines(headers: Sequence[str], rows: Sequence[Sequence[str]], *,
                right: Sequence[bool] | None = None, max_first: int = _MAX_LABEL) -> list[str]:
    """Align ``rows`` under ``headers`` in plain text (first column left, others right)."""
    right = right if right is not None else [i > 0 for i in range(len(headers))]
    cells = [[display_text(c) for c in headers]] + [[display_text(c) for c in r] for r in rows]
    for r in cells:
        r[0] = _fit(r[0], max_first)
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    out = []
    for n, r in enumerate(cells):
        parts = [c.rjust(w) if right[i] else c.ljust(w) for i, (c, w) in
                 enumerate(zip(r, widths, strict=True))]
        out.append("  ".join(parts).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def _score_table(m: ReportModel) -> tuple[list[str], list[list[str]]]:
    lang = m.lang
    verdicts = any(r.verdict for r in m.scorecard)
    headers = [text("col.indicator", lang), m.baseline, m.followup, text("col.change", lang)]
    if verdicts:  # Newcombe's verdict on the change (rise / fall / no change)
        headers.append(text("col.change_verdict", lang))
    headers += [text("col.target", lang), text("col.achieved", lang)]
    rows = []
    for r in m.scorecard:
        if r.section:
            rows.append([f"[{r.section}]"] + [""] * (len(headers) - 1))
        row = ["  " * r.depth + r.label, r.baseline.text, r.followup.text, r.change]
        if verdicts:
            row.append(r.verdict)
        rows.append([*row, r.target, r.mark])
    return headers, rows


def _rank_table(m: ReportModel) -> tuple[list[str], list[list[str]]]:
    lang = m.lang
    level = m.options.level
    headers = [text("col.rank", lang), text("col.code", lang), text("col.name", lang)]
    if level in ("village", "district"):
        headers.append(level_name("regency", lang))
    headers += [text("col.main_achieved", lang), text("col.undetermined", lang),
                text("col.sub_achieved", lang)]
    rows = []
    for r in m.ranking:
        row = [str(r.rank), r.code, r.name]
        if level in ("village", "district"):
            row.append(r.parent_name)
        row += [f"{r.achieved}/{r.main}", str(r.undetermined),
                f"{r.sub_achieved}/{r.sub_evaluated}"]
        rows.append(row)
    return headers, rows


def _rollup_table(m: ReportModel) -> tuple[list[str], list[list[str]]]:
    lang = m.lang
    headers = [level_name("regency", lang), text("col.villages", lang)]
    headers += [str(i + 1) for i in range(len(m.main_ids))]
    headers += [text("col.villages_all", lang), text("col.mean_achieved", lang)]
    rows = []
    for r in m.rollup:
        name = m.options.names.get(r.code) or (
            f"{level_name(r.level, lang)} {r.code}")
        row = [name, str(r.villages)]
        row += [f"{a}/{e}" for a, e in r.per_main]
        mean = format_number(r.mean_achieved, 1, lang) if r.mean_achieved is not None else "…"
        row += [str(r.all_main), mean]
        rows.append(row)
    return headers, rows


def _main_key(m: ReportModel) -> list[str]:
    return [f"{i + 1} = {label}" for i, label in enumerate(m.main_labels)]


def _legend_line(m: ReportModel) -> str:
    return "  ".join(f"{mark} {meaning}" for mark, meaning in m.legend)


def render_table_text(m: ReportModel, *, summary: bool = True) -> str:
    """The terminal report: header, scorecard, ranking, roll-up."""
    lang = m.lang
    out = [m.title, "=" * min(len(m.title), 100)]
    out += [f"{k}: {v}" for k, v in m.header_lines()]
    out += ["", text("report.scorecard", lang, name=m.focus_name)
            + f" — {level_name(m.focus_level, lang)}", ""]
    headers, rows = _score_table(m)
    out += table_lines(headers, rows)
    out += ["", f"{text('report.legend', lang)}: {_legend_line(m)}",
            text("legend.change_pp", lang)]
    if summary:
        out += ["", text("report.ranking", lang, level=level_name(m.options.level, lang,
                                                                     plural=True)), ""]
        headers, rows = _rank_table(m)
        out += table_lines(headers, rows, right=[True, False, False] + [False] * (
            len(headers) - 6) + [True, True, True], max_first=20)
        if m.rollup:
            out += ["", text("report.rollup", lang), ""]
            headers, rows = _rollup_table(m)
            out += table_lines(headers, rows, max_first=48)
            out += ["", text("report.rollup_note", lang), *_main_key(m)]
    return "\n".join(display_text(line) for line in out) + "\n"


def md_escape(value: str) -> str:
    """``value`` as literal Markdown text: one line, each of :data:`MD_SPECIAL` backslash-escaped.

    Example:
        >>> md_escape("[x](javascript:alert(1)) | a `b` *c*")
        '\\\\[x\\\\](javascript:alert(1)) \\\\| a \\\\`b\\\\` \\\\*c\\\\*'
    """
    return "".join("\\" + c if c in MD_SPECIAL else c for c in display_text(value))


_md_escape = md_escape


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]],
              right: Sequence[bool], *, escape: bool = True) -> list[str]:
    def esc(value: str) -> str:
        return _md_escape(value) if escape else value

    if len(right) != len(headers):  # a pipe table whose rows disagree is not a table
        raise ValueError(f"{len(headers)} headers but {len(right)} alignments")
    out = ["| " + " | ".join(_md_escape(h) for h in headers) + " |",
           "|" + "|".join("---:" if r else "---" for r in right) + "|"]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return out


def render_markdown_text(m: ReportModel) -> str:
    """The Markdown report (GitHub-flavoured pipe tables)."""
    lang = m.lang
    out = [f"# {_md_escape(m.title)}", ""]
    out += [f"- **{k}:** {_md_escape(v)}" for k, v in m.header_lines()]
    out += ["", f"## {_md_escape(text('report.scorecard', lang, name=m.focus_name))}", ""]
    headers, raw = _score_table(m)
    rows = [[_md_escape(c) for c in row] for row in raw]
    for row, plain in zip(rows, raw, strict=True):
        if plain[0].startswith("[") and not any(plain[1:]):
            row[0] = f"_{_md_escape(plain[0][1:-1])}_"
        elif plain[0].startswith("  "):
            row[0] = "&nbsp;&nbsp;&nbsp;&nbsp;" + row[0].strip()
        else:
            row[0] = f"**{row[0]}**"
    # indicator, the two periods and the change right-aligned; verdict, target, achieved not
    right = [False, True, True, True] + [False] * (len(headers) - 4)
    out += _md_table(headers, rows, right, escape=False)
    out += ["", f"**{text('report.legend', lang)}:** " + "; ".join(
        f"{_md_escape(k)} {v}" for k, v in m.legend) + ". " + text("legend.change_pp", lang)]
    ranked = level_name(m.options.level, lang, plural=True)
    out += ["", f"## {text('report.ranking', lang, level=ranked)}", ""]
    headers, rows = _rank_table(m)
    right = [True] + [False] * (len(headers) - 4) + [True, True, True]
    out += _md_table(headers, rows, right)
    if m.rollup:
        out += ["", f"## {text('report.rollup', lang)}", ""]
        headers, rows = _rollup_table(m)
        out += _md_table(headers, rows, [False] + [True] * (len(headers) - 1))
        out += ["", text("report.rollup_note", lang), ""]
        out += [f"{i + 1}. {_md_escape(label.split('. ', 1)[-1])}"
                for i, label in enumerate(m.main_labels)]
    out += ["", f"_{text('report.generated_by', lang, version=m.version)}_", ""]
    return "\n".join(display_text(line) for line in out)
