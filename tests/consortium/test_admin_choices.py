"""The admin serves every project at once: its choice lists name the project beside every partner,
indicator set and period, and on an object of one project offer that project's only (issue 15 item 9)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from consortium.admin import project_path
from consortium.models import Partner, Project, ReportingPeriod, Sector
from kpis.models import Indicator, IndicatorSet, IndicatorTarget, ReportedValue
from tests.factories import EventFactory, PartnerFactory, PeriodFactory, ProjectFactory


@pytest.fixture
def superuser_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


def frame(acronym: str) -> dict:
    """A project with partners AMZ and MAV, period 1 and a set WP3 with one indicator: the same names in
    every project, as two consortia built from the same template would have."""
    project = ProjectFactory(acronym=acronym)
    partners = [
        PartnerFactory(project=project, number=1, short_name="AMZ", is_coordinator=True),
        PartnerFactory(project=project, number=5, short_name="MAV"),
    ]
    period = PeriodFactory(project=project, number=1)
    indicator_set = IndicatorSet.objects.create(
        project=project, code="WP3", title="WP3 performance indicators"
    )
    indicator = Indicator.objects.create(
        indicator_set=indicator_set, code="WP3-1", position=1, title="Clusters", mode="reported", target=3
    )
    return {"project": project, "partners": partners, "period": period, "indicator": indicator}


@pytest.fixture
def elca(db):
    return frame("ELCA")


@pytest.fixture
def nova(db):
    return frame("NOVA")


def choices(form, name) -> list[str]:
    return [label for value, label in form.fields[name].choices if value != ""]


def test_the_add_form_names_the_project_of_every_indicator_set(superuser_client, elca, nova):
    response = superuser_client.get(reverse("admin:kpis_indicator_add"))

    assert choices(response.context["adminform"].form, "indicator_set") == [
        "ELCA · WP3: WP3 performance indicators",
        "NOVA · WP3: WP3 performance indicators",
    ]


def test_an_indicators_target_rows_offer_its_projects_partners_only(superuser_client, elca, nova):
    indicator = elca["indicator"]
    IndicatorTarget.objects.create(indicator=indicator, partner=elca["partners"][0], value=1)

    response = superuser_client.get(reverse("admin:kpis_indicator_change", args=[indicator.pk]))

    form = response.context["adminform"].form
    assert choices(form, "indicator_set") == ["ELCA · WP3: WP3 performance indicators"]
    targets = response.context["inline_admin_formsets"][0].formset
    assert choices(targets.forms[0], "partner") == ["ELCA · AMZ", "ELCA · MAV"]
    assert "NOVA · AMZ" not in response.content.decode()


def test_with_two_projects_no_period_label_is_ambiguous(superuser_client, elca, nova):
    response = superuser_client.get(reverse("admin:kpis_reportedvalue_add"))

    form = response.context["adminform"].form
    periods = choices(form, "period")
    assert periods == ["ELCA · P1 (01.09.2020-28.02.2021)", "NOVA · P1 (01.09.2020-28.02.2021)"]
    indicators = choices(form, "indicator")
    assert len(indicators) == len(set(indicators)) == 2


def test_a_records_responsible_partners_are_its_projects(superuser_client, elca, nova):
    event = EventFactory(project=nova["project"], name="Workshop", responsible=[nova["partners"][1]])

    response = superuser_client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert choices(response.context["adminform"].form, "responsible") == ["NOVA · AMZ", "NOVA · MAV"]


def test_the_add_form_of_a_record_names_every_partners_project(superuser_client, elca, nova):
    response = superuser_client.get(reverse("admin:events_event_add"))

    assert choices(response.context["adminform"].form, "responsible") == [
        "ELCA · AMZ",
        "ELCA · MAV",
        "NOVA · AMZ",
        "NOVA · MAV",
    ]


def test_the_changelist_filters_name_the_project_of_every_partner(superuser_client, elca, nova):
    response = superuser_client.get(reverse("admin:events_event_changelist"))

    responsible = next(f for f in response.context["cl"].filter_specs if f.field_path == "responsible")
    assert [label for _pk, label in responsible.lookup_choices] == [
        "ELCA · AMZ",
        "ELCA · MAV",
        "NOVA · AMZ",
        "NOVA · MAV",
    ]


def test_the_project_is_found_one_foreign_key_away():
    assert project_path(Partner) == "project"
    assert project_path(ReportingPeriod) == "project"
    assert project_path(Indicator) == "indicator_set__project"
    assert project_path(ReportedValue) == "period__project"
    assert project_path(Project) == ""
    assert project_path(Sector) is None


def test_every_admin_page_of_ours_opens_with_its_named_choices(superuser_client, elca, nova):
    """The named filters and choices wrap every admin of ours: each page still builds (its heading)."""
    from django.contrib import admin

    apps = {"consortium", "kpis", "agreements", "events", "missions"}
    for model in [m for m in admin.site._registry if m._meta.app_label in apps]:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        changelist = superuser_client.get(reverse(f"admin:{info}_changelist"))
        add = superuser_client.get(reverse(f"admin:{info}_add"))
        name = str(model._meta.verbose_name)
        assert f"Select {name} to change" in changelist.content.decode(), info
        assert f"Add {name}" in add.content.decode(), info
        if first := model._default_manager.first():  # a change form: its choices limited to its project
            change = superuser_client.get(reverse(f"admin:{info}_change", args=[first.pk]))
            assert f"Change {name}" in change.content.decode(), info
