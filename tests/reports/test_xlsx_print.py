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


def test_every_header_cell_has_a_named_bold_font(project, periods, wp3):
    book = load_workbook(io.BytesIO(render_xlsx(build_progress(project, periods[-1]))))
    for sheet in book.worksheets[1:]:
        for cell in sheet[1]:
            assert (cell.font.name, cell.font.sz, cell.font.b) == ("Calibri", 11, True), sheet.title


def test_the_report_sheet_prints_its_dates_readably(project, periods, wp3):
    """Real dates with a number format, left by their label, in a column wide enough (not "#####")."""
    from datetime import date, datetime

    from reports.xlsx import COVER_WIDTHS

    book = load_workbook(io.BytesIO(render_xlsx(build_progress(project, periods[0]))))
    sheet = book["Report"]
    values = {row[0].value: row[1] for row in sheet.iter_rows(min_row=1, max_row=9) if row[0].value}
    days = (
        values["Period start"].value.date(),
        values["Period end"].value.date(),
    )  # openpyxl reads datetimes
    assert days == (date(2020, 9, 1), date(2021, 2, 28))
    for label, shown in (("Period start", "DD.MM.YYYY"), ("Period end", "DD.MM.YYYY")):
        assert values[label].number_format == shown and values[label].alignment.horizontal == "left"
    as_of = values["Data as of"]
    assert isinstance(as_of.value, datetime) and as_of.number_format == "DD.MM.YYYY HH:MM"
    assert sheet.column_dimensions["B"].width == COVER_WIDTHS[1] >= len("30.11.2026 12:59") + 2
    # The long notes are given the lines they wrap to.
    note_rows = [
        c.row for c in sheet["B"] if isinstance(c.value, str) and len(c.value) > COVER_WIDTHS[1] * 1.2
    ]
    assert note_rows and all(sheet.row_dimensions[r].height >= 30 for r in note_rows)


def test_a_vague_date_is_written_as_written_and_sorts_only_when_it_is_a_day(project, periods, wp3, mav):
    from datetime import date

    from tests.factories import EngagementFactory

    EngagementFactory(
        project=project,
        responsible=[mav],
        name="Known by year",
        date_start=date(2020, 1, 1),
        date_end=date(2020, 12, 31),
        date_precision="year",
    )
    EngagementFactory(
        project=project,
        responsible=[mav],
        name="Known by day",
        date_start=date(2021, 3, 4),
        date_end=date(2021, 3, 4),
        date_precision="day",
    )
    book = load_workbook(io.BytesIO(render_xlsx(build_d32(project, periods[-1]))))
    sheet = next(s for s in book.worksheets if s.title.startswith("T2 "))
    header = [c.value for c in sheet[1]]
    written, sortable = header.index("Date (as written)"), header.index("Date (sortable)")
    rows = {row[0]: (row[written], row[sortable]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Known by year"] == ("2020", None)  # not 31.12.2020
    assert rows["Known by day"][0] == "04.03.2021"
    assert rows["Known by day"][1].date() == date(2021, 3, 4)


def test_table6_dates_come_from_dates_and_location(project, periods, wp3, mav):
    """A business agreement's date is the meeting its Dates & Location cell names, not a signature date
    (D3.2 Table 6 has none): before, all ten rows of the demo's Table 6 had no date."""
    from tests.factories import AgreementFactory

    for name, text in [
        ("Dated meeting", "08.09.2022 Agreed procedure meeting, moderated by ELCA"),
        ("Month only", "Dubai January 2022"),
        ("No date", "Online after matchmaking event"),
    ]:
        AgreementFactory(
            project=project,
            kind="business",
            status="not_signed",
            name=name,
            dates_location=text,
            responsible=[mav],
        )
    book = load_workbook(io.BytesIO(render_xlsx(build_d32(project, periods[-1]))))
    sheet = next(s for s in book.worksheets if s.title.startswith("T6 "))
    header = [c.value for c in sheet[1]]
    written, sortable = header.index("Date (as written)"), header.index("Date (sortable)")
    rows = {row[0]: (row[written], row[sortable]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (
        rows["Dated meeting"][0] == "08.09.2022"
        and rows["Dated meeting"][1].date().isoformat() == "2022-09-08"
    )
    assert rows["Month only"] == ("Jan 2022", None)
    assert rows["No date"] == (None, None)


def test_a_target_that_is_a_number_is_a_number_cell(project, periods):
    from kpis.models import Indicator, IndicatorSet

    indicator_set = IndicatorSet.objects.create(
        project=project, code="CALL", title="Call indicators", report_section="progress_call"
    )
    for position, (target, text) in enumerate([(12, ""), (38, "38 = 12 + 6 + 20")], start=1):
        Indicator.objects.create(
            indicator_set=indicator_set,
            code=f"CALL-{position}",
            position=position,
            title=f"Indicator {position}",
            mode="reported",
            target=target,
            target_text=text,
        )
    sheet = load_workbook(io.BytesIO(render_xlsx(build_progress(project, periods[-1]))))[
        "II.1 Call indicators"
    ]
    assert sheet["C1"].value == "Target"
    assert (sheet["C2"].value, sheet["C2"].data_type) == (12, "n")
    assert (sheet["C3"].value, sheet["C3"].data_type) == ("38 = 12 + 6 + 20", "s")


def test_a_header_is_as_tall_as_its_words_wrapped_in_bold(project, periods, wp3):
    """'Achieved (cumulated results)' in a 14-wide column wraps between words into three bold lines;
    counted by characters it looked like two, and LibreOffice cut off '(results)'."""
    from reports.xlsx import LINE_POINTS, _lines

    assert _lines("Achieved (cumulated results)", 14, factor=1.0) == 3
    assert _lines("Achieved (cumulated results)", 40) == 1
    assert _lines("Averyveryverylongword", 5, factor=1.0) == 5  # a word longer than a line is cut
    assert _lines("one\ntwo", 20) == 2

    book = load_workbook(io.BytesIO(render_xlsx(build_progress(project, periods[-1]))))
    header = book["II.1 Call indicators"][1]
    assert [c.value for c in header][1] == "Achieved (cumulated results)"
    assert book["II.1 Call indicators"].row_dimensions[1].height >= 3 * LINE_POINTS
