"""Deploy checks of accounts: published demo credentials are an Error (issue 12, item 2)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import checks
from accounts.checks import no_demo_credentials
from accounts.demo_credentials import DEFAULT_DEMO_PASSWORD, DEMO_TOTP_KEY
from accounts.models import DemoAccount
from demo.loader import load_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
# The security checks only: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process, which Django's
# async deploy check (rightly) calls an Error of its own.
SECURITY = ("--tag", "security")


def ids(problems):
    return [problem.id for problem in problems]


def test_check_deploy_fails_on_a_database_loaded_with_the_demo():
    load_demo()

    with pytest.raises(SystemCheckError) as failed:
        call_command("check", "--deploy", *SECURITY)  # no --fail-level: an Error fails on its own

    assert "accounts.E001" in str(failed.value) and "accounts.E002" in str(failed.value)
    assert "coordinator" in str(failed.value)


def test_check_deploy_passes_when_no_user_has_a_demo_credential():
    UserFactory(username="coordinator", password="her-own-password-7")
    UserFactory(username="amz", password="his-own-password-8", email="amz@demo.invalid")
    TOTPDevice.objects.create(user=UserFactory(username="k"), name="Phone", confirmed=True)

    assert no_demo_credentials(None) == []
    call_command("check", "--deploy", *SECURITY)  # raises SystemCheckError on an Error


def test_a_demo_created_user_with_the_demo_password_is_named():
    user = UserFactory(username="viewer", password=DEFAULT_DEMO_PASSWORD)
    DemoAccount.objects.create(user=user)

    problems = no_demo_credentials(None)

    assert ids(problems) == ["accounts.E001"]
    assert "viewer" in problems[0].msg


def test_users_of_an_older_demo_load_without_the_marker_are_found_by_their_demo_address():
    UserFactory(username="mech", password=DEFAULT_DEMO_PASSWORD, email="mech@demo.invalid")

    assert ids(no_demo_credentials(None)) == ["accounts.E001"]


def test_the_demo_key_is_found_on_any_user():
    holder = UserFactory(username="someone", password="her-own-password-7")
    TOTPDevice.objects.create(user=holder, name="Copied from the README", key=DEMO_TOTP_KEY, confirmed=True)

    problems = no_demo_credentials(None)

    assert ids(problems) == ["accounts.E002"]
    assert "someone" in problems[0].msg


def test_the_password_chosen_with_DEMO_PASSWORD_is_refused_too(monkeypatch):
    monkeypatch.setattr(checks, "demo_passwords", lambda: {DEFAULT_DEMO_PASSWORD, "our-own-demo-pass"})
    user = UserFactory(username="pol", password="our-own-demo-pass")
    DemoAccount.objects.create(user=user)

    assert ids(no_demo_credentials(None)) == ["accounts.E001"]


def test_only_users_the_demo_can_have_touched_cost_a_password_hash(monkeypatch):
    for number in range(5):
        UserFactory(username=f"staff{number}", password="their-own-password-9")
    DemoAccount.objects.create(user=UserFactory(username="bic", password="changed-since-1"))
    monkeypatch.setattr(checks, "demo_passwords", lambda: {DEFAULT_DEMO_PASSWORD, "our-own-demo-pass"})
    hashed = []
    monkeypatch.setattr(checks, "check_password", lambda password, encoded: hashed.append(encoded) or False)

    assert no_demo_credentials(None) == []
    assert len(hashed) == 2  # bic's password, once per demo password; the five staff cost nothing


# -- e-mail (issue 12, item 10) ------------------------------------------------------------------------------
def test_check_deploy_warns_when_no_email_is_configured(settings):
    settings.EMAIL_CONFIGURED = False

    assert ids(checks.email_configured(None)) == ["accounts.W001"]


def test_check_deploy_warns_about_djangos_default_sender(settings):
    settings.EMAIL_CONFIGURED, settings.DEFAULT_FROM_EMAIL = True, "webmaster@localhost"

    assert ids(checks.email_configured(None)) == ["accounts.W002"]


def test_check_deploy_is_quiet_with_email_and_a_sender(settings):
    settings.EMAIL_CONFIGURED, settings.DEFAULT_FROM_EMAIL = True, "KPI tracker <kpi@example.org>"

    assert checks.email_configured(None) == []
