"""A sheet of communication activities comes in through the import; a sheet with a bad row writes nothing."""

import csv
import io

import pytest

from communication.models import CommunicationActivity
from imports.kinds import KINDS
from imports.service import run_import
from imports.template import workbook_bytes

pytestmark = pytest.mark.usefixtures("db")

HEADER = [
    "Reference",
    "Name",
    "Responsible",
    "Kind",
    "Channel",
    "Link",
    "Date",
    "Audience: SMEs",
    "Audience: RTOs",
    "Audience: clusters and intermediaries",
    "Audience: policy makers",
    "Audience: other",
]
PRESENTATIONS = [
    "C1",
    "Presentations of the project",
    "ELCA",
    "presentation",
    "",
    "",
    "01.09.2020 - 28.02.2021",
    "197",
    "34",
    "12",
    "13",
    "",
]
LINKEDIN = ["C2", "LinkedIn page", "MAV", "website", "LinkedIn", "https://www.linkedin.com/company/x", "2021"]


def imported(project, user, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return run_import(
        project=project,
        user=user,
        kind="communication",
        data=buffer.getvalue().encode(),
        filename="dissemination.csv",
        dry_run=False,
    )


def test_a_sheet_of_activities_is_imported_with_the_audience_by_kind(project, amz, mav, coordinator):
    report = imported(project, coordinator, [PRESENTATIONS, LINKEDIN])

    assert (report.ok, report.created) == (True, 2), report.problems
    presentations, linkedin = CommunicationActivity.objects.order_by("external_ref")
    assert (presentations.consortium_led, presentations.kind, str(presentations.date)) == (
        True,
        "presentation",
        "01.09.2020 - 28.02.2021",
    )
    assert [getattr(presentations, name) for name in CommunicationActivity.AUDIENCE] == [
        197,
        34,
        12,
        13,
        None,
    ]
    assert presentations.audience_total == 256
    assert (linkedin.link, list(linkedin.responsible.all()), linkedin.audience_total) == (
        "https://www.linkedin.com/company/x",
        [mav],
        None,
    )


@pytest.mark.parametrize(
    ("cell", "value", "column", "message"),
    [
        (5, "javascript:alert(1)", "Link", "Enter a valid URL."),
        (7, "-3", "Audience: SMEs", "'-3' is not a whole number of zero or more"),
        (3, "podcast", "Kind", "'podcast' is not a kind of activity"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(
    project, amz, mav, coordinator, cell, value, column, message
):
    bad = [*LINKEDIN, "", "", "", "", ""]
    bad[cell] = value

    report = imported(project, coordinator, [PRESENTATIONS, bad])

    assert report.written is False
    assert not CommunicationActivity.objects.exists()
    assert [(p.row, p.column) for p in report.problems] == [(3, column)]
    assert report.problems[0].message.startswith(message), report.problems[0].message


def test_the_template_has_a_column_for_every_kind_of_audience(project, amz):
    headers = [column.header for column in KINDS["communication"].columns]

    assert headers == [
        "Reference",
        "Name",
        "Responsible",
        "Kind",
        "Channel",
        "Link",
        "Date",
        "Dates & Location",
        "Location",
        "Description",
        *HEADER[7:],
    ]
    assert workbook_bytes("communication", project)[:2] == b"PK"  # an .xlsx (a zip)
