"""The Indicators pages (issue 15 item 4): the project's sets and indicators, a set and an indicator made,
changed and deleted on a form, only by the coordinator. How an indicator is counted is chosen from the
project's rules, never typed."""

import pytest
from django.urls import reverse

from kpis.catalogue import library_rule
from kpis.models import Indicator, IndicatorSet, IndicatorTarget, ReportedValue
from tests.conftest import REFUSED
from tests.factories import ProjectFactory


@pytest.fixture
def own_set(project, periods):
    return IndicatorSet.objects.create(project=project, code="OWN", title="Own indicators", position=1)


@pytest.fixture
def workshops(project):
    return library_rule(project, "national_workshops")


@pytest.fixture
def counted(own_set, workshops):
    return Indicator.objects.create(
        indicator_set=own_set,
        code="OWN-1",
        position=1,
        title="Workshops held",
        mode="counted",
        counting_rule=workshops,
        target=12,
    )


def an_indicator(**extra) -> dict:
    return {
        "code": "OWN-2",
        "position": "2",
        "title": "Trainings",
        "description": "",
        "mode": "reported",
        "counting_rule": "",
        "target": "",
        "target_text": "",
    } | extra


def a_set(**extra) -> dict:
    return {"code": "NEW", "title": "New set", "source": "", "report_section": ""} | extra


def pages(indicator) -> dict:
    acronym, pk = indicator.indicator_set.project.acronym, indicator.indicator_set.pk
    return {
        "list": reverse("kpis:set_list", args=[acronym]),
        "template": reverse("kpis:set_from_template", args=[acronym]),
        "copy": reverse("kpis:set_copy", args=[acronym]),
        "set_add": reverse("kpis:set_add", args=[acronym]),
        "set_edit": reverse("kpis:set_edit", args=[acronym, pk]),
        "set_delete": reverse("kpis:set_delete", args=[acronym, pk]),
        "indicator_add": reverse("kpis:indicator_add", args=[acronym, pk]),
        "indicator_edit": reverse("kpis:indicator_edit", args=[acronym, indicator.code]),
        "indicator_delete": reverse("kpis:indicator_delete", args=[acronym, indicator.code]),
    }


def test_the_list_shows_each_set_with_how_its_indicators_are_counted(client, coordinator, counted, workshops):
    Indicator.objects.create(
        indicator_set=counted.indicator_set, code="OWN-2", position=2, title="Reach", mode="reported"
    )
    client.force_login(coordinator)

    response = client.get(pages(counted)["list"])

    html = response.content.decode()
    assert [s.code for s in response.context["sets"]] == ["OWN"]
    assert "Own indicators" in html
    rule_link = reverse("kpis:rule_edit", args=["ELCA", workshops.pk])
    assert f'counted: <a href="{rule_link}">National workshops with SMEs</a>' in html
    assert "reported by hand" in html
    assert f'<a href="{reverse("kpis:targets", args=["ELCA", "OWN-1"])}" title="Targets">12</a>' in html


def test_an_empty_project_is_told_where_to_start(client, coordinator, project):
    client.force_login(coordinator)

    html = client.get(reverse("kpis:set_list", args=["ELCA"])).content.decode()

    assert "No indicator set yet." in html
    assert reverse("kpis:set_from_template", args=["ELCA"]) in html


def test_the_dashboard_links_the_indicators_page_for_the_coordinator_only(
    client, coordinator, viewer, project, periods
):
    client.force_login(coordinator)
    html = client.get(reverse("kpis:dashboard", args=["ELCA"])).content.decode()
    assert reverse("kpis:set_list", args=["ELCA"]) in html
    assert "This project has no indicators yet." in html
    client.force_login(viewer)
    html = client.get(reverse("kpis:dashboard", args=["ELCA"])).content.decode()
    assert reverse("kpis:set_list", args=["ELCA"]) not in html


def test_a_new_empty_set(client, coordinator, project):
    client.force_login(coordinator)

    response = client.post(reverse("kpis:set_add", args=["ELCA"]), a_set(report_section="progress_call"))

    assert response.status_code == 302
    made = IndicatorSet.objects.get(project=project)
    assert (made.code, made.title, made.report_section, made.position) == (
        "NEW",
        "New set",
        "progress_call",
        1,
    )


def test_a_set_code_or_report_section_already_used_is_refused(client, coordinator, own_set):
    own_set.report_section = "progress_call"
    own_set.save()
    client.force_login(coordinator)

    response = client.post(
        reverse("kpis:set_add", args=["ELCA"]), a_set(code="OWN", report_section="progress_call")
    )

    errors = response.context["form"].errors
    assert errors["code"] == ["ELCA already has a set with the code OWN."]
    assert errors["report_section"] == [
        "The set OWN already feeds this report section: a report table shows one set."
    ]
    assert "Nothing was saved." in response.content.decode()
    assert IndicatorSet.objects.count() == 1


def test_a_set_is_renamed_and_its_history_kept(client, coordinator, counted):
    client.force_login(coordinator)

    response = client.post(pages(counted)["set_edit"], a_set(code="OWN", title="Our indicators"))

    assert response.status_code == 302
    indicator_set = IndicatorSet.objects.get()
    assert indicator_set.title == "Our indicators"
    assert indicator_set.history.count() == 2


def test_an_indicator_counted_by_a_rule_of_the_list(client, coordinator, own_set, workshops):
    client.force_login(coordinator)

    response = client.post(
        reverse("kpis:indicator_add", args=["ELCA", own_set.pk]),
        an_indicator(mode="counted", counting_rule=str(workshops.pk), target="5", target_text="5 in all"),
    )

    assert response.status_code == 302
    made = Indicator.objects.get(code="OWN-2")
    assert (made.mode, made.counting_rule, made.target, made.target_text) == (
        "counted",
        workshops,
        5,
        "5 in all",
    )


def test_the_add_form_offers_the_projects_rules_and_the_next_position(
    client, coordinator, counted, workshops
):
    library_rule(ProjectFactory(acronym="SECOND"), "matchmaking_meetings")
    client.force_login(coordinator)

    form = client.get(pages(counted)["indicator_add"]).context["form"]

    assert list(form.fields["counting_rule"].queryset) == [workshops]
    assert (form.initial["code"], form.instance.position) == ("OWN-", 2)


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"mode": "counted"}, "counting_rule", "A counted indicator needs a rule: choose one of the list."),
        ({"mode": "counted", "counting_rule": "999999"}, "counting_rule", "Select a valid choice."),
        ({"mode": "by magic"}, "mode", "Select a valid choice."),
        ({"code": "OWN-1"}, "code", "ELCA already has an indicator with the code OWN-1."),
        ({"title": ""}, "title", "This field is required."),
        ({"target": "-3"}, "target", "greater than or equal to 0"),
    ],
)
def test_bad_indicator_input_names_the_field_and_writes_nothing(
    client, coordinator, counted, extra, field, message
):
    client.force_login(coordinator)

    response = client.post(pages(counted)["indicator_add"], an_indicator(**extra))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Nothing was saved." in response.content.decode()
    assert Indicator.objects.count() == 1


def test_a_rule_of_another_project_is_not_a_choice(client, coordinator, counted, outsider):
    from consortium.models import Membership

    theirs = library_rule(Membership.objects.get(user=outsider).project, "matchmaking_meetings")
    client.force_login(coordinator)

    response = client.post(
        pages(counted)["indicator_edit"],
        an_indicator(code="OWN-1", mode="counted", counting_rule=str(theirs.pk)),
    )

    assert "Select a valid choice." in " ".join(response.context["form"].errors["counting_rule"])
    counted.refresh_from_db()
    assert counted.counting_rule_id != theirs.pk


def test_an_indicator_turned_to_reported_by_hand_loses_its_rule(client, coordinator, counted, workshops):
    client.force_login(coordinator)

    response = client.post(
        pages(counted)["indicator_edit"],
        an_indicator(code="OWN-1", position="1", mode="reported", counting_rule=str(workshops.pk)),
    )

    assert response.status_code == 302
    counted.refresh_from_db()
    assert (counted.mode, counted.counting_rule) == ("reported", None)


def test_a_new_rule_without_the_old_sub_types_warns_and_leads_to_the_targets(
    client, coordinator, project, own_set
):
    agreements = library_rule(project, "cooperation_agreements")
    indicator = Indicator.objects.create(
        indicator_set=own_set,
        code="OWN-1",
        position=1,
        title="Agreements",
        mode="counted",
        counting_rule=agreements,
        target=38,
    )
    IndicatorTarget.objects.create(indicator=indicator, subtype="sme_sme", subtype_label="SME-SME", value=20)
    business = library_rule(project, "business_agreements")
    client.force_login(coordinator)

    response = client.post(
        pages(indicator)["indicator_edit"],
        an_indicator(code="OWN-1", position="1", mode="counted", counting_rule=str(business.pk)),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("kpis:targets", args=["ELCA", "OWN-1"])
    html = response.content.decode()
    assert "The new rule of OWN-1 does not give the sub-types SME-SME" in html
    assert IndicatorTarget.objects.filter(indicator=indicator, subtype="sme_sme").exists()


def test_deleting_an_indicator_keeps_its_history(client, coordinator, counted):
    IndicatorTarget.objects.create(indicator=counted, subtype="x", value=3)
    client.force_login(coordinator)

    assert "Its targets go with it." in client.get(pages(counted)["indicator_delete"]).content.decode()
    response = client.post(pages(counted)["indicator_delete"])

    assert response.status_code == 302
    assert not Indicator.objects.exists()
    assert Indicator.history.filter(code="OWN-1", history_type="-").count() == 1
    assert IndicatorTarget.history.filter(history_type="-").count() == 1


def test_deleting_a_set_takes_its_indicators_and_keeps_the_rules(client, coordinator, counted, workshops):
    client.force_login(coordinator)

    html = client.get(pages(counted)["set_delete"]).content.decode()
    assert "OWN-1 Workshops held" in html
    response = client.post(pages(counted)["set_delete"])

    assert response.status_code == 302
    assert not IndicatorSet.objects.exists() and not Indicator.objects.exists()
    assert IndicatorSet.history.filter(history_type="-").count() == 1
    assert workshops.__class__.objects.filter(pk=workshops.pk).exists()


@pytest.mark.parametrize("page", ["set_delete", "indicator_delete"])
def test_values_reported_by_hand_block_deleting(client, coordinator, counted, periods, page):
    ReportedValue.objects.create(
        indicator=counted, period=periods[1], value=None, comment="Two workshops late"
    )
    client.force_login(coordinator)

    response = client.post(pages(counted)[page])

    assert response.status_code == 409
    html = response.content.decode()
    assert "It cannot be deleted: values reported by hand would be lost." in html
    assert "OWN-1 has values reported for period 2:" in html
    assert Indicator.objects.count() == 1 and IndicatorSet.objects.count() == 1


PAGES = [
    "list",
    "template",
    "copy",
    "set_add",
    "set_edit",
    "set_delete",
    "indicator_add",
    "indicator_edit",
    "indicator_delete",
]


@pytest.mark.parametrize("page", PAGES)
def test_only_the_coordinator_sees_or_changes_indicators(client, personas, counted, page):
    address = pages(counted)[page]
    for who, status in REFUSED.items():
        client.force_login(personas[who])
        assert client.get(address).status_code == status, who
        if page != "list":
            assert client.post(address, an_indicator() | a_set()).status_code == status, who
    assert [(i.code, i.title) for i in Indicator.objects.all()] == [("OWN-1", "Workshops held")]
    assert [s.title for s in IndicatorSet.objects.all()] == ["Own indicators"]
    client.logout()
    response = client.get(address)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_superuser_may(client, admin_user, counted):
    client.force_login(admin_user)

    response = client.get(pages(counted)["list"])

    assert response.status_code == 200
    assert counted.code in response.content.decode()  # the project's indicators, as its coordinator sees them


@pytest.mark.parametrize("rows", [1, 3])
def test_list_page_queries(client, coordinator, project, workshops, rows, django_assert_num_queries):
    for n in range(1, rows + 1):
        indicator_set = IndicatorSet.objects.create(
            project=project, code=f"S{n}", title=f"Set {n}", position=n
        )
        for i in range(1, rows + 1):
            Indicator.objects.create(
                indicator_set=indicator_set,
                code=f"S{n}-{i}",
                position=i,
                title="I",
                mode="counted",
                counting_rule=workshops,
            )
    client.force_login(coordinator)
    # 1 session, 2 user, 3 the project, 4 the user's roles in it, 5 the sets, 6 their indicators with rules.
    with django_assert_num_queries(6):
        response = client.get(reverse("kpis:set_list", args=["ELCA"]))
    assert sum(len(s.indicators.all()) for s in response.context["sets"]) == rows * rows
