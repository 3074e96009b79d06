"""How a report cell reads on paper and on screen: the same filters for preview, HTML file and PDF."""

from math import ceil

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape

from consortium.dates import as_text
from reports.common import printed_values

register = template.Library()


@register.filter
def cell(value):
    """None -> empty, a date as the seeds write it, line breaks kept; always escaped."""
    text = as_text(value)
    if "\n" in text:
        # Django's own filter escapes first (autoescape=True), then adds <br>, and marks the result safe.
        return linebreaksbr(text, autoescape=True)
    return escape(text)


@register.filter
def printed_columns(table):
    """The columns of the printed layouts (HTML, PDF, DOCX): spreadsheet-only columns left out."""
    return [c for c in table["columns"] if c["only"] != "xlsx"]


@register.filter
def printed_cells(row, table):
    """(value, column, show) for each printed column; `show` is False for a repeated group label."""
    out = []
    cells = printed_values(row)
    for index, (value, col) in enumerate(zip(cells, table["columns"], strict=True)):
        if col["only"] == "xlsx":
            continue
        repeated = index == 0 and table.get("grouped_first_column") and not row.get("first_in_group", True)
        if col["kind"] == "int" and isinstance(value, str):
            col = {**col, "kind": "text"}  # words in a number column ("not reported ...") wrap like text
        out.append((value, col, not repeated))
    return out


# What a header word needs on paper (print.css: th at 7.5pt bold DejaVu Sans, 1.5mm padding each side), in
# points, and the text width of a portrait and a landscape page (A4 less print.css's margins).
HEADER_CHAR_PT = 5.2
CELL_PADDING_PT = 10
TEXT_WIDTH_PT = {False: 516, True: 774}


def _longest_word(text: str) -> int:
    return max((len(word) for word in str(text).split()), default=1)


def col_shares(table) -> list[int]:
    """Each printed column's share of the table width, in even percents summing to at most 100.

    From the widths the spreadsheet uses, but never narrower than the longest word of the column's header
    needs, so a header never breaks inside a word ("Respons|ible"); the wider columns give up the room.
    """
    columns = printed_columns(table)
    page = TEXT_WIDTH_PT[bool(table.get("landscape"))]
    least = [
        2 * ceil(50 * (_longest_word(c["label"]) * HEADER_CHAR_PT + CELL_PADDING_PT) / page) for c in columns
    ]
    total = sum(c["width"] for c in columns) or 1
    shares = [
        max(2, lowest, 2 * round(50 * c["width"] / total)) for c, lowest in zip(columns, least, strict=True)
    ]
    while sum(shares) > 100:
        # Take 2% from the column with the most room above what its header needs.
        index = max(range(len(shares)), key=lambda i: shares[i] - least[i])
        if shares[index] - least[index] < 2:
            break  # every column at its least: the words cannot all fit; the table stays as wide as asked
        shares[index] -= 2
    return [min(100, share) for share in shares]


@register.filter
def col_share(col, table):
    """A column's share of the table width (col_shares): the CSS classes w2..w100 in print.css/report.css.

    A fixed table layout with these shares renders many times faster in WeasyPrint than the automatic
    layout, which measures every cell's content first. Classes, not style attributes: the Content
    Security Policy forbids inline styles in the preview.
    """
    return col_shares(table)[printed_columns(table).index(col)]
