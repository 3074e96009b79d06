"""The formatting of report texts: Markdown (CommonMark with tables, through markdown-it-py) made safe by
an HTML sanitiser (nh3, the Rust `ammonia`), the same HTML for the page, the PDF and the DOCX.

What a writer may use: paragraphs, **bold**, *italic*, ~~struck~~, lists (numbered or not), links (http,
https, mailto), a table of a few rows, images attached to the text (`![caption](image:12)`), and numbers
from the KPI engine (`[[CALL-2]]`: replaced by the indicator's value when shown, so the text and the
dashboard never disagree; a change since the text was saved is flagged, see `changed_numbers`).
Raw HTML in a text is shown as text (markdown-it's html=False), and the sanitiser removes whatever else
is not on the list below (scripts, styles, event attributes, javascript: URLs), so a hostile text is inert
in all three formats. Headings are not offered: the report's structure gives them.
"""

import html
import re

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "strong", "em", "s", "del", "code", "blockquote", "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": set(),
    "td": set(),
}
SCHEMES = {"http", "https", "mailto"}
# [[CODE]]: an indicator's number; codes are letters, digits, dot, dash and underscore (CALL-2, WP3-10).
NUMBER = re.compile(r"\[\[([A-Za-z0-9][A-Za-z0-9_.-]{0,39})\]\]")
IMAGE = re.compile(r'src="image:(\d+)"')
MISSING = "[?]"

_parser = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable(["table", "strikethrough"])
    .disable(["heading", "lheading"])
)


def number_codes(body: str) -> list[str]:
    """The indicator codes a text cites, in order, each once."""
    return list(dict.fromkeys(NUMBER.findall(body or "")))


def _number_text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def to_html(body: str, *, numbers: dict | None = None, images: dict | None = None) -> str:
    """Safe HTML of a text: numbers put in (a code the project has not: "[?]"), images pointed at the URL
    `images` gives for their id (an image the text may not show is removed), everything else sanitised."""
    numbers = numbers or {}
    images = images or {}

    def number(match):
        code = match[1]
        # Escaped for Markdown: a value is a number or a short text ("not reported"), never markup.
        return (
            re.sub(r"([\\`*_{}\[\]()#+!|<>~-])", r"\\\1", _number_text(numbers[code]))
            if code in numbers
            else MISSING
        )

    source = NUMBER.sub(number, body or "")
    rendered = _parser.render(source)

    def image(match):
        url = images.get(int(match[1]))
        return f'src="{html.escape(url, quote=True)}"' if url else 'src=""'

    rendered = IMAGE.sub(image, rendered)
    clean = nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES | ({"https"} if images else set()),
        link_rel="noopener noreferrer nofollow",
    )
    return re.sub(r'<img src="">|<img alt="[^"]*">|<img[^>]*src=""[^>]*>', "", clean).strip()


def changed_numbers(saved: dict, current: dict) -> list[dict]:
    """The numbers a text cites whose value changed since it was saved: [{code, then, now}], in the saved
    order. A code cited then and unknown now shows "now" as None."""
    return [
        {"code": code, "then": then, "now": current.get(code)}
        for code, then in (saved or {}).items()
        if current.get(code) != then
    ]


def plain(body: str, *, numbers: dict | None = None) -> str:
    """The text without formatting (search, the before-freeze check's "is it empty"), numbers put in."""
    numbers = numbers or {}
    text = NUMBER.sub(lambda m: _number_text(numbers[m[1]]) if m[1] in numbers else MISSING, body or "")
    return text.strip()
