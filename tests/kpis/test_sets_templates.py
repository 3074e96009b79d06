"""A set added from a shipped template, or copied from another project the coordinator coordinates
(issue 15 item 4): the template page says what each template brings and how each indicator is counted;
a set from a template counts a fresh project's records on its dashboard; a copy carries its targets."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from consortium.models import Membership
from kpis.catalogue import add_from_template, library_rule, templates
from kpis.models import CountingRule, Indicator, IndicatorSet, IndicatorTarget
from tests.factories import AgreementFactory, EventFactory, MembershipFactory, PartnerFactory, ProjectFactory

FROM_TEMPLATE = reverse("kpis:set_from_template", args=["ELCA"])
COPY = reverse("kpis:set_copy", args=["ELCA"])


def test_the_template_page_lists_each_template_with_its_indicators_and_rules(client, coordinator, project):
    client.force_login(coordinator)

    response = client.get(FROM_TEMPLATE)

    assert [card["key"] for card in response.context["cards"]] == list(templates())
    html = response.content.decode()
    for template in templates().values():
        assert template["title"] in html
    assert "Number of cluster and business matchmaking meetings supported" in html
    statement = "Counts events whose event category is Cluster &amp; business matchmaking meeting, each"
    assert statement in html
    assert "Reported by hand each period." in html
    assert 'name="code"' in html and 'value="WP3"' in html


@pytest.mark.parametrize("key", list(templates()))
def test_a_set_from_each_template_counts_a_fresh_projects_records(client, key, periods, project, coordinator):
    client.force_login(coordinator)
    EventFactory.create_batch(2, project=project, category="national_workshop")
    EventFactory(project=project, category="matchmaking")
    EventFactory(project=project, category="consortium_meeting")
    AgreementFactory(project=project, kind=Agreement.Kind.CLUSTER_CLUSTER, status=Agreement.Status.SIGNED)
    code = templates()[key]["set"]["code"]

    response = client.post(FROM_TEMPLATE, {"template": key, "code": code})

    assert response.status_code == 302 and response.url == reverse("kpis:set_list", args=["ELCA"])
    board = client.get(reverse("kpis:dashboard", args=["ELCA"])).context["board"]
    achieved = {r.code: r.achieved for r in board.results}
    rows = templates()[key]["indicators"]
    assert list(achieved) == [row["code"] for row in rows]
    counted = [row["code"] for row in rows if row["mode"] == "counted"]
    assert all(isinstance(achieved[c], int) for c in counted), achieved
    expected = {
        "cosme-call-indicators": {"CALL-2": 1, "CALL-4": 3, "CALL-5": 1},
        "cosme-project-indicators": {"PRJ-4": 2, "PRJ-8": 1},
        "work-package-performance": {"WP3-2": 1, "WP3-6": 2, "WP3-9": 1},
    }[key]
    assert {c: achieved[c] for c in expected} == expected
    assert set(CountingRule.objects.filter(project=project).values_list("name", flat=True)) == {
        row["rule"] for row in rows if row["mode"] == "counted"
    }


def test_a_template_under_a_code_of_its_own(client, coordinator, project):
    client.force_login(coordinator)

    client.post(FROM_TEMPLATE, {"template": "work-package-performance", "code": "WP2"})

    assert list(Indicator.objects.values_list("code", flat=True))[:2] == ["WP2-1", "WP2-2"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"template": "work-package-performance", "code": "OWN"},
            "ELCA already has a set with the code OWN.",
        ),
        ({"template": "work-package-performance", "code": ""}, "This field is required."),
        ({"template": "work-package-performance", "code": "A-VERY-LONG-CODE"}, "at most 10 characters"),
        ({"template": "no-such-template", "code": "X"}, "There is no template “no-such-template”."),
    ],
)
def test_a_refused_template_says_why_and_writes_nothing(client, coordinator, project, data, message):
    IndicatorSet.objects.create(project=project, code="OWN", title="Own")
    client.force_login(coordinator)

    response = client.post(FROM_TEMPLATE, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Nothing was saved." in html
    assert IndicatorSet.objects.count() == 1
    assert not Indicator.objects.exists() and not CountingRule.objects.exists()


@pytest.mark.parametrize("rows", [1, 3])
def test_template_page_queries(client, coordinator, project, rows, django_assert_num_queries):
    for n in range(rows):
        add_from_template(project, "work-package-performance", f"W{n}")
    client.force_login(coordinator)
    # 1 session, 2 user, 3 the project, 4 the user's roles in it, 5 the project's event categories (the
    # rules' sentences name them). The templates are read from the shipped files: no query, however many
    # sets the project has.
    with django_assert_num_queries(5):
        response = client.get(FROM_TEMPLATE)
    assert len(response.context["cards"]) == len(templates())


# -- copying a set of another project ------------------------------------------------------------------
@pytest.fixture
def second(coordinator):
    """SECOND, which ELCA's coordinator coordinates too, with a set counted by its own rule and targets."""
    second = ProjectFactory(acronym="SECOND")
    MembershipFactory(
        user=coordinator,
        project=second,
        partner=PartnerFactory(project=second, short_name="LEAD"),
        role=Membership.Role.COORDINATOR,
    )
    indicator_set = add_from_template(second, "cosme-call-indicators")
    call2 = indicator_set.indicators.get(code="CALL-2")
    call2.target, call2.target_text = 38, "38 = 12 + 6 + 20"
    call2.save()
    for subtype, value in [("cluster_cluster", 12), ("cluster_intermediary", 6), ("sme_sme", 20)]:
        IndicatorTarget.objects.create(indicator=call2, subtype=subtype, value=value)
    IndicatorTarget.objects.create(indicator=call2, partner=second.partners.get(), value=38)
    rule = CountingRule.objects.get(project=second, name="matchmaking_meetings")
    rule.title = "Matchmaking as SECOND counts it"
    rule.save()
    return indicator_set


@pytest.fixture
def foreign(outsider):
    """A set of the outsider's project, which ELCA's coordinator does not coordinate."""
    return IndicatorSet.objects.create(
        project=Membership.objects.get(user=outsider).project, code="THEIRS", title="Their set"
    )


def test_the_copy_page_groups_the_sets_of_the_other_projects_the_user_coordinates(
    client, coordinator, project, second, foreign
):
    client.force_login(coordinator)

    response = client.get(COPY)

    assert [(p.acronym, [s.code for s in sets]) for p, sets in response.context["groups"]] == [
        ("SECOND", ["CALL"])
    ]
    html = response.content.decode()
    assert "7 indicators" in html
    assert "Their set" not in html


def test_a_superuser_may_copy_from_every_other_project(client, admin_user, project, second, foreign):
    client.force_login(admin_user)

    groups = client.get(COPY).context["groups"]

    assert [p.acronym for p, _sets in groups] == ["OTHER", "SECOND"]


def test_a_copy_carries_indicators_rules_totals_and_sub_type_targets(client, coordinator, project, second):
    client.force_login(coordinator)

    response = client.post(COPY, {"source": second.pk, "code": "CALL"})

    assert response.status_code == 302
    call2 = Indicator.objects.get(indicator_set__project=project, code="CALL-2")
    assert (call2.target, call2.target_text) == (38, "38 = 12 + 6 + 20")
    assert sorted(call2.targets.values_list("partner", "subtype", "value")) == [
        (None, "cluster_cluster", 12),
        (None, "cluster_intermediary", 6),
        (None, "sme_sme", 20),
    ]
    mine = Indicator.objects.get(indicator_set__project=project, code="CALL-5").counting_rule
    assert (mine.project, mine.title) == (project, "Matchmaking as SECOND counts it")
    assert Indicator.objects.filter(indicator_set__project=project).count() == 7


def test_a_copy_under_a_code_already_used_writes_nothing(client, coordinator, project, second):
    IndicatorSet.objects.create(project=project, code="CALL", title="Own")
    client.force_login(coordinator)

    response = client.post(COPY, {"source": second.pk, "code": "CALL"})

    assert response.status_code == 200
    assert (
        "Nothing was saved. Set code: ELCA already has a set with the code CALL." in response.content.decode()
    )
    assert not Indicator.objects.filter(indicator_set__project=project).exists()
    assert not CountingRule.objects.filter(project=project).exists()


@pytest.mark.parametrize("source", ["foreign", "own", "missing", "text"])
def test_a_set_the_user_does_not_coordinate_elsewhere_is_never_copied(
    client, coordinator, project, foreign, source
):
    own = IndicatorSet.objects.create(project=project, code="OWN", title="Own")
    library_rule(project, "national_workshops")
    client.force_login(coordinator)
    source_id = {"foreign": foreign.pk, "own": own.pk, "missing": 999999, "text": "abc"}[source]

    response = client.post(COPY, {"source": source_id, "code": "NEW"})

    assert response.status_code == 404
    assert list(IndicatorSet.objects.filter(project=project).values_list("code", flat=True)) == ["OWN"]
