"""Every part a coordinator may pick gives a condition the database runs, and the parts mean what their
labels say (issue 15 item 4)."""

import pytest

from events.models import EventCountry
from kpis import rule_parts
from kpis.models import CountingRule
from tests.factories import AgreementFactory, EventFactory, MissionFactory, OrganisationFactory


def rule(project, kind, *conditions, counts="records", breakdown=""):
    return CountingRule(
        project=project,
        name="r",
        title="r",
        record_kind=kind,
        conditions=list(conditions),
        counts=counts,
        breakdown=breakdown,
    )


def names(project, counting_rule) -> set[str]:
    return set(counting_rule.compiled.matching(project).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("kind", "condition"),
    [(kind.key, condition.key) for kind in rule_parts.KINDS.values() for condition in kind.conditions],
)
@pytest.mark.parametrize("exclude", [False, True])
def test_every_condition_runs_with_each_of_its_values(project, kind, condition, exclude):
    part = rule_parts.KINDS[kind].condition(condition)
    for value, label in part.choices(project):
        counting_rule = rule(project, kind, {"field": condition, "values": [value], "exclude": exclude})
        assert counting_rule.compiled.matching(project).count() == 0
        assert str(label) in counting_rule.compiled.statement


@pytest.mark.parametrize(
    ("kind", "counts"), [(k.key, c) for k in rule_parts.KINDS.values() for c, _ in k.counts()]
)
def test_every_kind_counts_what_it_offers(project, kind, counts):
    assert rule(project, kind, counts=counts).compiled.statement.endswith(".")


def test_an_organisations_country_group(project):
    eu = OrganisationFactory(project=project, country="DE")
    third = OrganisationFactory(project=project, country="JP")
    unknown = OrganisationFactory(project=project, country="")
    for organisation in (eu, third, unknown):
        AgreementFactory(project=project, organisation=organisation, name=organisation.country or "none")

    assert names(project, rule(project, "agreement", {"field": "country_group", "values": ["third"]})) == {
        "JP"
    }
    assert names(project, rule(project, "agreement", {"field": "country_group", "values": ["eu"]})) == {"DE"}
    left_out = rule(project, "agreement", {"field": "country_group", "values": ["third"], "exclude": True})
    assert names(project, left_out) == {"DE", "none"}


def test_an_events_target_country_and_mission(project):
    india = EventFactory(project=project, name="India visit", mission=MissionFactory(project=project))
    EventCountry.objects.create(event=india, country="IN")
    home = EventFactory(project=project, name="Home workshop")
    EventCountry.objects.create(event=home, country="DE")
    EventFactory(project=project, name="No country")

    third = rule(project, "event", {"field": "target_country_group", "values": ["third"]})
    assert names(project, third) == {"India visit"}
    assert names(project, rule(project, "event", {"field": "mission", "values": ["yes"]})) == {"India visit"}
    assert names(project, rule(project, "event", {"field": "mission", "values": ["no"]})) == {
        "Home workshop",
        "No country",
    }
    assert "whose target country is Third country" in third.compiled.statement


def test_sub_types_offered_are_those_the_rule_keeps(project):
    counting_rule = rule(
        project, "agreement", {"field": "kind", "values": ["sme_sme", "business"]}, breakdown="kind"
    )

    assert counting_rule.subtype_names() == {
        "sme_sme": "Cooperation agreement: SME-SME",
        "business": "Business agreement",
    }
