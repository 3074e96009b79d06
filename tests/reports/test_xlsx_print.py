"""The report XLSX as a reviewer prints it (issue 14, office files): every sheet on A4, fitted to the page's
width, a table's header row repeated on every page, a footer with the page number; sheet names cut
between words."""

import io

import pytest
from openpyxl import load_workbook

from reports.d32 import build_d32
from reports.progress import build_progress
from reports.xlsx import render_xlsx, sheet_title


@pytest.mark.parametrize("build", [build_d32, build_progress])
def test_every_sheet_prints_on_a4_fitted_to_the_width(project, periods, wp3, build):
    book = load_workbook(io.BytesIO(render_xlsx(build(project, periods[-1]))))
    assert len(book.worksheets) > 2
    for index, sheet in enumerate(book.worksheets):
        assert sheet.page_setup.paperSize in (9, "9"), sheet.title  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
        assert "&P" in sheet.oddFooter.center.text
        assert all(d.alignment.wrap_text for d in sheet.column_dimensions.values()), sheet.title
        if index == 0:  # the cover: portrait, no table header
            assert sheet.page_setup.orientation == "portrait"
        else:
            assert sheet.page_setup.orientation == "landscape", sheet.title
            assert sheet.print_title_rows == "$1:$1", sheet.title


def test_a_long_sheet_name_is_cut_between_words():
    used: set = set()
    title = sheet_title("Table 11 Sectors beyond mobility and their involvement", used)
    assert title == "Table 11 Sectors beyond"
    assert len(sheet_title("Table 11 Sectors beyond mobility and their involvement", used)) <= 31
    assert (
        sheet_title("Averyveryverylongsinglewordwithoutanyspaceatall", used)
        == "Averyveryverylongsinglewordwith"
    )


def test_a_row_of_long_text_is_tall_enough_to_show_it(project, periods, wp3, mav):
    from tests.factories import EngagementFactory

    EngagementFactory(project=project, responsible=[mav], name="Long", description="word " * 120)
    book = load_workbook(io.BytesIO(render_xlsx(build_d32(project, periods[-1]))))
    sheet = next(s for s in book.worksheets if any(c.value == "Long" for c in s["A"]))
    row = next(c.row for c in sheet["A"] if c.value == "Long")
    description = next(c.column_letter for c in sheet[1] if c.value == "Description")
    assert len(sheet[f"{description}{row}"].value) > 5 * sheet.column_dimensions[description].width
    assert sheet.row_dimensions[row].height >= 4 * 15  # several lines, not one clipped line
