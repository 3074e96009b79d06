"""Deliverables and milestones over time: when they are due, when they are overdue, when they are late
without a word, and the rules their status and dates keep (consortium/models/plan.py)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from consortium.models import Deliverable, DueDateChange, Milestone

pytestmark = pytest.mark.django_db

# The project (tests/factories.py) starts on 01.09.2020: M6 is February 2021, M8 April 2021.
END_OF_M6 = date(2021, 2, 28)


def deliverable(project, code="D1.1", due=6, **values) -> Deliverable:
    return Deliverable.objects.create(
        project=project, code=code, title=f"Deliverable {code}", due_month=due, **values
    )


def moved(item, to, reason="Extension of deadline approved", **values) -> DueDateChange:
    key = "deliverable" if isinstance(item, Deliverable) else "milestone"
    return DueDateChange.objects.create(
        project=item.project,
        from_month=item.current_due_month,
        to_month=to,
        reason=reason,
        **{key: item},
        **values,
    )


def test_a_deliverable_is_due_on_the_last_day_of_its_month(project):
    assert deliverable(project).due_date == END_OF_M6


def test_the_last_revision_gives_the_month_it_is_due_now(project):
    item = deliverable(project)
    moved(item, 8)
    moved(item, 9)

    item = Deliverable.objects.get(pk=item.pk)
    assert (item.due_month, item.current_due_month, item.due_date) == (6, 9, date(2021, 5, 31))


def test_overdue_the_day_after_its_month_ends_unless_submitted_by_then(project):
    item = deliverable(project)

    assert item.is_overdue(END_OF_M6) is False
    assert item.is_overdue(END_OF_M6 + timedelta(days=1)) is True
    item.status, item.submitted_on = Deliverable.Status.SUBMITTED, date(2021, 3, 10)
    assert item.is_overdue(date(2021, 3, 9)) is True
    assert item.is_overdue(date(2021, 3, 10)) is False


def test_the_overdue_query_agrees_with_is_overdue(project):
    late = deliverable(project, "D1.1")
    extended = deliverable(project, "D1.2")
    moved(extended, 8)
    deliverable(project, "D1.3", status=Deliverable.Status.SUBMITTED, submitted_on=date(2021, 2, 1))
    deliverable(project, "D1.4", due=None)
    on = date(2021, 3, 15)

    codes = set(Deliverable.objects.filter(project=project).overdue(on).values_list("code", flat=True))

    assert codes == {"D1.1"} == {d.code for d in Deliverable.objects.all() if d.is_overdue(on)}
    assert late.is_overdue(on) and not Deliverable.objects.get(pk=extended.pk).is_overdue(on)


def test_late_without_reason_lists_overdue_and_late_submissions_that_nobody_explained(project):
    deliverable(project, "D1.1")  # overdue, nothing said
    deliverable(project, "D1.2", comments="Waiting for the partners' input")  # overdue, explained
    moved(deliverable(project, "D1.3"), 8)  # moved with a reason: due in M8, not late
    moved(deliverable(project, "D1.4"), 5, reason="")  # moved without a reason, and overdue
    # Sent in M7 though due in M6: late, nothing said.
    deliverable(project, "D1.5", status=Deliverable.Status.SUBMITTED, submitted_on=date(2021, 3, 5))
    deliverable(
        project, "D1.6", status=Deliverable.Status.SUBMITTED, submitted_on=date(2021, 2, 20)
    )  # on time
    deliverable(project, "D1.7", due=12)  # not due yet

    late = Deliverable.objects.filter(project=project).late_without_reason(date(2021, 3, 15))

    assert sorted(late.values_list("code", flat=True)) == ["D1.1", "D1.4", "D1.5"]


def test_milestones_answer_the_same_questions(project):
    achieved = Milestone.objects.create(
        project=project,
        number=1,
        title="Partnership complete",
        due_month=6,
        achieved=True,
        achieved_on=END_OF_M6,
    )
    postponed = Milestone.objects.create(project=project, number=2, title="Target countries", due_month=6)
    moved(postponed, 8, reason="After formal request postponed")
    forgotten = Milestone.objects.create(project=project, number=3, title="Forgotten", due_month=6)
    on = date(2021, 3, 15)

    assert [m.number for m in Milestone.objects.overdue(on)] == [3]
    assert [m.number for m in Milestone.objects.late_without_reason(on)] == [3]
    assert (achieved.is_overdue(on), forgotten.is_overdue(on)) == (False, True)


def test_approved_needs_the_submission_and_the_approval_day(project):
    item = Deliverable(project=project, code="D1.1", title="T", status=Deliverable.Status.APPROVED)

    with pytest.raises(ValidationError) as caught:
        item.full_clean()

    assert caught.value.message_dict["submitted_on"] == [
        "Submitted on: a submitted or approved deliverable needs its date."
    ]
    assert caught.value.message_dict["approved_on"] == [
        "Approved on: an approved deliverable needs the day it was approved."
    ]


def test_approval_before_the_submission_is_refused_with_both_days(project):
    item = Deliverable(
        project=project,
        code="D1.1",
        title="T",
        status=Deliverable.Status.APPROVED,
        submitted_on=date(2021, 4, 30),
        approved_on=date(2021, 4, 1),
    )

    with pytest.raises(ValidationError) as caught:
        item.full_clean()

    assert caught.value.message_dict["approved_on"] == [
        "Approved on: 01.04.2021 is before it was submitted (30.04.2021)."
    ]


def test_a_submission_day_in_the_future_is_refused(project):
    tomorrow = timezone.localdate() + timedelta(days=1)
    item = Deliverable(
        project=project, code="D1.1", title="T", status=Deliverable.Status.SUBMITTED, submitted_on=tomorrow
    )

    with pytest.raises(ValidationError) as caught:
        item.full_clean()

    assert list(caught.value.message_dict) == ["submitted_on"]
    assert "is in the future" in caught.value.message_dict["submitted_on"][0]


def test_the_database_refuses_an_approved_deliverable_without_its_days(project):
    with pytest.raises(IntegrityError), transaction.atomic():
        Deliverable.objects.create(
            project=project, code="D1.1", title="T", status=Deliverable.Status.APPROVED
        )


def test_a_due_date_change_belongs_to_exactly_one_item(project):
    item = deliverable(project)
    milestone = Milestone.objects.create(project=project, number=1, title="M", due_month=6)

    with pytest.raises(IntegrityError), transaction.atomic():
        DueDateChange.objects.create(project=project, deliverable=item, milestone=milestone, to_month=8)


def test_changes_keep_their_history(project):
    item = deliverable(project)
    item.status, item.submitted_on = Deliverable.Status.SUBMITTED, date(2021, 2, 20)
    item.save()
    change = moved(item, 8)

    assert [h.status for h in item.history.order_by("history_date")] == ["pending", "submitted"]
    assert change.history.count() == 1
