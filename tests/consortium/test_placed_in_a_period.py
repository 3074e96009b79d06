"""The one rule "placed in a period" (DESIGN.md §4).

RecordQuerySet.known_by, Agreement.objects.signed(by=...), Project.last_period and ReportingPeriod.is_last;
the reports and the engine are tested against them in tests/reports/test_placement.py.
"""

from datetime import date

from agreements.models import Agreement
from events.models import Event
from tests.factories import AgreementFactory, EventFactory


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def event(project, name, end=None):
    dates = {"date_start": end, "date_end": end, "date_precision": "day"} if end else {}
    return EventFactory(project=project, name=name, **dates)


def signed(project, name, end=None, status=Agreement.Status.SIGNED):
    dates = {"signed_start": end, "signed_end": end, "signed_precision": "day"} if end else {}
    return AgreementFactory(project=project, name=name, status=status, **dates)


def test_the_last_period_is_the_highest_numbered_and_the_ordered_periods_know_it(
    project, periods, django_assert_num_queries
):
    assert project.last_period() == periods[1]
    with django_assert_num_queries(1):
        ordered = project.reporting_periods()
        assert [p.is_last for p in ordered] == [False, True]


def test_a_period_read_alone_asks_whether_it_is_the_last(project, periods):
    first, last = (type(p).objects.get(pk=p.pk) for p in periods)

    assert (first.is_last, last.is_last) == (False, True)


def test_a_record_is_known_by_the_end_of_the_period_containing_the_end_of_its_date(project, periods):
    event(project, "Before the start", date(2020, 5, 1))
    event(project, "Last day of P1", date(2021, 2, 28))
    event(project, "First day of P2", date(2021, 3, 1))
    event(project, "After the last period", date(2021, 9, 1))
    first, last = project.reporting_periods()

    assert names(Event.objects.known_by(first)) == {"Before the start", "Last day of P1"}
    assert names(Event.objects.known_by(last)) == {"Before the start", "Last day of P1", "First day of P2"}


def test_an_undated_record_is_known_only_by_the_last_period(project, periods):
    event(project, "Undated")
    first, last = project.reporting_periods()

    assert names(Event.objects.known_by(first)) == set()
    assert names(Event.objects.known_by(last)) == {"Undated"}
    assert names(Event.objects.undated()) == {"Undated"}


def test_agreements_are_signed_by_a_period_by_their_signature_date_undated_ones_in_the_last(project, periods):
    signed(project, "Signed in P1", date(2021, 1, 15))
    signed(project, "Signed in P2", date(2021, 6, 1))
    signed(project, "Signed, no date")
    signed(project, "In negotiation", status=Agreement.Status.NEGOTIATING)
    first, last = project.reporting_periods()

    assert names(Agreement.objects.signed(by=first)) == {"Signed in P1"}
    assert names(Agreement.objects.signed(by=last)) == {"Signed in P1", "Signed in P2", "Signed, no date"}
    # A report's rows: what is not (yet) signed has no signature date, so it shows in the last period only.
    assert names(Agreement.objects.known_by(last)) - names(Agreement.objects.signed(by=last)) == {
        "In negotiation"
    }
    assert names(Agreement.objects.undated()) == {"Signed, no date"}


def test_only_a_signed_agreement_without_its_date_is_undated(project):
    assert signed(project, "Signed, no date").is_undated
    assert not signed(project, "In negotiation", status=Agreement.Status.NEGOTIATING).is_undated
    assert event(project, "Undated event").is_undated
    assert not event(project, "Dated event", date(2021, 1, 1)).is_undated
