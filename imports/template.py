"""The template a consortium fills in (one per record kind), and the same layout filled with records."""

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from imports.kinds import KINDS, allowed_values
from imports.resources import resource_for
from imports.spec import Kind
from workspace.spreadsheet import text_cell

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
WRAP = Alignment(wrap_text=True, vertical="top")


def template_cell(sheet, value, header=False):
    """A cell of a template: text escaped and wrapped, numbers kept, a header white on blue."""
    if isinstance(value, str):
        cell = text_cell(sheet, value, alignment=WRAP)
    else:  # numbers (a timeline row, a participant count) stay numbers
        cell = WriteOnlyCell(sheet, value=value)
        cell.alignment = WRAP
    if header:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    return cell


def workbook_bytes(kind_name: str, project, queryset=None, user=None) -> bytes:
    """An XLSX with the kind's columns (and the records of `queryset`, if given) plus a "Columns" sheet."""
    kind = kind_name if isinstance(kind_name, Kind) else KINDS[kind_name]
    book = Workbook(write_only=True)
    # A sheet title has at most 31 characters and none of \ / ? * [ ] : (a translated label may have them).
    sheet = book.create_sheet(re.sub(r"[\\/?*\[\]:]", "-", str(kind.label))[:31])
    for index, column in enumerate(kind.columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = (
            34 if column.attribute in {"description", "expectations_results", "dates_location"} else 18
        )
    sheet.freeze_panes = "A2"
    # The headers in the active language: a file keeping them is recognised when imported in that
    # language, and the English ones always (imports.files.recognised).
    sheet.append([template_cell(sheet, c.label, header=True) for c in kind.columns])
    if queryset is not None:
        resource = resource_for(kind, project, user, update=True, source="export")
        for row in resource.export(queryset=queryset).dict:
            sheet.append([template_cell(sheet, row.get(c.header, "")) for c in kind.columns])
    guide = book.create_sheet(re.sub(r"[\\/?*\[\]:]", "-", _("Columns"))[:31])
    for width, letter in zip((28, 10, 60, 60), "ABCD", strict=True):
        guide.column_dimensions[letter].width = width
    guide.append(
        [
            template_cell(guide, text, header=True)
            for text in (_("Column"), _("Required"), _("What to write"), _("Allowed values"))
        ]
    )
    for column in kind.columns:
        guide.append(
            [
                template_cell(guide, column.label),
                template_cell(guide, _("yes") if column.required else ""),
                template_cell(guide, _guide_help(column)),
                template_cell(guide, str(allowed_values(column, project))),
            ]
        )
    guide.append([])
    guide.append(
        [
            template_cell(
                guide,
                _(
                    "The key of a row is '%(column)s': importing the same file again adds nothing twice; "
                    "choose 'update' to change existing rows."
                )
                % {"column": kind.key_column.label},
            )
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _guide_help(column) -> str:
    """What to write in a column, and the other headers recognised for it."""
    if not column.synonyms:
        return str(column.help)
    return _("%(help)s (also recognised: %(synonyms)s)") % {
        "help": column.help,
        "synonyms": ", ".join(column.synonyms),
    }
