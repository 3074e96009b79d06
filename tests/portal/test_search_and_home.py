"""The global search and the per-role start page."""

import pytest
from django.urls import reverse

from tests.factories import AgreementFactory, EventFactory, OrganisationFactory

SEARCH = reverse("portal:search")


def test_search_finds_records_and_organisations_the_user_may_see(client, viewer, project, mav, outsider):
    AgreementFactory(project=project, name="Chile SME agreement", responsible=[mav])
    EventFactory(project=project, name="B2B in Chile", responsible=[mav])
    OrganisationFactory(project=project, name="Cluster Chile")
    other = outsider.memberships.get().project
    AgreementFactory(project=other, name="Chile elsewhere")
    client.force_login(viewer)

    response = client.get(SEARCH, {"q": "chile"})

    found = {g["kind"].slug: [str(r) for r in g["rows"]] for g in response.context["groups"]}
    assert found == {
        "agreement": ["Chile SME agreement"],
        "event": ["B2B in Chile"],
        "organisation": ["Cluster Chile"],
    }
    assert "3 matches for “chile”." in response.content.decode()


def test_search_anonymous_goes_to_login(client, db):
    assert client.get(SEARCH, {"q": "x"}).status_code == 302


@pytest.mark.parametrize("rows", [1, 3])
def test_search_query_count_does_not_grow(client, viewer, project, mav, rows, django_assert_num_queries):
    for n in range(rows):
        AgreementFactory(project=project, name=f"Chile {n}", responsible=[mav])
    client.force_login(viewer)

    # 1 session, 2 user, 3-11 one query per kind: agreements, events, missions, engagements,
    # sector involvements, cooperation cases, dissemination activities, organisations, plan items
    with django_assert_num_queries(11):
        response = client.get(SEARCH, {"q": "chile"})

    assert len(response.context["groups"][0]["rows"]) == rows


def test_staff_home_lists_undated_records_of_their_partner(client, mav_staff, project, mav, amz):
    AgreementFactory(project=project, name="Signed, no date", status="signed", responsible=[mav])
    AgreementFactory(project=project, name="AMZ undated", status="signed", responsible=[amz])
    client.force_login(mav_staff)

    undated = (
        client.get(reverse("portal:home")).content.decode().split('id="undated"')[1].split("</section>")[0]
    )

    assert "Signed, no date" in undated and "AMZ undated" not in undated


def test_viewer_home_has_no_workspace_panels(client, viewer, project):
    client.force_login(viewer)

    html = client.get(reverse("portal:home")).content.decode()

    assert 'id="returned"' not in html and 'id="awaiting"' not in html


@pytest.mark.parametrize("rows", [1, 3])
def test_task_leader_home_query_count_does_not_grow(
    client, task_leader, project, mav, amz, rows, django_assert_num_queries
):
    for _ in range(rows):
        AgreementFactory(project=project, responsible=[amz])
        EventFactory(project=project, responsible=[mav])
    client.force_login(task_leader)

    # 1 session, 2 user, 3 projects with counts, 4 partners with counts, 5 memberships, 6-8 the partner's
    # returned, undated and latest records, 9 what awaits review, 10 how many of each kind await it (each a
    # UNION over the record kinds), 11-12 the user's permissions and their groups' (Django's has_perm: the
    # "New project" link, issue 15)
    with django_assert_num_queries(12):
        response = client.get(reverse("portal:home"))

    assert len(response.context["workspace"]["awaiting"]) == 2 * rows
