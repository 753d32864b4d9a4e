"""Report renderers and the dispatcher over registered report formats.

Every renderer has the signature a :class:`~kampungkb.plugins.ReportFormatSpec` expects:
``render(evaluation, destination=None, **options)``; it returns the report (``str``, or
``bytes`` for Excel) when ``destination`` is ``None`` and writes it to that path otherwise.
The options are those of :class:`~kampungkb.report.ReportOptions`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kampungkb._shown import shown
from kampungkb.definitions import Definitions, ReportFormatSpec, default_definitions
from kampungkb.definitions._builtin_formats import BUILTIN_FORMAT_ROWS
from kampungkb.errors import KampungKBError
from kampungkb.evaluate import Evaluation
from kampungkb.publish import DEFAULT_POLICY, DisclosurePolicy, publish_evaluation
from kampungkb.report._model import ReportOptions, build_model
from kampungkb.report._text import render_markdown_text, render_table_text

__all__ = [
    "builtin_formats",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_table",
    "render_xlsx",
]

Destination = str | Path | None


def _finish(content: str | bytes, destination: Destination) -> str | bytes | None:
    if destination is None:
        return content
    path = Path(destination)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return None


def _published(evaluation: Evaluation, options: dict[str, Any]) -> Evaluation:
    """The evaluation as published: small cells hidden by the ``disclosure`` option's policy
    (default :data:`~kampungkb.publish.DEFAULT_POLICY`; ``None`` publishes exact values, for
    internal use and for the fictional demo data)."""
    policy = options.pop("disclosure", DEFAULT_POLICY)
    if policy is None:
        return evaluation
    if not isinstance(policy, DisclosurePolicy):
        raise KampungKBError.of("report.bad_disclosure", kind=type(policy).__name__)
    return publish_evaluation(evaluation, policy)


def render_table(evaluation: Evaluation, destination: Destination = None,
                 **options: Any) -> str | None:
    """Plain-text report for a terminal: scorecard, ranking and roll-up.

    Example::

        print(render_table(ev, lang="en", region="19.01.01.2091"))
    """
    evaluation = _published(evaluation, options)
    summary = bool(options.pop("summary", True))
    model = build_model(evaluation, ReportOptions.from_kwargs(**options))
    out = _finish(render_table_text(model, summary=summary), destination)
    return None if out is None else str(out)


def render_markdown(evaluation: Evaluation, destination: Destination = None,
                    **options: Any) -> str | None:
    """Markdown report (pipe tables), same content as the terminal table."""
    evaluation = _published(evaluation, options)
    model = build_model(evaluation, ReportOptions.from_kwargs(**options))
    out = _finish(render_markdown_text(model), destination)
    return None if out is None else str(out)


def render_html(evaluation: Evaluation, destination: Destination = None,
                **options: Any) -> str | None:
    """Self-contained HTML report (inline CSS and SVG charts; no external URL of any kind)."""
    evaluation = _published(evaluation, options)
    from kampungkb.report._html import render_html_text  # noqa: PLC0415 - only when asked

    model = build_model(evaluation, ReportOptions.from_kwargs(**options))
    out = _finish(render_html_text(model), destination)
    return None if out is None else str(out)


def render_xlsx(evaluation: Evaluation, destination: Destination = None,
                **options: Any) -> bytes | None:
    """Excel workbook: summary, one sheet per level, ranking and the indicator catalogue."""
    evaluation = _published(evaluation, options)
    from kampungkb.report._excel import workbook_bytes  # noqa: PLC0415 - openpyxl on demand

    data = workbook_bytes(evaluation, ReportOptions.from_kwargs(**options))
    if destination is None:
        return data
    Path(destination).write_bytes(data)
    return None


def render_json(evaluation: Evaluation, destination: Destination = None,
                **options: Any) -> str | None:
    """JSON: results with definitions and provenance (layout in ``docs/reports.md``)."""
    evaluation = _published(evaluation, options)
    from kampungkb.report._json import json_chunks  # noqa: PLC0415 - only when asked

    opts = ReportOptions.from_kwargs(**options)
    if destination is None:
        return "".join(json_chunks(evaluation, opts))
    # written piece by piece: a national report never exists whole in memory; a failure
    # half-way leaves no half-written file behind
    path = Path(destination)
    try:
        with path.open("w", encoding="utf-8") as fh:
            fh.writelines(json_chunks(evaluation, opts))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return None


def builtin_formats() -> list[ReportFormatSpec]:
    """The report formats that ship with kampungkb, with their renderers.

    The same formats the built-in plugin :mod:`kampungkb.plugins.builtin_formats` registers
    (both are built from one table), each ``render`` being this module's function itself.
    """
    return [ReportFormatSpec(name=name, suffix=suffix, render=globals()[function],
                             description=en, description_id=id_)
            for name, suffix, function, en, id_ in BUILTIN_FORMAT_ROWS]


def available_formats(definitions: Definitions | None = None) -> dict[str, ReportFormatSpec]:
    """Report formats by name: the built-in ones and those in ``definitions``.

    Args:
        definitions: the definitions to look in (default: the loaded plugins').
    """
    definitions = definitions if definitions is not None else default_definitions()
    formats = {f.name: f for f in builtin_formats()}
    formats.update(definitions.report_formats)
    return dict(sorted(formats.items()))


def render(evaluation: Evaluation, fmt: str = "table", destination: Destination = None,
           *, definitions: Definitions | None = None, **options: Any) -> str | bytes | None:
    """Render ``evaluation`` in the report format called ``fmt``.

    The format is looked up in ``definitions`` (default: the definitions the evaluation was
    computed with).  Safe to call from many threads at once.

    Raises:
        KampungKBError: no plugin provides ``fmt`` (the message shows it as
            :func:`kampungkb._safe.safe_value` allows: never a NIK or a name).
    """
    formats = available_formats(definitions if definitions is not None else evaluation.definitions)
    spec = formats.get(fmt)
    if spec is None:
        raise KampungKBError.of("report.unknown_format", fmt=shown(fmt), known=", ".join(formats))
    result: str | bytes | None = spec.render(evaluation, destination, **options)
    return result
