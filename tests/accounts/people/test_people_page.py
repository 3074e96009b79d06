"""The People page: members with role and partner, pending invitations; the coordinator's only."""

import pytest
from django.urls import reverse

from consortium.dates import format_datetime
from consortium.models import Membership
from tests.accounts.people.conftest import REFUSED
from tests.factories import MembershipFactory, UserFactory


def url(acronym="ELCA"):
    return reverse("people:list", args=[acronym])


def test_coordinator_sees_members_with_role_and_partner(client, coordinator, mav_staff, viewer, amz, mav):
    client.force_login(coordinator)
    response = client.get(url())
    assert response.status_code == 200
    rows = {m.user.username: (m.get_role_display(), m.partner) for m in response.context["members"]}
    assert rows == {
        "coordinator": ("Coordinator", amz),
        "mav": ("Partner staff", mav),
        "viewer": ("Viewer (read only)", None),
    }
    html = response.content.decode()
    assert '<tr data-member="mav">' in html
    assert reverse("people:change", args=["ELCA", mav_staff.memberships.get().pk]) in html
    assert reverse("people:invite", args=["ELCA"]) in html


def test_pending_invitations_say_when_sent_until_when_and_by_whom(client, coordinator, invite):
    invitation, _ = invite(email="ana@example.org")
    accepted, _ = invite(email="done@example.org")
    accepted.accepted_at = accepted.created_at
    accepted.save()
    client.force_login(coordinator)
    response = client.get(url())
    assert [i.email for i in response.context["invitations"]] == ["ana@example.org"]
    html = response.content.decode()
    assert '<tr data-invitation="ana@example.org">' in html
    assert "by coordinator" in html
    assert format_datetime(invitation.expires_at) in html
    assert reverse("people:resend", args=["ELCA", invitation.pk]) in html
    assert 'data-invitation="done@example.org"' not in html


def test_an_expired_invitation_is_marked(client, coordinator, invite):
    invitation, _ = invite()
    invitation.expires_at = invitation.created_at
    invitation.save()
    client.force_login(coordinator)
    assert '<span class="badge text-bg-warning">expired</span>' in client.get(url()).content.decode()


def test_superuser_sees_the_page(client, admin_user, coordinator):
    client.force_login(admin_user)
    response = client.get(url())
    assert [m.user.username for m in response.context["members"]] == ["coordinator"]


@pytest.mark.parametrize("persona", sorted(REFUSED))
def test_others_are_refused(client, personas, persona):
    client.force_login(personas[persona])
    response = client.get(url())
    assert response.status_code == REFUSED[persona]
    assert b"People of ELCA" not in response.content


def test_anonymous_goes_to_login(client, project):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("members", [1, 3])
def test_query_count_does_not_grow_with_members(
    client, coordinator, project, amz, invite, members, django_assert_num_queries
):
    for _ in range(members - 1):
        MembershipFactory(user=UserFactory(), project=project, partner=amz, role=Membership.Role.STAFF)
    for n in range(members):
        invite(email=f"person{n}@example.org")
    client.force_login(coordinator)
    # 1 session, 2 user, 3 project (visible to the user), 4 the user's roles in it (is_coordinator),
    # 5 members with user and partner, 6 pending invitations with partner and sender.
    with django_assert_num_queries(6):
        response = client.get(url())
    assert len(response.context["members"]) == members
    assert len(response.context["invitations"]) == members


@pytest.mark.parametrize(
    "persona, shown", [("coordinator", True), ("admin", True), ("task_leader", False), ("viewer", False)]
)
def test_the_start_page_links_the_people_page_for_its_coordinator_only(client, personas, persona, shown):
    client.force_login(personas[persona])
    html = client.get(reverse("portal:home")).content.decode()
    assert (f'href="{url()}"' in html) is shown
