"""Resending and revoking invitations, changing and removing roles: coordinator of the project only,
each in the security log and the history."""

import pytest
from django.urls import reverse

from accounts.models import Invitation, token_digest
from consortium.models import Membership
from tests.accounts.people.conftest import REFUSED


def people_url():
    return reverse("people:list", args=["ELCA"])


# -- resend ---------------------------------------------------------------------------------------------
def test_resend_makes_a_new_link_and_the_old_one_stops(client, coordinator, invite, events, settings):
    settings.EMAIL_CONFIGURED = False
    invitation, old = invite()
    invitation.expires_at = invitation.created_at  # expired: resending opens it again
    invitation.save()
    client.force_login(coordinator)
    response = client.post(reverse("people:resend", args=["ELCA", invitation.pk]))
    html = response.content.decode()
    assert "Invitation sent again" in html
    new = html.split("/accounts/invitation/")[1].split("/")[0]
    invitation.refresh_from_db()
    assert invitation.token_hash == token_digest(new) != token_digest(old)
    assert invitation.is_open
    assert client.get(reverse("people:accept", args=[old])).status_code == 404
    assert events("invitation_resent")[0]["invited"] == "new.person@example.org"
    latest = invitation.history.first()  # made, expired by the test, resent
    assert (invitation.history.count(), latest.history_type, latest.history_user) == (3, "~", coordinator)


def test_resend_is_post_only(client, coordinator, invite):
    invitation, _ = invite()
    client.force_login(coordinator)
    assert client.get(reverse("people:resend", args=["ELCA", invitation.pk])).status_code == 405


# -- revoke ---------------------------------------------------------------------------------------------
def test_revoke_asks_then_the_link_stops(client, coordinator, invite, events):
    invitation, token = invite()
    url = reverse("people:revoke", args=["ELCA", invitation.pk])
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Revoke the invitation of new.person@example.org?" in page
    assert Invitation.objects.get().revoked_at is None
    response = client.post(url)
    assert response["Location"] == people_url()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert events("invitation_revoked")[0]["invited"] == "new.person@example.org"
    assert invitation.history.first().revoked_at is not None
    closed = client.get(reverse("people:accept", args=[token]))
    assert closed.status_code == 410
    assert "The coordinator has withdrawn it." in closed.content.decode()


def test_an_invitation_of_another_project_is_not_found(client, coordinator, invite, outsider):
    other = outsider.memberships.get()
    invitation, _ = invite(project=other.project, partner=other.partner)
    client.force_login(coordinator)
    assert client.post(reverse("people:revoke", args=["ELCA", invitation.pk])).status_code == 404
    assert client.post(reverse("people:revoke", args=["OTHER", invitation.pk])).status_code == 404
    assert Invitation.objects.get().revoked_at is None


# -- change a role ----------------------------------------------------------------------------------------
def test_coordinator_makes_staff_a_task_leader_of_another_partner(
    client, coordinator, amz_staff, mav, events
):
    membership = amz_staff.memberships.get()
    client.force_login(coordinator)
    url = reverse("people:change", args=["ELCA", membership.pk])
    assert client.get(url).context["form"].initial["role"] == "staff"
    response = client.post(url, {"role": "task_leader", "partner": mav.pk})
    assert response["Location"] == people_url()
    membership.refresh_from_db()
    assert (membership.role, membership.partner) == ("task_leader", mav)
    [line] = events("membership_changed")
    assert (line["user"], line["member"], line["role"], line["partner"]) == (
        "coordinator",
        "amz",
        "task_leader",
        "MAV",
    )
    assert membership.history.first().history_user == coordinator


def test_a_role_without_partner_is_refused_naming_the_field(client, coordinator, viewer):
    membership = viewer.memberships.get()
    client.force_login(coordinator)
    response = client.post(reverse("people:change", args=["ELCA", membership.pk]), {"role": "staff"})
    assert response.context["form"].errors["partner"] == [
        "Partner: choose the partner this person works for (only a viewer has none)."
    ]
    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_the_only_coordinator_keeps_the_role(client, coordinator, amz):
    membership = coordinator.memberships.get()
    client.force_login(coordinator)
    response = client.post(
        reverse("people:change", args=["ELCA", membership.pk]), {"role": "staff", "partner": amz.pk}
    )
    assert response.context["form"].errors["role"] == [
        "Role: coordinator is the only coordinator of ELCA; make someone else coordinator first."
    ]
    membership.refresh_from_db()
    assert membership.role == "coordinator"


def test_a_member_of_another_project_is_not_found(client, coordinator, outsider):
    membership = outsider.memberships.get()
    client.force_login(coordinator)
    url = reverse("people:change", args=["ELCA", membership.pk])
    assert client.post(url, {"role": "viewer"}).status_code == 404
    membership.refresh_from_db()
    assert membership.role == "staff"


# -- remove -------------------------------------------------------------------------------------------------
def test_remove_asks_then_takes_the_role_and_keeps_the_account(client, coordinator, mav_staff, events):
    membership = mav_staff.memberships.get()
    url = reverse("people:remove", args=["ELCA", membership.pk])
    client.force_login(coordinator)
    assert "Remove mav from ELCA?" in client.get(url).content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client.post(url)["Location"] == people_url()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    mav_staff.refresh_from_db()
    assert mav_staff.is_active
    assert events("membership_deleted")[0]["member"] == "mav"
    assert Membership.history.filter(id=membership.pk, history_type="-").get().history_user == coordinator


def test_the_only_coordinator_cannot_be_removed(client, coordinator):
    membership = coordinator.memberships.get()
    client.force_login(coordinator)
    response = client.post(reverse("people:remove", args=["ELCA", membership.pk]))
    assert response.status_code == 409
    assert "is the only coordinator of ELCA" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


# -- who may ------------------------------------------------------------------------------------------------
ACTIONS = ["resend", "revoke", "change", "remove"]


def _target(action, invite, mav_staff):
    if action in ("resend", "revoke"):
        return invite()[0].pk
    return mav_staff.memberships.get().pk


@pytest.mark.parametrize("persona", sorted(REFUSED))
@pytest.mark.parametrize("action", ACTIONS)
def test_others_are_refused(client, personas, persona, action, invite, mav_staff, amz):
    pk = _target(action, invite, mav_staff)
    client.force_login(personas[persona])
    response = client.post(reverse(f"people:{action}", args=["ELCA", pk]), {"role": "viewer"})
    assert response.status_code == REFUSED[persona]
    assert Invitation.objects.get().revoked_at is None if action in ("resend", "revoke") else True
    assert mav_staff.memberships.get().role == "staff"


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_goes_to_login(client, action, invite, mav_staff):
    pk = _target(action, invite, mav_staff)
    response = client.post(reverse(f"people:{action}", args=["ELCA", pk]), {"role": "viewer"})
    assert response["Location"].startswith(reverse("login"))
    assert mav_staff.memberships.get().role == "staff"


@pytest.mark.parametrize("action", ACTIONS)
def test_superuser_may(client, admin_user, action, invite, mav_staff):
    pk = _target(action, invite, mav_staff)
    client.force_login(admin_user)
    response = client.post(reverse(f"people:{action}", args=["ELCA", pk]), {"role": "viewer"})
    assert response.status_code in (200, 302)
    if action == "change":
        assert mav_staff.memberships.get().role == "viewer"
    if action == "remove":
        assert not mav_staff.memberships.exists()
