"""HTML and PDF renderers of a report context. They lay out what the builder computed; they never query.

The PDF is WeasyPrint on the same HTML with static/css/print.css. Its URL fetcher serves /static/ files
from disk and refuses every other URL, so a report can never make the server fetch anything from the
network (no SSRF through a record's text, even though every text is escaped anyway).
"""

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

PRINT_CSS = "css/print.css"
# A base URL nobody can resolve: relative links in a report resolve under it, and the fetcher maps
# its /static/ path to files on disk.
BASE_URL = "https://report.invalid/"


@cache
def print_css_path() -> Path:
    return Path(finders.find(PRINT_CSS))


class StaticOnlyFetcher(URLFetcher):
    """Serve /static/<file> from the static directories; refuse everything else (network, file:, data:)."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        prefix = settings.STATIC_URL
        if f"{parts.scheme}://{parts.netloc}/" == BASE_URL and parts.path.startswith(prefix):
            relative = parts.path.removeprefix(prefix)
            found = finders.find(relative) if ".." not in relative.split("/") else None
            if found:
                return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": _type(found)})
        raise URLFetchingError(f"refused: reports fetch only their own static files, not {url[:80]}")


def _type(path: str) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(Path(path).suffix, "")


def render_html(ctx: dict, *, embed_css: bool = True) -> str:
    """The report as one HTML document; with the print stylesheet inside, so the file stands alone."""
    css = print_css_path().read_text(encoding="utf-8") if embed_css else ""
    return render_to_string("reports/document.html", {"ctx": ctx, "embedded_css": css})


def render_pdf(ctx: dict, progress=None) -> bytes:
    """A4 PDF: cover, wide tables on landscape pages, header rows repeated, page numbers."""
    html = render_html(ctx, embed_css=False)
    if progress:
        progress("")
    return pdf_from_html(html, progress)


def pdf_from_html(html: str, progress=None) -> bytes:
    fetcher = StaticOnlyFetcher()
    stylesheet = CSS(filename=str(print_css_path()), url_fetcher=fetcher)
    # render() then write_pdf() is what HTML.write_pdf() does; apart, the layout (most of the time) is a step.
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(stylesheets=[stylesheet])
    if progress:
        progress("")
    content = document.write_pdf()
    if progress:
        progress("")
    return content
