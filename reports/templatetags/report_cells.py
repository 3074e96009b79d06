"""How a report cell reads on paper and on screen: the same filters for preview, HTML file and PDF."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape

from consortium.dates import as_text

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
    for index, (value, col) in enumerate(zip(row["cells"], table["columns"], strict=True)):
        if col["only"] == "xlsx":
            continue
        repeated = index == 0 and table.get("grouped_first_column") and not row.get("first_in_group", True)
        out.append((value, col, not repeated))
    return out


@register.filter
def col_share(col, table):
    """A column's share of the table width, in even percents (CSS classes w2..w100 in print.css/report.css).

    From the widths the spreadsheet uses too. A fixed table layout with these shares renders many times
    faster in WeasyPrint than the automatic layout, which measures every cell's content first. Classes,
    not style attributes: the Content Security Policy forbids inline styles in the preview.
    """
    total = sum(c["width"] for c in printed_columns(table))
    return max(2, min(100, 2 * round(50 * col["width"] / total)))
