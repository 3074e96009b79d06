"""Which report comes in which format, and the one function every download path calls.

The download button (through a background task), the CLI (`export_report`) and a freeze all go through
`build` and `render`, so they write the same content for the same data.
"""

from django.utils.text import slugify

from reports.d32 import build_d32
from reports.progress import build_progress

KINDS = {
    "d32": ("D3.2 Cross-fertilisation results", build_d32),
    "progress": ("Technical progress report", build_progress),
}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMATS = {"d32": ("html", "pdf", "xlsx"), "progress": ("html", "pdf", "xlsx", "docx")}


def build(kind: str, project, period) -> dict:
    return KINDS[kind][1](project, period)


def data_as_of(kind: str, project):
    """The data-as-of time the report of this kind would state if built now (about a dozen MAX queries)."""
    from reports import common, d32, progress

    record_models = d32.RECORD_MODELS if kind == "d32" else progress.RECORD_MODELS
    return common.data_as_of(project, record_models)


def render(ctx: dict, fmt: str) -> bytes:
    if fmt not in FORMATS[ctx["kind"]]:
        raise ValueError(f"the {KINDS[ctx['kind']][0]} has no {fmt} format")
    if fmt == "html":
        from reports.render import render_html

        return render_html(ctx).encode("utf-8")
    if fmt == "pdf":
        from reports.render import render_pdf

        return render_pdf(ctx)
    if fmt == "xlsx":
        from reports.xlsx import render_xlsx

        return render_xlsx(ctx)
    from reports.docx_render import render_docx

    return render_docx(ctx)


def filename(acronym: str, kind: str, period_number: int, fmt: str, frozen: bool = False) -> str:
    name = "D3.2" if kind == "d32" else "progress-report"
    suffix = "-frozen" if frozen else ""
    return f"{slugify(acronym).upper()}-{name}-P{period_number}{suffix}.{fmt}"
