"""The first-steps checklist (issue 15 item 7) on a new project's dashboard and start page: each step
ticked when done and linked to its page for who may open it; gone once all are done."""

import pytest
from django.urls import reverse

from accounts.people.services import invitation_create
from consortium.models import Membership
from kpis.models import Indicator, IndicatorSet
from tests.factories import (
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    PeriodFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh():
    """A project as the creation page leaves it: its frame, its coordinating partner and coordinator."""
    project = ProjectFactory(acronym="FRESH")
    lead = PartnerFactory(project=project, number=1, short_name="LEAD", is_coordinator=True)
    founder = UserFactory(username="founder")
    MembershipFactory(user=founder, project=project, partner=lead, role=Membership.Role.COORDINATOR)
    return project, lead, founder


def steps_on(client, user, page="kpis:dashboard"):
    client.force_login(user)
    if page == "portal:home":
        response = client.get(reverse("portal:home"))
        return response.context["projects"][0].first_steps, response
    response = client.get(reverse(page, args=["FRESH"]))
    return response.context["first_steps"], response


def ticks(steps):
    return {step.name: step.done for step in steps}


def complete(project, lead, founder, *, frame=True):
    if frame:
        PartnerFactory(project=project, number=2, short_name="SECOND")
        PeriodFactory(project=project, number=1)
    invitation_create(project=project, email="x@example.org", role="viewer", partner=None, by=founder)
    indicator_set = IndicatorSet.objects.create(project=project, code="S", title="Set")
    Indicator.objects.create(
        indicator_set=indicator_set, code="S-1", position=1, title="One", mode=Indicator.Mode.REPORTED
    )
    EventFactory(project=project, responsible=[lead])


def test_a_new_projects_dashboard_lists_the_steps_with_their_pages(client, fresh):
    project, lead, founder = fresh
    steps, response = steps_on(client, founder)
    assert ticks(steps) == {
        "frame": True,
        "partners": False,
        "periods": False,
        "people": False,
        "indicators": False,
        "record": False,
    }
    links = {step.name: [link.url for link in step.links] for step in steps}
    assert links["partners"] == [reverse("setup:partner_list", args=["FRESH"])]
    assert links["people"] == [reverse("people:list", args=["FRESH"])]
    assert reverse("events:event_create") in links["record"]
    content = response.content.decode()
    assert 'data-first-steps="FRESH"' in content
    assert 'data-step="periods" data-done="no"' in content
    assert f'href="{reverse("setup:period_list", args=["FRESH"])}"' in content


def test_each_step_is_ticked_when_done_and_the_list_goes_when_all_are(client, fresh):
    project, lead, founder = fresh
    PartnerFactory(project=project, number=2, short_name="SECOND")
    PeriodFactory(project=project, number=1)
    assert ticks(steps_on(client, founder)[0]) | {"partners": True, "periods": True} == ticks(
        steps_on(client, founder)[0]
    )
    MembershipFactory(user=UserFactory(), project=project, partner=lead, role=Membership.Role.STAFF)
    assert ticks(steps_on(client, founder)[0])["people"] is True
    complete(project, lead, founder, frame=False)
    steps, response = steps_on(client, founder)
    assert steps is None
    assert b"data-first-steps" not in response.content


def test_a_pending_invitation_ticks_people(client, fresh):
    project, lead, founder = fresh
    invitation_create(project=project, email="new@example.org", role="staff", partner=lead, by=founder)
    assert ticks(steps_on(client, founder)[0])["people"] is True


def test_members_who_may_not_set_up_see_the_steps_without_set_up_links(client, fresh):
    project, lead, founder = fresh
    viewer = UserFactory(username="officer")
    MembershipFactory(user=viewer, project=project, partner=None, role=Membership.Role.VIEWER)
    steps, response = steps_on(client, viewer)
    assert [step.links for step in steps] == [()] * 6
    assert reverse("setup:partner_list", args=["FRESH"]).encode() not in response.content
    staff = UserFactory(username="staffer")
    MembershipFactory(user=staff, project=project, partner=lead, role=Membership.Role.STAFF)
    steps, _ = steps_on(client, staff)
    assert [bool(step.links) for step in steps] == [False] * 5 + [True]  # a first record: theirs to add


def test_the_start_page_shows_the_steps_of_a_new_project(client, fresh):
    project, lead, founder = fresh
    steps, response = steps_on(client, founder, "portal:home")
    assert ticks(steps)["partners"] is False
    assert 'data-first-steps="FRESH"' in response.content.decode()
    complete(project, lead, founder)
    steps, response = steps_on(client, founder, "portal:home")
    assert steps is None and b"data-first-steps" not in response.content


@pytest.mark.parametrize("done", [False, True])
def test_the_checklist_costs_no_query_of_its_own(client, fresh, done, django_assert_num_queries):
    """The checklist's subqueries ride on the query that loads the project (kpis.first_steps): a new
    project and a complete one cost no query more than the pages did before it (dashboard 13 with counted
    indicators, tests/kpis/test_dashboard_views.py; start page 10 for partner staff, tests/portal/
    test_home.py). For a complete project the check (a few EXISTS in that query) is all it costs."""
    project, lead, founder = fresh
    client.force_login(founder)
    if done:
        complete(project, lead, founder)
    # Dashboard: 1 session, 2 user, 3 the project with its first steps, 4 periods, then the user's
    # rights (5: no period, no board); with a period 5 partners, 6-8 indicator sets, indicators, target
    # parts, 9 reported values, 10 the rights (no counted indicator here: no figures query); then the
    # deliverables and the milestones overdue (2 more, with or without a period).
    with django_assert_num_queries(12 if done else 7):
        response = client.get(reverse("kpis:dashboard", args=["FRESH"]))
    assert (response.context["first_steps"] is None) is done
    # Start page: 1 session, 2 user, 3 the projects with their counts and first steps, 4 partners,
    # 5 memberships, 6-9 the workspace lists (a coordinator's has the records awaiting review, 2 more
    # than partner staff's), 10 the awaiting count, 11-12 Django's permissions.
    with django_assert_num_queries(12):
        response = client.get(reverse("portal:home"))
    assert (response.context["projects"][0].first_steps is None) is done


def test_the_demo_shows_no_checklist(client, elca_demo, db):
    coordinator = Membership.objects.filter(project=elca_demo, role=Membership.Role.COORDINATOR).first().user
    client.force_login(coordinator)
    response = client.get(reverse("kpis:dashboard", args=[elca_demo.acronym]))
    assert response.context["first_steps"] is None
    assert b"data-first-steps" not in response.content
    home = client.get(reverse("portal:home"))
    assert [p.first_steps for p in home.context["projects"]] == [None]
