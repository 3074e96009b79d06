"""ELCA's deliverables and milestones as the progress report's Tables 1 and 2 (seed 002) give them: what was
delivered and when, what moved and why; nothing approved, because no seed says so."""

from datetime import date

import pytest

from consortium.models import Deliverable, Milestone

pytestmark = pytest.mark.django_db


def test_delivered_rows_are_submitted_on_their_day_and_none_is_approved(elca_demo):
    submitted = dict(
        Deliverable.objects.filter(project=elca_demo, status="submitted").values_list("code", "submitted_on")
    )

    assert submitted == {
        "D1.1": date(2021, 4, 30),
        "D1.2": date(2021, 5, 15),
        "D5.1": date(2021, 2, 28),
        "D5.2": date(2021, 5, 4),
        "D5.3": date(2021, 6, 2),
    }
    assert not Deliverable.objects.filter(project=elca_demo, status="approved").exists()


def test_the_extensions_are_moves_with_the_reports_words(elca_demo):
    d11 = Deliverable.objects.get(project=elca_demo, code="D1.1")
    ms2 = Milestone.objects.get(project=elca_demo, number=2)

    assert [(c.from_month, c.to_month, c.reason) for c in d11.revisions()] == [
        (6, 8, "Extension of deadline was requested and approved New DL M8")
    ]
    assert (ms2.due_month, ms2.current_due_month) == (6, 8)
    assert ms2.revisions()[0].reason == "After formal request postponed DL for DL 1.1 to PM 8"


def test_on_the_day_of_the_first_report_the_late_rows_without_a_word_are_listed(elca_demo):
    # 02.06.2021, the day ELCA's first report was written. D1.1, D1.2, D2.1 and milestone 2 were moved with a
    # reason and D5.1 has a comment; D3.1 (M9, May 2021) and D4.1 (M6) were not sent; D5.2 (M3) and D5.3 (M7,
    # March 2021) were sent in May and June 2021, and the report says nothing about either.
    late = Deliverable.objects.filter(project=elca_demo).late_without_reason(date(2021, 6, 2))

    assert sorted(late.values_list("code", flat=True)) == ["D3.1", "D4.1", "D5.2", "D5.3"]
    assert list(Milestone.objects.filter(project=elca_demo).late_without_reason(date(2021, 6, 2))) == []
