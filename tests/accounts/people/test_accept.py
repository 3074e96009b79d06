"""The invited person's link: a new account (user name = the address), or the role added to the account
that has the address; once, until it expires; then the second step where the role needs it."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from accounts.models import Invitation
from accounts.twostep import policy
from consortium.models import Membership
from tests.accounts.people.conftest import NEW_PASSWORD, PASSWORD
from tests.factories import UserFactory

User = get_user_model()


def url(token):
    return reverse("people:accept", args=[token])


def new_account(client, token, **data):
    return client.post(
        url(token),
        {
            "first_name": "Ana",
            "last_name": "López",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            **data,
        },
    )


def test_a_new_person_sets_a_password_and_lands_in_the_project_with_the_role(
    client, invite, mav, events, settings
):
    settings.MFA_REQUIRED = False
    invitation, token = invite(email="ana@example.org", role="staff", partner=mav)
    page = client.get(url(token))
    assert page.status_code == 200
    assert "You are invited as <strong>Partner staff</strong> (partner: MAV)." in page.content.decode()
    response = new_account(client, token)
    assert response["Location"] == "/"
    user = User.objects.get(username="ana@example.org")
    assert (user.email, user.get_full_name(), user.check_password(NEW_PASSWORD)) == (
        "ana@example.org",
        "Ana López",
        True,
    )
    membership = user.memberships.get()
    assert (membership.project.acronym, membership.role, membership.partner) == ("ELCA", "staff", mav)
    invitation.refresh_from_db()
    assert (invitation.accepted_by, invitation.accepted_at is not None) == (user, True)
    assert int(client.session["_auth_user_id"]) == user.pk
    home = client.get("/").content.decode()
    assert "you: Partner staff, MAV" in home
    assert events("account_created")[0]["user"] == "ana@example.org"
    accepted = events("invitation_accepted")[0]
    assert (accepted["project"], accepted["role"], accepted["invited_by"]) == ("ELCA", "staff", "coordinator")
    assert NEW_PASSWORD not in str(events())


def test_the_link_works_once(client, invite, settings):
    settings.MFA_REQUIRED = False
    _, token = invite()
    new_account(client, token)
    client.logout()
    again = new_account(client, token, first_name="Eve")
    assert again.status_code == 410
    assert "It has already been used" in again.content.decode()
    assert User.objects.filter(email="new.person@example.org").count() == 1


def test_an_expired_link_is_refused(client, invite):
    invitation, token = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = new_account(client, token)
    assert response.status_code == 410
    assert "It has expired." in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_revoked_link_is_refused(client, invite, events):
    invitation, token = invite()
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    assert new_account(client, token).status_code == 410
    assert not User.objects.filter(email="new.person@example.org").exists()
    assert events("invitation_refused")[0]["reason"] == "revoked"


def test_an_unknown_link_is_not_found(client, invite):
    invite()
    response = client.get(url("made-up-token"))
    assert response.status_code == 404
    assert "It is not a link this site made" in response.content.decode()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"password2": "something-else-1"}, "password2", "Password again: the two passwords differ."),
        (
            {"password1": "short", "password2": "short"},
            "password1",
            "Password: This password is too short. It must contain at least 8 characters.",
        ),
        (
            {"password1": "new.person1", "password2": "new.person1"},
            "password1",
            "Password: The password is too similar to the username.",
        ),
        ({"first_name": ""}, "first_name", "This field is required."),
    ],
)
def test_bad_input_names_the_field(client, invite, data, field, message):
    _, token = invite()
    response = new_account(client, token, **data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not User.objects.filter(email="new.person@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_account_logs_in_and_gets_the_role_not_a_second_account(
    client, invite, outsider, mav, events
):
    """Someone already in another consortium: the role is added to their account."""
    outsider.email = "Out.Sider@example.org"
    outsider.save()
    invitation, token = invite(email="out.sider@example.org", role="staff", partner=mav)
    page = client.get(url(token)).content.decode()
    assert "You already have an account here (outsider)." in page
    assert f"{reverse('login')}?next={url(token)}" in page
    # no account is made for a known address: the page says to log in
    assertContains(new_account(client, token), "You already have an account here (outsider).")
    assert User.objects.filter(email__iexact="out.sider@example.org").count() == 1

    client.force_login(outsider)
    assert "Accept and open ELCA" in client.get(url(token)).content.decode()
    response = client.post(url(token))
    assert response["Location"] == "/"
    assert sorted(outsider.memberships.values_list("project__acronym", "role")) == [
        ("ELCA", "staff"),
        ("OTHER", "staff"),
    ]
    assert User.objects.filter(email__iexact="out.sider@example.org").count() == 1
    assert events("invitation_accepted")[0]["user"] == "outsider"
    assert events("membership_created")[-1]["member"] == "outsider"


def test_a_member_invited_again_gets_the_new_role(client, invite, amz_staff, mav):
    invitation, token = invite(email="amz@example.org", role="task_leader", partner=mav)
    amz_staff.email = "amz@example.org"
    amz_staff.save()
    client.force_login(amz_staff)
    client.post(url(token))
    assert list(amz_staff.memberships.values_list("role", "partner")) == [("task_leader", mav.pk)]


def test_someone_logged_in_with_another_account_cannot_take_it(client, invite, viewer):
    _, token = invite()
    client.force_login(viewer)
    response = client.post(url(token))
    assert "This invitation is for new.person@example.org, and you are logged in as viewer." in (
        response.content.decode()
    )
    assert viewer.memberships.get().role == "viewer"
    assert Invitation.objects.get().accepted_at is None


def test_a_new_task_leader_must_set_up_the_second_step_first(client, invite, mav, settings):
    settings.MFA_REQUIRED = True
    _, token = invite(role="task_leader", partner=mav)
    new_account(client, token)
    assert client.session[policy.NEEDED] is True
    response = client.get("/")
    assert response["Location"].startswith(reverse("twostep:enrol"))


def test_a_new_viewer_needs_no_second_step(client, invite, settings):
    settings.MFA_REQUIRED = True
    _, token = invite(role="viewer")
    new_account(client, token)
    assertContains(client.get("/"), 'aria-label="ELCA pages"')  # the start page, not the two-step set-up


def test_staff_accepting_a_coordinator_role_must_set_up_the_second_step_now(
    client, invite, amz_staff, amz, settings
):
    settings.MFA_REQUIRED = True
    amz_staff.email = "amz@example.org"
    amz_staff.save()
    _, token = invite(email="amz@example.org", role=Membership.Role.COORDINATOR, partner=amz)
    client.post(reverse("login"), {"username": "amz", "password": PASSWORD})
    assertContains(client.get("/"), 'aria-label="ELCA pages"')  # staff: no second step so far
    client.post(url(token))
    assert client.get("/")["Location"].startswith(reverse("twostep:enrol"))


def test_the_same_person_in_two_consortia_has_one_account(client, invite, settings, outsider):
    """Invited to both projects at one address: the second invitation adds the role to the first account."""
    settings.MFA_REQUIRED = False
    _, first = invite(email="twice@example.org", role="viewer")
    new_account(client, first)
    other = outsider.memberships.get()
    _, second = invite(email="twice@example.org", role="staff", partner=other.partner, project=other.project)
    client.post(url(second))
    user = User.objects.get(email="twice@example.org")
    assert sorted(user.memberships.values_list("project__acronym", flat=True)) == ["ELCA", "OTHER"]
    assert User.objects.filter(email="twice@example.org").count() == 1


def test_an_account_named_like_the_address_is_asked_to_log_in(client, invite):
    UserFactory(username="New.Person@example.org", email="")
    _, token = invite()
    response = new_account(client, token)
    assert "You already have an account here (New.Person@example.org)." in response.content.decode()
    assert User.objects.filter(username__iexact="new.person@example.org").count() == 1
    assert Invitation.objects.get().accepted_at is None


def test_a_switched_off_account_with_the_address_is_not_revived(client, invite):
    UserFactory(username="new.person@example.org", email="new.person@example.org", is_active=False)
    _, token = invite()
    response = new_account(client, token)
    message = (
        "An account with the address new.person@example.org exists but is switched off; "
        "ask the administrator."
    )
    assert response.context["form"].non_field_errors() == [message]
    assert message in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_a_link_used_while_the_page_was_open_is_refused(client, invite, settings):
    """The check before the form and the write are apart: the write checks again, under a lock."""
    from accounts.people import services

    settings.MFA_REQUIRED = False
    invitation, token = invite()
    page_seen = services.invitation_by_token(token)
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    with pytest.raises(services.InvitationClosed):
        services.account_create(invitation=page_seen, first_name="A", last_name="B", password=NEW_PASSWORD)
    assert not User.objects.filter(email="new.person@example.org").exists()
