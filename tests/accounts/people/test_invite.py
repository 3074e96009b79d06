"""Inviting a person: the form, the mail (or the link on the page), the security log and the history."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, token_digest
from tests.accounts.people.conftest import REFUSED
from tests.factories import UserFactory

URL = reverse("people:invite", args=["ELCA"])


def post(client, **data):
    return client.post(URL, {"email": "Ana.Lopez@Example.org", "role": "task_leader", **data})


@pytest.fixture
def mail_configured(settings):
    settings.EMAIL_CONFIGURED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_coordinator_invites_and_the_mail_names_the_project_and_holds_the_link(
    client, coordinator, mav, mail_configured, events
):
    client.force_login(coordinator)
    response = post(client, partner=mav.pk)
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.partner, invitation.created_by) == (
        "ana.lopez@example.org",
        "task_leader",
        mav,
        coordinator,
    )
    assert (invitation.expires_at - invitation.created_at).days == 7
    [message] = mail.outbox
    assert message.to == ["ana.lopez@example.org"]
    assert message.subject == "Invitation to ELCA on the KPI tracker"
    link = next(word for word in message.body.split() if "/accounts/invitation/" in word)
    token = link.rsplit("/", 2)[-2]
    assert link == f"http://testserver/accounts/invitation/{token}/"
    assert invitation.token_hash == token_digest(token)
    assert "Your role: Task leader (partner: MAV)." in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert f'<a href="{link}">' in html
    # The mail reached a real server: the page does not show the link.
    assert 'id="mailed"' in response.content.decode()
    assert token not in response.content.decode()
    [line] = events("invitation_created")
    assert (line["user"], line["invited"], line["project"], line["role"], line["partner"]) == (
        "coordinator",
        "ana.lopez@example.org",
        "ELCA",
        "task_leader",
        "MAV",
    )
    assert line["mailed"] is True
    assert token not in str(events())
    [record] = invitation.history.all()
    assert (record.history_type, record.history_user) == ("+", coordinator)


def test_without_mail_the_page_shows_the_link_to_pass_on(client, coordinator, amz, settings):
    settings.EMAIL_CONFIGURED, settings.DEBUG = False, False
    client.force_login(coordinator)
    response = post(client, role="staff", partner=amz.pk)
    assert mail.outbox == []
    html = response.content.decode()
    assert 'id="hand-link"' in html
    assert "No mail could be sent from this installation." in html
    token = html.split("/accounts/invitation/")[1].split("/")[0]
    assert Invitation.objects.get().token_hash == token_digest(token)


def test_with_the_console_backend_the_mail_is_printed_and_the_link_shown(client, coordinator, amz, settings):
    settings.EMAIL_CONFIGURED, settings.DEBUG = False, True
    client.force_login(coordinator)
    html = post(client, role="staff", partner=amz.pk).content.decode()
    assert len(mail.outbox) == 1
    assert 'id="mailed"' in html and 'id="hand-link"' in html


def test_a_mail_server_that_fails_leaves_the_link_on_the_page(
    client, coordinator, amz, mail_configured, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    client.force_login(coordinator)
    html = post(client, role="staff", partner=amz.pk).content.decode()
    assert 'id="mailed"' not in html
    assert 'id="hand-link"' in html


def test_a_viewer_needs_no_partner(client, coordinator):
    client.force_login(coordinator)
    post(client, role="viewer")
    assert Invitation.objects.get().partner is None


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"email": "not-an-address"}, "email", "E-mail address: enter an address like name@example.org."),
        (
            {"role": "task_leader"},
            "partner",
            "Partner: choose the partner this person works for (only a viewer has none).",
        ),
        ({"role": "boss"}, "role", "Select a valid choice. boss is not one of the available choices."),
    ],
)
def test_bad_input_names_the_field(client, coordinator, data, field, message):
    client.force_login(coordinator)
    response = post(client, **data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert Invitation.objects.count() == 0


def test_an_address_already_invited_is_refused(client, coordinator, invite, amz):
    invite(email="ana.lopez@example.org")
    client.force_login(coordinator)
    response = post(client, role="staff", partner=amz.pk)
    [error] = response.context["form"].errors["email"]
    assert error.startswith("E-mail address: ana.lopez@example.org was already invited on ")
    assert Invitation.objects.count() == 1


def test_an_address_of_a_member_is_refused(client, coordinator, amz_staff, amz):
    amz_staff.email = "ana.lopez@example.org"
    amz_staff.save()
    client.force_login(coordinator)
    response = post(client, role="staff", partner=amz.pk)
    assert response.context["form"].errors["email"] == [
        "E-mail address: ana.lopez@example.org is already a member of ELCA; change their role instead."
    ]


def test_a_partner_of_another_project_cannot_be_chosen(client, coordinator, outsider):
    client.force_login(coordinator)
    other_partner = outsider.memberships.get().partner
    response = post(client, role="staff", partner=other_partner.pk)
    assert list(response.context["form"].errors) == ["partner"]
    assert Invitation.objects.count() == 0


def test_the_address_of_an_account_with_another_project_is_invited_like_any(
    client, coordinator, amz, outsider
):
    outsider.email = "ana.lopez@example.org"
    outsider.save()
    client.force_login(coordinator)
    post(client, role="staff", partner=amz.pk)
    assert Invitation.objects.get().email == "ana.lopez@example.org"


def test_superuser_may_invite(client, admin_user, amz):
    client.force_login(admin_user)
    post(client, role="staff", partner=amz.pk)
    assert Invitation.objects.get().created_by == admin_user


@pytest.mark.parametrize("persona", sorted(REFUSED))
@pytest.mark.parametrize("method", ["get", "post"])
def test_others_are_refused(client, personas, persona, method, amz):
    client.force_login(personas[persona])
    response = getattr(client, method)(URL, {"email": "x@example.org", "role": "staff", "partner": amz.pk})
    assert response.status_code == REFUSED[persona]
    assert Invitation.objects.count() == 0


def test_anonymous_goes_to_login(client, project):
    response = client.post(URL, {"email": "x@example.org", "role": "viewer"})
    assert response["Location"].startswith(reverse("login"))
    assert Invitation.objects.count() == 0


def test_several_accounts_with_the_address_are_refused(client, coordinator, amz):
    UserFactory(username="a1", email="ana.lopez@example.org")
    UserFactory(username="a2", email="ANA.LOPEZ@example.org")
    client.force_login(coordinator)
    [error] = post(client, role="staff", partner=amz.pk).context["form"].errors["email"]
    assert error.startswith("E-mail address: several accounts have ana.lopez@example.org")
