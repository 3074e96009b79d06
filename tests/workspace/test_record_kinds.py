"""Every record kind gets the same pages; each is held to the same four tests plus a pinned query count.

Agreements have their own, more detailed files; this one covers events (all categories), missions,
engagements, sector involvements, cooperation cases, organisations, plan items and the dissemination log.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils.html import escape

from agreements.models import CooperationCase, Engagement, SectorInvolvement
from communication.models import CommunicationActivity
from consortium.models import Organisation, Sector
from events.models import Event
from kpis.models import PlanItem
from missions.models import Mission
from tests.communication.conftest import ActivityFactory
from tests.factories import EngagementFactory, EventFactory, MissionFactory, OrganisationFactory
from tests.workspace.conftest import CooperationCaseFactory, PlanItemFactory, SectorInvolvementFactory


@dataclass
class Kind:
    namespace: str
    slug: str
    model: type
    list_queries: int  # pinned per kind; the comment in test_list_query_count says what they are

    def url(self, action, *args):
        return reverse(f"{self.namespace}:{self.slug}_{action}", args=args)


EVENTS = Kind("events", "event", Event, 12)  # 11 and the categories of the kind filter
MISSIONS = Kind("missions", "mission", Mission, 10)
ENGAGEMENTS = Kind("agreements", "engagement", Engagement, 10)
SECTORS = Kind("agreements", "sector_involvement", SectorInvolvement, 10)
CASES = Kind("agreements", "cooperation_case", CooperationCase, 9)
ORGANISATIONS = Kind("organisations", "organisation", Organisation, 9)
PLAN = Kind("kpis", "plan", PlanItem, 7)
COMMUNICATION = Kind("communication", "communication", CommunicationActivity, 8)
PARTNER_KINDS = [EVENTS, MISSIONS, ENGAGEMENTS, SECTORS, CASES, ORGANISATIONS, COMMUNICATION]
ALL = [*PARTNER_KINDS, PLAN]


def make(kind, project, partner, **extra):
    """One record of `kind` belonging to `partner`."""
    if kind is EVENTS:
        return EventFactory(project=project, responsible=[partner], **extra)
    if kind is MISSIONS:
        return MissionFactory(project=project, responsible=[partner], participants=[partner], **extra)
    if kind is ENGAGEMENTS:
        return EngagementFactory(project=project, responsible=[partner], **extra)
    if kind is SECTORS:
        record = SectorInvolvementFactory(project=project, responsible=[partner], **extra)
        record.sectors.set([Sector.objects.get_or_create(name="Health")[0]])
        return record
    if kind is CASES:
        return CooperationCaseFactory(project=project, responsible=[partner], **extra)
    if kind is ORGANISATIONS:
        return OrganisationFactory(project=project, owner=partner, **extra)
    if kind is COMMUNICATION:
        return ActivityFactory(project=project, responsible=[partner], **extra)
    return PlanItemFactory(project=project, **extra)


def valid_data(kind, project):
    if kind is EVENTS:
        return {
            "category": "matchmaking",
            "name": "B2B in Santiago",
            "date": "4-8.02.2022",
            "countries": ["CL", "IN"],
            "participants_smes": 12,
            "participants_total": 20,
        }
    if kind is MISSIONS:
        return {
            "name": "Showcase Dubai",
            "kind": "showcase",
            "target_market": "UAE-Dubai",
            "country": "AE",
            "date": "Nov 2022",
        }
    if kind is ENGAGEMENTS:
        org, _ = Organisation.objects.get_or_create(project=project, name="Cluster Chile", country="CL")
        return {"name": "Cluster Chile", "organisation": org.pk, "date": "2021"}
    if kind is SECTORS:
        health = Sector.objects.get_or_create(name="Health")[0]
        return {"name": "Medical devices", "sectors": [health.pk], "date": "03.09.2021 - 19.10.2021"}
    if kind is CASES:
        return {
            "by": "sme",
            "name": "Joint R&D on composite rail seats",
            "partner_country": "IN",
            "case_type": 1,
            "objective": 1,
            "date": "Nov 2022",
        }
    if kind is ORGANISATIONS:
        return {"name": "Clúster de Automoción", "type": "cluster", "country": "ES"}
    if kind is COMMUNICATION:
        return {"name": "Newsletter no. 1", "kind": "newsletter", "date": "03.2021", "audience_smes": 150}
    return {"position": 1, "month": 6, "activity": "Exploratory mission to India", "status": "Done"}


def editor(kind, coordinator, mav_staff):
    """Who may change a MAV record of this kind: MAV's staff, except plan items (the coordinator only)."""
    return coordinator if kind is PLAN else mav_staff


@pytest.mark.parametrize("kind", ALL, ids=lambda k: k.slug)
def test_anonymous_is_sent_to_login(client, db, kind):
    for url in (kind.url("list"), kind.url("create")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("kind", ALL, ids=lambda k: k.slug)
@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_does_not_grow(
    client, project, mav, amz, mav_staff, kind, rows, django_assert_num_queries
):
    for _ in range(rows):
        make(kind, project, mav)
    client.force_login(mav_staff)

    # session, user, the user's roles, count, the page of rows (with select_related), then one query per
    # prefetched relation (responsible partners; events: target countries; missions: participants;
    # organisations and sector involvements: sectors) and one per filter with choices from the database
    # (partners, periods; missions and categories for events; sectors; the countries present in the listed
    # records, for the kinds with a country filter) — constant, whatever the number of rows.
    with django_assert_num_queries(kind.list_queries):
        response = client.get(kind.url("list"))

    assert response.context["table"].paginator.count == rows


@pytest.mark.parametrize("kind", ALL, ids=lambda k: k.slug)
def test_create_works_for_the_editor(client, project, mav, coordinator, mav_staff, kind):
    client.force_login(editor(kind, coordinator, mav_staff))
    before = kind.model.objects.count()

    response = client.post(kind.url("create"), valid_data(kind, project))

    assert response.status_code == 302, response.context["form"].errors
    record = kind.model.objects.latest("pk")
    assert kind.model.objects.count() == before + 1
    assert response["Location"] == record.get_absolute_url()
    assert record.project == project
    if kind in (EVENTS, MISSIONS, ENGAGEMENTS, SECTORS, CASES):
        assert [p.short_name for p in record.responsible.all()] == ["MAV"]
    if kind is ORGANISATIONS:
        assert record.owner == mav


def test_event_keeps_target_countries_and_counts(client, project, mav_staff):
    client.force_login(mav_staff)

    client.post(EVENTS.url("create"), valid_data(EVENTS, project))

    event = Event.objects.get()
    assert sorted(c.country.code for c in event.target_countries.all()) == ["CL", "IN"]
    assert (event.category, str(event.date), event.participants_total) == ("matchmaking", "4-8.02.2022", 20)
    page = client.get(event.get_absolute_url()).content.decode()
    assert (
        "Chile, India" in page
        and "4-8.02.2022" in page
        and "Cluster &amp; business matchmaking meeting" in page
    )


def test_event_total_fewer_than_its_kinds_is_refused(client, project, mav_staff):
    client.force_login(mav_staff)

    response = client.post(EVENTS.url("create"), {**valid_data(EVENTS, project), "participants_total": 5})

    assert response.context["form"].errors["participants_total"] == [
        "The total (5) is fewer than the kinds add up to (12)."
    ]
    assert Event.objects.count() == 0


@pytest.mark.parametrize("kind", ALL, ids=lambda k: k.slug)
def test_viewer_may_not_create_or_edit(client, project, mav, viewer, kind):
    record = make(kind, project, mav)
    client.force_login(viewer)
    count = kind.model.objects.count()

    assert client.post(kind.url("create"), valid_data(kind, project)).status_code == 403
    assert client.post(kind.url("edit", record.pk), valid_data(kind, project)).status_code == 403
    assert client.post(kind.url("delete", record.pk)).status_code == 403
    assert kind.model.objects.count() == count


@pytest.mark.parametrize("kind", PARTNER_KINDS, ids=lambda k: k.slug)
def test_other_partner_is_refused_and_nothing_changes(client, project, mav, amz_staff, kind):
    record = make(kind, project, mav)
    before = kind.model.objects.filter(pk=record.pk).values().get()
    client.force_login(amz_staff)

    assert client.get(kind.url("edit", record.pk)).status_code == 403
    assert client.post(kind.url("edit", record.pk), {"name": "Hijacked", "version": 1}).status_code == 403
    assert client.post(kind.url("delete", record.pk)).status_code == 403
    assert kind.model.objects.filter(pk=record.pk).values().get() == before


def test_plan_items_are_the_coordinators(client, project, mav, mav_staff, task_leader, coordinator):
    item = make(PLAN, project, mav)
    for user in (mav_staff, task_leader):
        client.force_login(user)
        assert client.get(PLAN.url("create")).status_code == 403
        assert client.post(PLAN.url("edit", item.pk), {"position": 1, "month": 7}).status_code == 403
    client.force_login(coordinator)
    response = client.post(
        PLAN.url("edit", item.pk), {"position": item.position, "month": 7, "status": "Done"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.month, item.status) == (7, "Done")


@pytest.mark.parametrize("kind", ALL, ids=lambda k: k.slug)
def test_outsider_gets_404(client, project, mav, outsider, kind):
    record = make(kind, project, mav)
    client.force_login(outsider)

    assert client.get(record.get_absolute_url()).status_code == 404
    assert client.get(kind.url("edit", record.pk)).status_code == 404


@pytest.mark.parametrize("kind", ALL, ids=lambda k: k.slug)
def test_detail_shows_every_field_and_the_history(client, project, mav, viewer, kind):
    record = make(kind, project, mav)
    client.force_login(viewer)

    response = client.get(record.get_absolute_url())

    html = response.content.decode()
    labels = [f.label for f in response.context["fields"]]
    assert len(labels) >= 5 and all(f'<dt class="col-sm-4">{escape(label)}</dt>' in html for label in labels)
    assert "Created</strong> by system" in html.split('id="history"')[1]


def test_mission_list_filters_by_partner_who_went(client, project, mav, amz, viewer):
    went = MissionFactory(project=project, name="India", consortium_led=True, participants=[mav])
    MissionFactory(project=project, name="Japan", consortium_led=True, participants=[amz])
    client.force_login(viewer)

    response = client.get(MISSIONS.url("list"), {"partner": mav.pk})

    assert [r.record for r in response.context["table"].page.object_list] == [went]


def test_event_list_filters_by_target_country_and_category(client, project, mav, viewer):
    chile = EventFactory(project=project, name="Chile B2B", category="matchmaking", responsible=[mav])
    chile.target_countries.create(country="CL")
    EventFactory(project=project, name="Workshop", responsible=[mav])
    client.force_login(viewer)

    by_country = client.get(EVENTS.url("list"), {"country": "CL"}).context["table"].page.object_list
    by_kind = client.get(EVENTS.url("list"), {"category": "matchmaking"}).context["table"].page.object_list

    assert [r.record for r in by_country] == [chile] == [r.record for r in by_kind]
