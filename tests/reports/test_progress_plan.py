"""Table 1 and Table 2 of the progress report as they stand on the report date (reports/progress_plan.py):
the due cell made from the months and their revisions, the comment from the row's and the revisions' words."""

from datetime import date

import pytest

from consortium.models import Deliverable, DueDateChange, Milestone
from reports.progress_plan import _deliverables, _milestones
from tests.factories import PeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def period1(project):
    return PeriodFactory(project=project, number=1, start_date=date(2020, 9, 1), end_date=date(2021, 2, 28))


def cells(table, code) -> dict:
    row = next(r["cells"] for r in table["rows"] if r["cells"][0] == code)
    return {"due": row[6], "delivered": row[7], "date": row[8], "comment": row[9]}


def test_the_due_cell_shows_the_planned_month_and_each_move_decided_by_the_report_date(project):
    item = Deliverable.objects.create(project=project, code="D1.1", title="T", due_month=6)
    DueDateChange.objects.create(
        project=project,
        deliverable=item,
        from_month=6,
        to_month=8,
        reason="Extension approved",
        decided_on=date(2021, 2, 10),
    )
    DueDateChange.objects.create(
        project=project,
        deliverable=item,
        from_month=8,
        to_month=9,
        reason="Second extension",
        decided_on=date(2021, 4, 20),
    )

    before = cells(_deliverables(project, date(2021, 3, 1)), "D1.1")
    after = cells(_deliverables(project, date(2021, 5, 1)), "D1.1")

    assert (before["due"], before["comment"]) == ("M6 (M8)", "Extension approved")
    assert (after["due"], after["comment"]) == ("M6 (M8) (M9)", "Extension approved\nSecond extension")


def test_the_work_plans_own_writing_of_the_due_date_is_kept(project):
    item = Deliverable.objects.create(
        project=project, code="D1.1", title="T", due_month=6, due_text="M 6 /M8"
    )
    DueDateChange.objects.create(project=project, deliverable=item, from_month=6, to_month=8, reason="Moved")

    assert cells(_deliverables(project, date(2021, 5, 1)), "D1.1")["due"] == "M 6 /M8"


def test_a_reason_the_comment_already_says_is_not_repeated(project):
    item = Deliverable.objects.create(
        project=project, code="D1.1", title="T", due_month=6, comments="Extension approved. Sent late."
    )
    DueDateChange.objects.create(project=project, deliverable=item, to_month=8, reason="Extension approved")

    assert (
        cells(_deliverables(project, date(2021, 5, 1)), "D1.1")["comment"] == "Extension approved. Sent late."
    )


def test_delivered_is_the_submission_on_or_before_the_report_date(project):
    Deliverable.objects.create(
        project=project,
        code="D1.1",
        title="T",
        due_month=6,
        status="submitted",
        submitted_on=date(2021, 4, 30),
    )

    on_time = cells(_deliverables(project, date(2021, 4, 30)), "D1.1")
    earlier = cells(_deliverables(project, date(2021, 4, 29)), "D1.1")

    assert (on_time["delivered"], on_time["date"]) == ("Yes", date(2021, 4, 30))
    assert (earlier["delivered"], earlier["date"]) == ("No", None)


def test_a_milestone_row_reads_its_move_and_reason(project, period1):
    milestone = Milestone.objects.create(project=project, number=2, title="Target countries", due_month=6)
    DueDateChange.objects.create(
        project=project, milestone=milestone, from_month=6, to_month=8, reason="Postponed"
    )

    rows = [r["cells"] for r in _milestones(project, period1, date(2021, 6, 2))["rows"]]

    assert rows == [["Target countries", "M6 (M8)", "No", None, "Postponed"]]
