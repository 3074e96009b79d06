"""The dissemination indicators are counted from the dissemination log (issue 16, item 5): the audience
reached added up with its breakdown by kind of audience, and the articles and press releases."""

import pytest
from django.urls import reverse

from kpis.engine import build_dashboard
from kpis.models import CountingRule
from kpis.rules import RuleError, compile_rule
from tests.communication.conftest import activity

pytestmark = pytest.mark.usefixtures("db")

STAKEHOLDERS = "stakeholders_reached_dissemination"
ARTICLES = "articles_press_releases"


def result(project, periods, rule, number):
    board = build_dashboard(project, periods[number - 1], with_ids=True)
    return next(r for r in board.results if r.rule and r.rule.name == rule)


def audience(figure) -> dict:
    return {s.subtype: s.achieved for s in figure.subtypes}


@pytest.fixture
def log(project, amz, mav, indicators):
    """A presentation in P1 (AMZ), a consortium article in P2, a post in P2 whose audience is not known."""
    return {
        "presentation": activity(
            project,
            "01.09.2020 - 28.02.2021",
            name="Presentations",
            kind="presentation",
            responsible=[amz],
            audience_smes=197,
            audience_rtos=34,
            audience_clusters=12,
            audience_policy=13,
        ),
        "article": activity(
            project,
            "05.2021",
            name="Article",
            kind="article",
            consortium_led=True,
            responsible=[mav],
            audience_smes=3,
            audience_other=40,
        ),
        "post": activity(project, "06.2021", name="Post", kind="social_media", responsible=[mav]),
    }


def test_the_audience_reached_is_added_up_per_period_with_its_breakdown(project, periods, log):
    first, second = (result(project, periods, STAKEHOLDERS, n) for n in (1, 2))

    assert (first.achieved, second.achieved) == (256, 299)
    assert audience(first) == {
        "audience_smes": 197,
        "audience_rtos": 34,
        "audience_clusters": 12,
        "audience_policy": 13,
        "audience_other": 0,
    }
    assert list(audience(second).values()) == [200, 34, 12, 13, 40]  # in the rule's order, SMEs first
    assert {f.partner.short_name: f.achieved for f in second.per_partner} == {"AMZ": 256, "MAV": 43}
    assert second.consortium == 43
    # Only activities that reached someone are listed: the post's audience is not known.
    assert second.record_ids == [log["presentation"].pk, log["article"].pk]


def test_articles_and_press_releases_are_counted_as_records(project, periods, log):
    assert [result(project, periods, ARTICLES, n).achieved for n in (1, 2)] == [0, 1]
    assert result(project, periods, ARTICLES, 2).record_ids == [log["article"].pk]


def test_an_undated_activity_counts_only_in_the_last_period(project, periods, log):
    activity(project, None, name="Newsletter", kind="newsletter", audience_policy=5)

    assert [result(project, periods, STAKEHOLDERS, n).achieved for n in (1, 2)] == [256, 304]
    assert result(project, periods, STAKEHOLDERS, 2).undated == 1


def test_the_rule_says_what_it_adds_up_in_one_sentence(project, indicators):
    rule = CountingRule.objects.get(project=project, name=STAKEHOLDERS)

    assert rule.compiled.statement == (
        "Adds up the audience reached of communication activities whose audience is known, each placed by "
        "its date; sub-types by kind of audience. An activity whose audience is not known adds nothing "
        "and is not listed."
    )


def test_the_audience_breakdown_needs_the_audience_sum(project, indicators):
    rule = CountingRule(project=project, name="x", record_kind="communication", breakdown="audience")

    with pytest.raises(RuleError, match="broken down by kind of audience only when the rule adds up"):
        compile_rule(rule)


def test_the_drilldown_lists_the_activities_and_says_what_they_add_up_to(
    client, project, periods, log, viewer
):
    code = CountingRule.objects.get(project=project, name=STAKEHOLDERS).indicators.get().code
    client.force_login(viewer)

    response = client.get(reverse("kpis:indicator", args=["ELCA", code]) + "?period=2")

    assert [row.record.name for row in response.context["counted"]] == ["Presentations", "Article"]
    reasons = {reason: [row.record.name for row in rows] for reason, rows in response.context["not_counted"]}
    assert reasons == {"audience is not known": ["Post"]}
    assert "adding up to 299" in " ".join(response.content.decode().split())
