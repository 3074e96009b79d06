"""The counting-rule pages (issue 15 item 4): a rule is composed from parts on a page, says in one sentence
what it counts, shows the records it would count before it is saved, and only the coordinator changes it."""

import pytest
from django.urls import reverse

from kpis.catalogue import library_rule
from kpis.models import CountingRule, Indicator, IndicatorSet
from tests.conftest import REFUSED
from tests.factories import EventFactory


@pytest.fixture
def workshops(project, periods):
    return library_rule(project, "national_workshops")


def own_indicator(project, rule) -> Indicator:
    """OWN-1, in a set OWN of the project, counted by `rule`."""
    indicator_set = IndicatorSet.objects.create(project=project, code="OWN", title="Own")
    return Indicator.objects.create(
        indicator_set=indicator_set, code="OWN-1", position=1, title="Own", mode="counted", counting_rule=rule
    )


def a_rule(**extra) -> dict:
    """The form's data for "Workshops held": events of category national workshop, counted as records."""
    return {
        "title": "Workshops held",
        "name": "",
        "record_kind": "event",
        "counts__event": "records",
        "breakdown__event": "",
        "values__event__category": ["national_workshop"],
        "note": "",
    } | extra


def urls(rule) -> dict:
    acronym = rule.project.acronym
    return {
        "list": reverse("kpis:rule_list", args=[acronym]),
        "add": reverse("kpis:rule_add", args=[acronym]),
        "edit": reverse("kpis:rule_edit", args=[acronym, rule.pk]),
        "delete": reverse("kpis:rule_delete", args=[acronym, rule.pk]),
    }


def test_the_list_says_what_each_rule_counts(client, coordinator, workshops):
    client.force_login(coordinator)

    html = client.get(urls(workshops)["list"]).content.decode()

    assert "National workshops with SMEs" in html
    assert (
        "Counts events whose event category is National workshop with SMEs, each placed by its event date."
        in html
    )


def test_a_rule_composed_on_the_page_is_saved_as_parts_and_counts(client, coordinator, project, periods):
    client.force_login(coordinator)
    EventFactory(project=project, category="national_workshop", name="Workshop in Dresden")
    EventFactory(project=project, category="matchmaking", name="B2B day")

    response = client.post(reverse("kpis:rule_add", args=["ELCA"]), a_rule())

    assert response.status_code == 302
    rule = CountingRule.objects.get(project=project)
    assert (rule.name, rule.record_kind, rule.counts) == ("workshops_held", "event", "records")
    assert rule.conditions == [{"field": "category", "values": ["national_workshop"]}]
    own_indicator(project, rule)
    board = client.get(reverse("kpis:dashboard", args=["ELCA"])).context["board"]
    assert [(r.code, r.achieved) for r in board.results] == [("OWN-1", 1)]


def test_the_preview_lists_what_the_rule_would_count_and_saves_nothing(client, coordinator, project, periods):
    client.force_login(coordinator)
    EventFactory(project=project, category="national_workshop", name="Workshop in Dresden")
    EventFactory(project=project, category="matchmaking", name="B2B day")

    response = client.post(reverse("kpis:rule_add", args=["ELCA"]), a_rule(preview="1"))

    assert response.status_code == 200
    preview = response.context["preview"]
    assert [row.record.name for row in preview["counted"]] == ["Workshop in Dresden"]
    assert preview["not_counted"] == 1
    html = response.content.decode()
    assert "Counts events whose event category is National workshop with SMEs" in html
    assert "Not saved yet." in html
    assert not CountingRule.objects.exists()


def test_a_rule_counting_the_sum_of_participants(client, coordinator, project, periods):
    client.force_login(coordinator)
    EventFactory(project=project, category="national_workshop", participants_smes=12)
    EventFactory(project=project, category="national_workshop", participants_smes=None)
    EventFactory(project=project, category="matchmaking", participants_smes=40)

    client.post(reverse("kpis:rule_add", args=["ELCA"]), a_rule(counts__event="sum:participants_smes"))

    rule = CountingRule.objects.get(project=project)
    assert rule.compiled.statement.startswith("Adds up the participants: SMEs of events whose event category")
    own_indicator(project, rule)
    board = client.get(reverse("kpis:dashboard", args=["ELCA"])).context["board"]
    assert board.results[0].achieved == 12


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"title": "", "name": ""}, "title", "This field is required."),
        ({"record_kind": "invoice"}, "record_kind", "Select a valid choice."),
        (
            {"values__event__category": ["no_such_category"]},
            "values__event__category",
            "Select a valid choice.",
        ),
        (
            {"values__event__category": [], "exclude__event__category": "on"},
            "values__event__category",
            "Tick the values to leave out",
        ),
        ({"counts__event": "sum:invoices"}, "counts__event", "Select a valid choice."),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(client, coordinator, project, extra, field, message):
    client.force_login(coordinator)

    response = client.post(reverse("kpis:rule_add", args=["ELCA"]), a_rule(**extra))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Nothing was saved." in response.content.decode()
    assert not CountingRule.objects.exists()


def test_a_name_the_project_already_uses_is_refused(client, coordinator, workshops):
    client.force_login(coordinator)

    response = client.post(urls(workshops)["add"], a_rule(title="x", name="national_workshops"))

    assert "ELCA already has a rule named “national_workshops”." in response.context["form"].errors["name"]
    assert CountingRule.objects.count() == 1


def test_editing_a_rule_shows_what_it_counts_now_and_who_uses_it(client, coordinator, project, workshops):
    client.force_login(coordinator)
    EventFactory(project=project, category="national_workshop", name="Workshop in Dresden")
    own_indicator(project, workshops)

    response = client.get(urls(workshops)["edit"])

    assert [row.record.name for row in response.context["preview"]["counted"]] == ["Workshop in Dresden"]
    assert [i.code for i in response.context["used_by"]] == ["OWN-1"]
    response = client.post(urls(workshops)["edit"], a_rule(title="Workshops", name="national_workshops"))
    assert response.status_code == 302
    workshops.refresh_from_db()
    assert workshops.title == "Workshops"
    assert workshops.history.count() == 2


def test_a_rule_in_use_is_not_deleted(client, coordinator, project, workshops):
    client.force_login(coordinator)
    own_indicator(project, workshops)

    response = client.post(urls(workshops)["delete"])

    assert response.status_code == 409
    assert "The indicator OWN-1 is counted by this rule" in response.content.decode()
    assert CountingRule.objects.filter(pk=workshops.pk).exists()


def test_an_unused_rule_is_deleted(client, coordinator, workshops):
    client.force_login(coordinator)

    assert client.post(urls(workshops)["delete"]).status_code == 302
    assert not CountingRule.objects.exists()


@pytest.mark.parametrize("page", ["list", "add", "edit", "delete"])
def test_only_the_coordinator_sees_or_changes_rules(client, personas, workshops, page):
    address = urls(workshops)[page]
    for who, status in REFUSED.items():
        client.force_login(personas[who])
        assert client.get(address).status_code == status, who
        assert client.post(address, a_rule()).status_code == (405 if page == "list" else status), who
    assert CountingRule.objects.count() == 1
    assert CountingRule.objects.get().title == "National workshops with SMEs"
    client.logout()
    response = client.get(address)
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("rows", [1, 3])
def test_list_page_queries(client, coordinator, project, rows, django_assert_num_queries):
    for name in ["national_workshops", "international_meetings", "matchmaking_meetings"][:rows]:
        library_rule(project, name)
    client.force_login(coordinator)
    # 1 session, 2 user, 3 the project, 4 the user's roles in it, 5 the rules with their indicators counted,
    # 6 the project's event categories, named in the statements (once for all rules).
    with django_assert_num_queries(6):
        response = client.get(reverse("kpis:rule_list", args=["ELCA"]))
    assert len(response.context["rules"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_edit_page_queries(client, coordinator, project, periods, workshops, rows, django_assert_num_queries):
    for i in range(rows):
        EventFactory(project=project, category="national_workshop", name=f"Workshop {i}")
    client.force_login(coordinator)
    # 1 session, 2 user, 3 the project, 4 the user's roles, 5 the rule, 6 the project's event categories (the
    # form's choices and the statement), 7 the periods, 8 the records with why each is not counted, 9 their
    # responsible partners, 10 the indicators using the rule.
    with django_assert_num_queries(10):
        response = client.get(reverse("kpis:rule_edit", args=["ELCA", workshops.pk]))
    assert len(response.context["preview"]["counted"]) == rows
