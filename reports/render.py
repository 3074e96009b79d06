"""HTML and PDF renderers of a report context. They lay out what the builder computed; they never query.

The PDF is WeasyPrint on the same HTML with static/css/print.css. Its URL fetcher serves /static/ files
from disk and the report's own images (BASE_URL images/<id>, from the context: the images attached to the
period's texts) and refuses every other URL, so a report can never make the server fetch anything from the
network (no SSRF through a text, even though every text is sanitised anyway). The HTML file and the
preview carry the same images inline (data: URLs), so the file stands alone.
"""

import base64
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from reports.common import REPORT_BASE_URL, REPORT_IMAGES

PRINT_CSS = "css/print.css"
# A base URL nobody can resolve: relative links in a report resolve under it, and the fetcher maps
# its /static/ path to files on disk.
BASE_URL = REPORT_BASE_URL


@cache
def print_css_path() -> Path:
    return Path(finders.find(PRINT_CSS))


class StaticOnlyFetcher(URLFetcher):
    """Serve /static/<file> from the static directories and the report's own images from `images` (the
    context's {id: {"mime", "data"}}); refuse everything else (network, file:, data:)."""

    def __init__(self, images: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.images = images or {}

    def fetch(self, url, headers=None):
        image = self.images.get(url.removeprefix(REPORT_IMAGES)) if url.startswith(REPORT_IMAGES) else None
        if image and image["mime"].startswith("image/"):
            content = base64.b64decode(image["data"])
            return URLFetcherResponse(url, content, {"Content-Type": image["mime"]})
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
    """The report as one HTML document; with the print stylesheet and the images inside (embed_css), so
    the file stands alone; without them for the PDF, whose fetcher serves both."""
    css = print_css_path().read_text(encoding="utf-8") if embed_css else ""
    return render_to_string(
        "reports/document.html", {"ctx": ctx, "embedded_css": css, "inline_images": embed_css}
    )


def render_pdf(ctx: dict, progress=None) -> bytes:
    """A4 PDF: cover, wide tables on landscape pages, header rows repeated, page numbers."""
    html = render_html(ctx, embed_css=False)
    if progress:
        progress("")
    return pdf_from_html(html, progress, images=ctx.get("images"))


def pdf_from_html(html: str, progress=None, images: dict | None = None) -> bytes:
    fetcher = StaticOnlyFetcher(images)
    stylesheet = CSS(filename=str(print_css_path()), url_fetcher=fetcher)
    # render() then write_pdf() is what HTML.write_pdf() does; apart, the layout (most of the time) is a step.
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(stylesheets=[stylesheet])
    if progress:
        progress("")
    content = document.write_pdf()
    if progress:
        progress("")
    return content
