"""The before-freeze check (issue 16 item 7): what a period's report lacks, each a sentence with a link."""

from datetime import date

import pytest

from consortium.models import Deliverable, DueDateChange, Task, WorkPackage
from kpis.models import Indicator, IndicatorSet, ReportedValue
from narrative.checks import before_freeze
from narrative.models import Contribution, Status, Text
from narrative.structure import for_project
from tests.factories import PeriodFactory


@pytest.fixture
def period(project):
    return PeriodFactory(project=project, number=1, start_date=date(2020, 9, 1), end_date=date(2021, 2, 28))


@pytest.fixture
def task(project):
    wp = WorkPackage.objects.create(project=project, number=1, title="Intelligence")
    return Task.objects.create(work_package=wp, code="1.1", title="Opportunities")


def kinds(items) -> list[str]:
    return [item["kind"] for item in items]


def write_everything(project, period, task):
    """Every text of the structure written and accepted."""
    for key in for_project(project).text_keys():
        Text.objects.create(project=project, period=period, key=key, body="Done.", status=Status.ACCEPTED)
    Text.objects.create(
        project=project, period=period, key="i2", task=task, body="Done.", status=Status.ACCEPTED
    )


def test_an_empty_period_lists_every_section_and_task_as_not_written(project, period, task):
    items = before_freeze(project, period)

    assert set(kinds(items)) == {"empty"}
    # The declaration, I summary, I.1, I.4's nine parts, II.7-II.10 and the task; not I.2 itself (written per
    # task), nor I.3, II.1 and II.2, whose tables say it all when they have no text.
    assert [i["section"] for i in items] == [
        "declaration",
        "summary",
        "i1",
        "i2",
        *["i4"] * 9,
        "ii7",
        "ii8",
        "ii9",
        "ii10",
    ]
    assert "I. Summary of progress to date: not written." in [i["text"] for i in items]
    assert any(i["text"].endswith("task 1.1: not written.") and i["section"] == "i2" for i in items)


def test_a_complete_period_has_nothing_missing(project, period, task):
    write_everything(project, period, task)

    assert before_freeze(project, period) == []


def test_unaccepted_texts_unsubmitted_contributions_uncommented_indicators_and_late_deliverables(
    project, period, task, amz, mav
):
    write_everything(project, period, task)
    Text.objects.filter(key="ii7").update(status=Status.RETURNED)
    Contribution.objects.create(project=project, period=period, task=task, partner=amz, body="Mine")
    Contribution.objects.create(
        project=project, period=period, task=task, partner=mav, body="Ours", status=Status.SUBMITTED
    )
    calls = IndicatorSet.objects.create(
        project=project, code="CALL", title="Call", report_section="progress_call"
    )
    unprinted = IndicatorSet.objects.create(project=project, code="WP3", title="Not in this report")
    not_here = Indicator.objects.create(
        indicator_set=unprinted, code="WP3-1", position=1, title="Other report's", target=5, mode="reported"
    )
    ReportedValue.objects.create(indicator=not_here, period=period, value=0)
    behind = Indicator.objects.create(
        indicator_set=calls, code="CALL-1", position=1, title="Clusters", target=12, mode="reported"
    )
    ReportedValue.objects.create(indicator=behind, period=period, value=0)
    commented = Indicator.objects.create(
        indicator_set=calls, code="CALL-2", position=2, title="Deals", target=10, mode="reported"
    )
    ReportedValue.objects.create(indicator=commented, period=period, value=0)
    Text.objects.create(project=project, period=period, key="ii1", indicator=commented, body="Starts in M9.")
    Deliverable.objects.create(project=project, code="D1.1", title="Late, no reason", due_month=3)
    Deliverable.objects.create(
        project=project,
        code="D1.2",
        title="Late, with reason",
        due_month=3,
        comments="Extension approved: M8",
    )
    Deliverable.objects.create(
        project=project,
        code="D1.3",
        title="On time",
        due_month=3,
        status="submitted",
        submitted_on=date(2020, 11, 30),
    )
    moved = Deliverable.objects.create(project=project, code="D1.4", title="Moved, with reason", due_month=3)
    DueDateChange.objects.create(
        project=project, deliverable=moved, from_month=3, to_month=4, reason="Approved"
    )
    Deliverable.objects.create(project=project, code="D2.1", title="Not due yet", due_month=12)

    items = before_freeze(project, period)

    assert [(i["kind"], i["text"]) for i in items] == [
        (
            "not_accepted",
            "II.7 Impact of the project's activities (if applicable): written, not accepted (Returned).",
        ),
        ("contribution", "Task 1.1: the contribution of AMZ is not submitted (Draft)."),
        ("comment", "Indicator CALL-1 is behind its target (0 of 12) and has no comment."),
        (
            "late",
            "Deliverable D1.1 was due in M3, was not delivered by the period's end and gives no reason.",
        ),
    ]
    assert items[2]["url"] == f"/projects/{project.acronym}/kpi/CALL-1/"
    assert items[3]["section"] == "i3"  # the section whose table lists the deliverables
