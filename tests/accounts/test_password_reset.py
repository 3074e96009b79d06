"""Password reset (issue 12, item 10): offered only where mail can be sent, limited per client address and
per e-mail address, and never telling which addresses have an account.

pytest-django swaps in the locmem mail backend, so `mail.outbox` holds what would have been sent; the test
settings configure no e-mail (DEBUG off), so the tests that want the reset switch it on.
"""

import re
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import PasswordResetRequest
from tests.accounts.test_security_events import events, only  # noqa: F401 - the security-event lines fixture
from tests.factories import UserFactory

RESET = reverse("password_reset")
DONE = reverse("password_reset_done")
HOME, OFFICE = "203.0.113.7", "198.51.100.20"


@pytest.fixture
def mail_on(settings):
    """What EMAIL_URL (or DEBUG's console) gives: the reset is offered."""
    settings.PASSWORD_RESET_BY_EMAIL = True


@pytest.fixture
def anna(db):
    return UserFactory(username="anna", email="anna@example.org")


def ask(client, email, address=HOME):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def link_in(message) -> str:
    return re.search(r"https?://testserver(/accounts/reset/\S+/)", message.body).group(1)


def test_a_known_address_gets_one_mail_whose_link_sets_a_new_password(client, anna, mail_on, events):  # noqa: F811
    response = ask(client, "Anna@Example.org")

    assert (response.status_code, response["Location"]) == (302, DONE)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.org"]
    assert mail.outbox[0].subject == "Choose a new password for testserver"
    assert "within the next hour" in mail.outbox[0].body
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    assert form_page.context["validlink"] is True
    changed = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Lagoon-Quartz-41", "new_password2": "Lagoon-Quartz-41"},
    )
    assert changed["Location"] == reverse("password_reset_complete")
    anna.refresh_from_db()
    assert anna.check_password("Lagoon-Quartz-41")
    assert only(events(), "password_reset_requested")["email"] == "Anna@Example.org"
    assert only(events(), "password_reset_completed")["user"] == "anna"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, anna, mail_on):
    response = ask(client, "nobody@example.org")

    assert (response.status_code, response["Location"]) == (302, DONE)
    assert mail.outbox == []


def test_the_done_page_does_not_say_whether_the_address_is_known(client, db):
    page = client.get(DONE).content.decode()

    assert "If an account has that e-mail address, a mail" in page


def test_without_email_the_page_says_whom_to_ask_and_nothing_tries_smtp(client, anna, settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # Django's default, port 25
    connections = []

    def refused(*args, **kwargs):  # what port 25 on a machine without a mail server does
        connections.append(args)
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(smtplib, "SMTP", refused)

    shown = client.get(RESET)
    posted = ask(client, "anna@example.org")

    assert shown.status_code == posted.status_code == 200
    assert "Ask your coordinator, or the administrator of this site" in posted.content.decode()
    assert 'name="email"' not in shown.content.decode()
    assert connections == []


def test_the_login_page_offers_the_reset_only_where_mail_can_be_sent(client, db, settings):
    without = client.get(reverse("login")).content.decode()
    settings.PASSWORD_RESET_BY_EMAIL = True
    offered = client.get(reverse("login")).content.decode()

    assert RESET not in without
    assert f'href="{RESET}"' in offered and "Forgot your password?" in offered


def test_a_bad_address_is_refused_naming_the_field(client, db, mail_on):
    response = ask(client, "not an address")

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["Enter a valid email address."]}
    assert PasswordResetRequest.objects.count() == 0


# -- the limit ---------------------------------------------------------------------------------------------
def test_five_requests_from_one_address_then_no_more_mail_from_it(client, db, mail_on, events):  # noqa: F811
    users = [UserFactory(username=f"u{n}", email=f"u{n}@example.org") for n in range(7)]
    for user in users[:5]:
        ask(client, user.email)

    limited = ask(client, users[5].email)
    elsewhere = ask(client, users[6].email, address=OFFICE)

    assert elsewhere["Location"] == DONE
    assert (limited.status_code, limited["Location"]) == (302, DONE)  # the same answer as ever
    assert [message.to for message in mail.outbox] == [[user.email] for user in users[:5] + users[6:]]
    line = only(events(), "password_reset_limited")
    assert (line["ip"], line["email"], line["level"]) == (HOME, "u5@example.org", "WARNING")


def test_five_requests_for_one_address_then_no_more_mail_to_it_from_anywhere(client, anna, mail_on):
    for number in range(5):
        ask(client, "anna@example.org", address=f"192.0.2.{number + 1}")

    limited = ask(client, "ANNA@example.org", address="192.0.2.99")

    assert (limited.status_code, limited["Location"]) == (302, DONE)
    assert len(mail.outbox) == 5


def test_the_limit_lifts_after_an_hour_and_old_requests_are_dropped(client, anna, mail_on):
    for _ in range(5):
        ask(client, "anna@example.org")
    PasswordResetRequest.objects.update(requested_at=timezone.now() - timedelta(minutes=61))

    ask(client, "anna@example.org")

    assert len(mail.outbox) == 6
    assert PasswordResetRequest.objects.count() == 1  # the five older than the window are gone


# -- query counts ------------------------------------------------------------------------------------------
def test_reset_form_queries(client, db, mail_on, django_assert_num_queries):
    with django_assert_num_queries(0):  # an anonymous form page reads nothing
        assert client.get(RESET).status_code == 200


def test_reset_request_queries(client, anna, mail_on, django_assert_num_queries):
    # 1 count of the window's requests for this address and this e-mail, 2 insert of this one, 3 delete of
    # those older than the window, 4 the active users with that e-mail (Django's form)
    with django_assert_num_queries(4):
        assert ask(client, "anna@example.org").status_code == 302


def test_limited_request_queries(client, anna, mail_on, settings, django_assert_num_queries):
    settings.PASSWORD_RESET_LIMIT = 0
    with django_assert_num_queries(1):  # the count, and nothing else: no user lookup, no mail
        assert ask(client, "anna@example.org").status_code == 302


def test_unavailable_and_login_pages_query_nothing(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(RESET).status_code == 200
        assert client.get(reverse("login")).status_code == 200
