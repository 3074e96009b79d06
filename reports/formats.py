"""Which report comes in which format, and the one function every download path calls.

The download button (through a background task), the CLI (`export_report`) and a freeze all go through
`build` and `render`, so they write the same content for the same data.
"""

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from reports.d32 import build_d32
from reports.progress import build_progress

KINDS = {
    "d32": (gettext_lazy("D3.2 Cross-fertilisation results"), build_d32),
    "progress": (gettext_lazy("Technical progress report"), build_progress),
}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMATS = {"d32": ("html", "pdf", "xlsx"), "progress": ("html", "pdf", "xlsx", "docx")}


def report_language(language: str | None = None) -> str:
    """The language of a report's headings and fixed texts: English (settings.LANGUAGE_CODE) unless one was
    chosen. Never the UI language of whoever asks: the agency reads the reports in English."""
    return language or settings.LANGUAGE_CODE


def build(kind: str, project, period, *, report_date=None, language: str | None = None) -> dict:
    """The report's context; `report_date` (the day the progress report is prepared, default today) sets
    the state its milestone and deliverable tables show. D3.2 has no such tables and ignores it.
    Its headings and fixed texts are in `language` (report_language: English by default); the records'
    texts are data and never translated."""
    with translation.override(report_language(language)):
        if kind == "progress":
            return build_progress(project, period, report_date=report_date)
        return KINDS[kind][1](project, period)


def data_as_of(kind: str, project):
    """The data-as-of time the report of this kind would state if built now (about a dozen MAX queries)."""
    from reports import common, d32, progress

    record_models = d32.RECORD_MODELS if kind == "d32" else progress.RECORD_MODELS
    return common.data_as_of(project, record_models)


def render_steps(ctx: dict, fmt: str) -> int:
    """How many times `render(ctx, fmt, progress)` calls `progress`: the progress bar's steps."""
    if fmt in ("xlsx", "docx"):
        return len(ctx["tables"]) + 1  # each table, then the file written
    if fmt == "pdf":
        return 3  # the HTML, the layout (most of the time), the PDF written
    return 1


def _no_progress(what: str) -> None:
    return None


def render(ctx: dict, fmt: str, progress=None, language: str | None = None) -> bytes:
    """The file; `progress(what)` is called after each of `render_steps(ctx, fmt)` steps (what: a table
    title, or "" for a step of the whole file). The renderers' own headings are in `language`
    (report_language: English by default), as `build` wrote the context's."""
    with translation.override(report_language(language)):
        return _render(ctx, fmt, progress or _no_progress)


def _render(ctx: dict, fmt: str, progress) -> bytes:
    if fmt not in FORMATS[ctx["kind"]]:
        raise ValueError(f"the {KINDS[ctx['kind']][0]} has no {fmt} format")
    if fmt == "html":
        from reports.render import render_html

        content = render_html(ctx).encode("utf-8")
        progress("")
        return content
    if fmt == "pdf":
        from reports.render import render_pdf

        return render_pdf(ctx, progress)
    if fmt == "xlsx":
        from reports.xlsx import render_xlsx

        return render_xlsx(ctx, progress)
    from reports.docx_render import render_docx

    return render_docx(ctx, progress)


def filename(acronym: str, kind: str, period_number: int, fmt: str, frozen: bool = False) -> str:
    name = "D3.2" if kind == "d32" else "progress-report"
    suffix = "-frozen" if frozen else ""
    return f"{slugify(acronym).upper()}-{name}-P{period_number}{suffix}.{fmt}"
