"""Edge cases of the counting rules on a small project: period placement, status, kinds, undated records,
duplicates, several responsible partners, consortium-led records, another project's records."""

from datetime import date

import pytest

from agreements.models import SectorInvolvement
from consortium.models import Organisation, Sector
from consortium.vague_dates import parse_vague_date
from kpis.engine import build_dashboard
from kpis.models import CountingRule
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    EventFactory,
    MissionFactory,
    OrganisationFactory,
    PartnerFactory,
    ProjectFactory,
)


def figures(project, periods, rule, number=2):
    board = build_dashboard(project, periods[number - 1], with_ids=True)
    return next(r for r in board.results if r.rule and r.rule.name == rule)


def signed(project, when, **kwargs):
    kwargs.setdefault("kind", "cluster_cluster")
    agreement = AgreementFactory(project=project, status="signed", **kwargs)
    if when:
        agreement.signed_date = parse_vague_date(when)
        agreement.save()
    return agreement


def dated_event(project, when, **kwargs):
    event = EventFactory(project=project, **kwargs)
    if when:
        event.date = parse_vague_date(when)
        event.save()
    return event


@pytest.fixture
def other_project_records(indicators):
    """Records of another project, which must never count in ELCA's figures."""
    other = ProjectFactory(acronym="OTHER")
    signed(other, "10.01.2021")
    dated_event(other, "10.01.2021", category="national_workshop")
    EngagementFactory(project=other)


def test_agreement_signed_in_the_period_counts_and_after_its_end_does_not(project, indicators, periods):
    signed(project, "28.02.2021")
    signed(project, "01.03.2021")

    assert figures(project, periods, "cooperation_agreements_cluster_cluster", 1).achieved == 1
    assert figures(project, periods, "cooperation_agreements_cluster_cluster", 2).achieved == 2


def test_a_vague_date_counts_in_the_period_of_its_end(project, indicators, periods):
    signed(project, "02.2021")  # ends 28.02.2021: P1
    signed(project, "2021")  # ends 31.12.2021: P2, although it starts in P1

    p1 = figures(project, periods, "cooperation_agreements_cluster_cluster", 1)

    assert p1.achieved == 1
    assert [v for _, v in p1.curve] == [1, 2]


@pytest.mark.parametrize("status", ["identified", "negotiating", "to_be_signed", "not_signed"])
def test_only_signed_agreements_count(project, indicators, periods, status):
    AgreementFactory(project=project, kind="cluster_cluster", status=status)

    assert figures(project, periods, "cooperation_agreements_cluster_cluster").achieved == 0


def test_an_undated_signed_agreement_counts_only_in_the_last_period_and_is_flagged(
    project, indicators, periods
):
    agreement = signed(project, None, kind="sme_sme")

    first = figures(project, periods, "cooperation_agreements_sme_sme", 1)
    last = figures(project, periods, "cooperation_agreements_sme_sme", 2)

    assert (first.achieved, first.undated) == (0, 1)
    assert (last.achieved, last.undated, last.undated_ids, last.record_ids) == (
        1,
        1,
        [agreement.pk],
        [agreement.pk],
    )


def test_each_kind_counts_only_its_own_agreements(project, indicators, periods):
    for kind in ("cluster_cluster", "cluster_intermediary", "sme_sme", "sme_sme", "business"):
        signed(project, "10.01.2021", kind=kind)

    results = {
        rule: figures(project, periods, rule).achieved
        for rule in (
            "cooperation_agreements_cluster_cluster",
            "cooperation_agreements_cluster_intermediary",
            "cooperation_agreements_sme_sme",
            "cooperation_agreements",
            "business_agreements",
        )
    }
    subtypes = {s.subtype: s.achieved for s in figures(project, periods, "cooperation_agreements").subtypes}

    assert results == {
        "cooperation_agreements_cluster_cluster": 1,
        "cooperation_agreements_cluster_intermediary": 1,
        "cooperation_agreements_sme_sme": 2,
        "cooperation_agreements": 4,
        "business_agreements": 1,
    }
    assert subtypes == {"cluster_cluster": 1, "cluster_intermediary": 1, "sme_sme": 2}


def test_a_record_with_two_partners_credits_each_once_and_counts_once(project, amz, mav, indicators, periods):
    signed(project, "10.01.2021", responsible=[amz, mav])
    signed(project, "11.01.2021", responsible=[amz])

    result = figures(project, periods, "cooperation_agreements_cluster_cluster")

    assert result.achieved == 2
    assert {f.partner.short_name: f.achieved for f in result.per_partner} == {"AMZ": 2, "MAV": 1}


def test_a_consortium_led_record_counts_in_the_total_and_the_consortium_column(
    project, amz, mav, indicators, periods
):
    dated_event(project, "10.01.2021", category="international_meeting", consortium_led=True)
    dated_event(
        project, "10.01.2021", category="international_meeting", consortium_led=True, responsible=[amz]
    )

    result = figures(project, periods, "international_meetings")

    assert (result.achieved, result.consortium) == (2, 2)
    assert {f.partner.short_name: f.achieved for f in result.per_partner} == {"AMZ": 1, "MAV": 0}


def test_records_of_another_project_never_count(project, indicators, periods, other_project_records):
    results = [r for r in build_dashboard(project, periods[1]).results if r.indicator.mode == "counted"]

    assert {r.code: r.achieved for r in results if r.achieved} == {}


def test_an_organisation_engaged_twice_counts_once(project, amz, mav, indicators, periods):
    organisation = OrganisationFactory(project=project)
    EngagementFactory(project=project, organisation=organisation, responsible=[amz])
    EngagementFactory(project=project, organisation=organisation, responsible=[mav])
    EngagementFactory(project=project, responsible=[mav])

    result = figures(project, periods, "organisations_engaged")

    assert (result.achieved, result.records, result.undated) == (2, 3, 3)
    assert {f.partner.short_name: f.achieved for f in result.per_partner} == {"AMZ": 1, "MAV": 2}


def test_sectors_beyond_mobility_count_distinct_non_mobility_sectors_only(project, indicators, periods):
    automotive = Sector.objects.create(name="Automotive", is_mobility=True)
    energy = Sector.objects.create(name="Energy", is_mobility=False)
    health = Sector.objects.create(name="Health", is_mobility=False)
    Sector.objects.create(name="Textile", is_mobility=False)  # in the table, involved in nothing
    for sectors in ([automotive, energy], [energy, health], [automotive]):
        involvement = SectorInvolvement.objects.create(project=project, name="Involvement")
        involvement.date = parse_vague_date("10.01.2021")
        involvement.save()
        involvement.sectors.set(sectors)

    result = figures(project, periods, "sectors_beyond_mobility")

    assert (result.achieved, result.records) == (2, 2)


def test_smes_in_cooperation_count_distinct_smes_of_signed_agreements(project, indicators, periods):
    sme = OrganisationFactory(project=project, type=Organisation.Type.SME)
    rto = OrganisationFactory(project=project, type=Organisation.Type.RTO)
    signed(project, "10.01.2021", kind="sme_sme", organisation=sme)
    signed(project, "10.02.2021", kind="business", organisation=sme)
    signed(project, "10.02.2021", kind="sme_sme", organisation=rto)
    AgreementFactory(
        project=project, kind="sme_sme", organisation=OrganisationFactory(project=project, type="sme")
    )

    assert figures(project, periods, "smes_in_cooperation").achieved == 1


def test_third_country_associations_need_a_third_country(project, indicators, periods):
    us_cluster = OrganisationFactory(project=project, type=Organisation.Type.CLUSTER, country="US")
    de_cluster = OrganisationFactory(project=project, type=Organisation.Type.CLUSTER, country="DE")
    nowhere = OrganisationFactory(project=project, type=Organisation.Type.CLUSTER, country="")
    us_company = OrganisationFactory(project=project, type=Organisation.Type.SME, country="US")
    for organisation in (us_cluster, us_cluster, de_cluster, nowhere, us_company):
        signed(project, "10.01.2021", organisation=organisation)

    assert figures(project, periods, "third_country_associations").achieved == 1


def test_event_rules_count_their_categories(project, indicators, periods):
    mission = MissionFactory(project=project)
    for category in ("national_workshop", "international_meeting", "international_event", "matchmaking"):
        dated_event(project, "10.01.2021", category=category)
    dated_event(project, "10.01.2021", category="matchmaking", mission=mission)
    dated_event(project, "10.01.2021", category="consortium_meeting")

    counts = {
        rule: figures(project, periods, rule).achieved
        for rule in (
            "national_workshops",
            "international_meetings",
            "international_events",
            "matchmaking_meetings",
            "events_organised",
            "cross_fertilisation_events",
            "consortium_meetings",
        )
    }
    wp = {s.subtype: s.achieved for s in figures(project, periods, "events_organised").subtypes}

    assert counts == {
        "national_workshops": 1,
        "international_meetings": 1,
        "international_events": 1,
        "matchmaking_meetings": 2,
        "events_organised": 5,
        "cross_fertilisation_events": 3,
        "consortium_meetings": 1,
    }
    assert wp == {"mission": 1, "no_mission": 4}


def test_partnerships_cross_fertilised_count_distinct_initiatives_met_at_events(project, indicators, periods):
    initiative = OrganisationFactory(project=project, type=Organisation.Type.INITIATIVE)
    cluster = OrganisationFactory(project=project, type=Organisation.Type.CLUSTER)
    for organisations in ([initiative, cluster], [initiative], [cluster]):
        dated_event(project, "10.01.2021", category="international_meeting").organisations.set(organisations)

    result = figures(project, periods, "partnerships_cross_fertilised")

    assert (result.achieved, result.records) == (1, 2)


def test_an_event_meeting_several_organisations_counts_once_in_every_event_rule(
    project, amz, mav, indicators, periods
):
    # The engine joins an event's initiatives (kpis/figures.py): an event comes once per organisation met,
    # and an event meeting only other organisations once per each of them; each still counts once.
    first, second = (OrganisationFactory(project=project, type=Organisation.Type.INITIATIVE) for _ in "12")
    clusters = [OrganisationFactory(project=project, type=Organisation.Type.CLUSTER) for _ in "12"]
    met = dated_event(project, "10.01.2021", category="international_meeting", responsible=[amz])
    met.organisations.set([first, second, clusters[0]])
    dated_event(
        project, "10.01.2021", category="international_meeting", responsible=[amz, mav]
    ).organisations.set(clusters)
    dated_event(project, "10.01.2021", category="international_meeting")

    partnerships = figures(project, periods, "partnerships_cross_fertilised")
    meetings = figures(project, periods, "international_meetings")

    assert (partnerships.achieved, partnerships.records, partnerships.record_ids) == (2, 1, [met.pk])
    assert {f.partner.short_name: f.achieved for f in partnerships.per_partner} == {"AMZ": 2, "MAV": 0}
    assert (meetings.achieved, meetings.records) == (3, 3)
    assert {f.partner.short_name: f.achieved for f in meetings.per_partner} == {"AMZ": 2, "MAV": 1}


def test_every_rule_has_a_one_line_statement(indicators):
    statements = [rule.compiled.statement for rule in CountingRule.objects.all()]

    assert len(statements) == 19
    assert all(s.startswith(("Counts ", "Adds up ")) and "\n" not in s for s in statements), statements


def test_a_record_dated_after_the_last_period_never_counts(project, indicators, periods):
    signed(project, "01.09.2022")  # after P2's end (31.08.2022)

    result = figures(project, periods, "cooperation_agreements_cluster_cluster")

    assert (result.achieved, result.undated) == (0, 0)


def test_a_project_partner_of_another_project_gets_no_column(project, indicators, periods):
    PartnerFactory(project=ProjectFactory(acronym="OTHER"), short_name="OUT")

    result = figures(project, periods, "national_workshops")

    assert [f.partner.short_name for f in result.per_partner] == []
    assert date(2022, 8, 31) == periods[1].end_date


def test_system_check_names_a_rule_made_of_a_part_that_does_not_exist(indicators):
    from django.db import connections

    from kpis.checks import counting_rules_compile

    assert counting_rules_compile(databases=["default"]) == []
    # Changed behind the pages' back (the admin's raw JSON, a database edit): the check says what is wrong.
    CountingRule.objects.filter(name="national_workshops").update(
        conditions=[{"field": "colour", "values": ["red"]}]
    )

    (error,) = counting_rules_compile(databases=["default"])
    assert error.id == "kpis.E001"
    assert error.msg == "ELCA national_workshops: events have no field “colour” to set a condition on."
    assert connections["default"].vendor in {"sqlite", "postgresql"}
