"""Two-step login: coordinators, task leaders and superusers confirm each login with a code.

These tests log in through the real pages (password form, then code), not with force_login.
"""

import json
from base64 import b32encode
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.checks import two_step_login_on
from accounts.twostep import policy
from accounts.twostep.views import WRONG_CODE, WRONG_SETUP_CODE
from tests.two_step import current_code

PASSWORD = "secret-password-1"
SET_UP = reverse("twostep:enrol")
VERIFY = reverse("twostep:verify")
ACCOUNT = reverse("twostep:account")


def assert_start_page(client):
    """The start page opens itself (no detour to a code page) and shows the user's projects."""
    response = client.get("/")
    assert response.status_code == 200, response.get("Location")
    assert "portal/home.html" in [t.name for t in response.templates]


def log_in(client, user, next_url=None):
    """The password step, as the login form sends it."""
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("login"), data)
    assert response.status_code == 302, "the password step failed"
    return response


def with_authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def last_failure_was(device, seconds_ago):
    moment = timezone.now() - timedelta(seconds=seconds_ago)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=moment)


def wrong_code(user, device=None) -> str:
    return f"{(int(current_code(user, device)) + 1) % 1_000_000:06d}"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)


# -- who is asked ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "task_leader", "superuser"])
def test_required_roles_without_authenticator_are_sent_to_set_up_from_any_page(client, request, who):
    user = request.getfixturevalue(who)
    log_in(client, user)

    home = client.get("/")
    dashboard = client.get(reverse("kpis:dashboard_index"))
    admin = client.get("/admin/")

    assert home.status_code == 302 and home["Location"] == f"{SET_UP}?next=%2F"
    assert dashboard["Location"].startswith(f"{SET_UP}?next=")
    assert admin["Location"].startswith(f"{SET_UP}?next=")


@pytest.mark.parametrize("who", ["amz_staff", "viewer"])
def test_partner_staff_and_viewers_are_not_asked(client, request, who):
    log_in(client, request.getfixturevalue(who))

    assert_start_page(client)


def test_django_staff_without_a_required_role_is_not_asked(client, amz_staff):
    amz_staff.is_staff = True
    amz_staff.save()
    log_in(client, amz_staff)

    assert_start_page(client)


def test_anonymous_is_sent_to_login_as_before(client, db):
    assert client.get("/")["Location"] == "/accounts/login/?next=/"
    assert client.get(VERIFY)["Location"].startswith("/accounts/login/")
    assert client.get(SET_UP)["Location"].startswith("/accounts/login/")


def test_login_logout_and_static_files_stay_open(client, coordinator):
    log_in(client, coordinator)

    assert 'name="password"' in client.get(reverse("login")).content.decode()
    static = client.get("/static/css/app.css")
    # read it to the end: the test client then closes the file (response.close() would also close the
    # database connection of the test's transaction)
    assert b".twostep-card" in b"".join(static.streaming_content)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/")["Location"] == "/accounts/login/?next=/"


def test_mfa_required_off_lets_everyone_in_with_the_password(client, coordinator, settings):
    settings.MFA_REQUIRED = False
    with_authenticator(coordinator)
    log_in(client, coordinator)

    assert_start_page(client)
    assert two_step_login_on(None)[0].id == "consortium.W001"


def test_deploy_check_is_quiet_when_two_step_login_is_on(settings):
    settings.MFA_REQUIRED = True

    assert two_step_login_on(None) == []


# -- setting up an authenticator ------------------------------------------------------------------------


def test_set_up_page_shows_a_qr_code_and_the_key_without_inline_style(client, coordinator):
    log_in(client, coordinator)

    response = client.get(SET_UP)

    pending = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg width="' in html and 'class="twostep-qr"' in html
    assert b32encode(pending.bin_key).decode()[:4] + " " in html  # the key, in groups of four
    assert " style=" not in html and "<script>" not in html
    assert b32encode(pending.bin_key).decode()[:4] in client.get(SET_UP).content.decode()
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1  # a reload keeps the same key


def test_set_up_page_queries(client, coordinator, django_assert_num_queries):
    log_in(client, coordinator)
    client.get(SET_UP)  # creates the pending authenticator

    # 1 session, 2 user, 3 a confirmed authenticator? (none), 4 the pending one with its user (QR code)
    with django_assert_num_queries(4):
        response = client.get(SET_UP)

    assert response.status_code == 200 and 'class="twostep-qr"' in response.content.decode()


def test_wrong_set_up_code_is_refused_with_a_clear_message(client, coordinator):
    log_in(client, coordinator)
    client.get(SET_UP)
    pending = TOTPDevice.objects.get(user=coordinator)

    response = client.post(SET_UP, {"code": wrong_code(coordinator, pending), "next": "/"})

    pending.refresh_from_db()
    assert response.status_code == 200
    assert str(WRONG_SETUP_CODE) in response.content.decode()
    assert not pending.confirmed
    assert client.get("/")["Location"] == f"{SET_UP}?next=%2F"


def test_right_set_up_code_turns_it_on_and_shows_ten_backup_codes(client, coordinator):
    log_in(client, coordinator)
    client.get(SET_UP)
    pending = TOTPDevice.objects.get(user=coordinator)

    response = client.post(SET_UP, {"code": current_code(coordinator, pending), "next": "/"})

    pending.refresh_from_db()
    codes = list(StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True))
    html = response.content.decode()
    assert response.status_code == 200
    assert pending.confirmed
    assert len(codes) == 10 and all(code in html for code in codes)
    assert_start_page(client)


def test_set_up_cannot_replace_an_authenticator_before_the_code(client, coordinator):
    """Someone who knows only the password cannot add their own phone to skip the code."""
    with_authenticator(coordinator)
    log_in(client, coordinator)

    page = client.get(SET_UP)
    post = client.post(SET_UP, {"code": "123456"})

    assert page["Location"].startswith(VERIFY) and post["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1


def test_viewer_may_turn_it_on_from_the_account_page_and_is_asked_from_then_on(client, viewer):
    log_in(client, viewer)
    assert SET_UP in client.get(ACCOUNT).content.decode()
    client.get(SET_UP)
    pending = TOTPDevice.objects.get(user=viewer)
    client.post(SET_UP, {"code": current_code(viewer, pending), "next": ACCOUNT})
    client.post(reverse("logout"))

    log_in(client, viewer)

    assert client.get("/")["Location"] == f"{VERIFY}?next=%2F"


# -- the code after the password ------------------------------------------------------------------------


def test_with_an_authenticator_the_login_goes_to_the_code_page(client, task_leader):
    with_authenticator(task_leader)
    log_in(client, task_leader)

    response = client.get("/")
    page = client.get(response["Location"])

    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()


def test_code_page_queries(client, task_leader, django_assert_num_queries):
    with_authenticator(task_leader)
    log_in(client, task_leader)

    # 1 session, 2 user, 3 the user's authenticator
    with django_assert_num_queries(3):
        response = client.get(VERIFY)

    assert response.status_code == 200 and 'autocomplete="one-time-code"' in response.content.decode()


def test_right_code_lets_in_goes_on_and_renews_the_session_key(client, coordinator):
    with_authenticator(coordinator)
    log_in(client, coordinator)
    before = client.session.session_key
    dashboard = reverse("kpis:dashboard_index")

    response = client.post(VERIFY, {"code": current_code(coordinator), "next": dashboard})

    assert response.status_code == 302 and response["Location"] == dashboard
    assert client.session.session_key != before
    assert_start_page(client)


def test_wrong_code_is_refused_and_counted(client, coordinator):
    device = with_authenticator(coordinator)
    log_in(client, coordinator)

    response = client.post(VERIFY, {"code": wrong_code(coordinator)})

    device.refresh_from_db()
    assert response.status_code == 200
    assert str(WRONG_CODE) in response.content.decode()
    assert device.throttling_failure_count == 1
    assert client.get("/")["Location"] == f"{VERIFY}?next=%2F"


def test_five_wrong_codes_lock_the_code_page_for_15_minutes(client, coordinator):
    device = with_authenticator(coordinator)
    log_in(client, coordinator)
    for _ in range(5):
        client.post(VERIFY, {"code": wrong_code(coordinator)})
        # django-otp also makes each next try wait 1, 2, 4, 8, 16 s: step over that wait, not over ours
        last_failure_was(device, seconds_ago=20)

    locked = client.post(VERIFY, {"code": current_code(coordinator)})

    device.refresh_from_db()
    assert device.throttling_failure_count == 5
    assert locked.status_code == 429
    assert "Too many wrong codes" in locked.content.decode()
    assert client.get("/").status_code == 302

    last_failure_was(device, seconds_ago=15 * 60 + 1)

    assert client.post(VERIFY, {"code": current_code(coordinator)}).status_code == 302
    assert_start_page(client)


def test_the_code_page_lock_holds_from_every_address(client, coordinator):
    """Decided in issue 12: unlike the password lockout (user + address), the code page locks per user.

    Whoever reaches it knows the password; a lock per address would let them guess on from address after
    address. The owner waits 15 minutes, and the mfa_locked security event names the guesser's address.
    """
    device = with_authenticator(coordinator)
    log_in(client, coordinator)
    for _ in range(5):
        client.post(VERIFY, {"code": wrong_code(coordinator)}, REMOTE_ADDR="192.0.2.66")
        last_failure_was(device, seconds_ago=20)
    elsewhere = Client()
    log_in(elsewhere, coordinator)

    locked = elsewhere.post(VERIFY, {"code": current_code(coordinator)}, REMOTE_ADDR="203.0.113.7")

    assert locked.status_code == 429


def test_a_backup_code_works_once(client, coordinator):
    with_authenticator(coordinator)
    code = policy.new_backup_codes(coordinator)[0]
    log_in(client, coordinator)

    first = client.post(VERIFY, {"code": code.upper()})  # as read aloud or typed from paper
    client.post(reverse("logout"))
    log_in(client, coordinator)
    second = client.post(VERIFY, {"code": code})

    assert first.status_code == 302
    assert second.status_code == 200 and str(WRONG_CODE) in second.content.decode()
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9


def test_new_backup_codes_replace_the_old_ones(client, coordinator):
    with_authenticator(coordinator)
    old = policy.new_backup_codes(coordinator)
    client.force_login(coordinator)

    response = client.post(ACCOUNT)

    tokens = set(StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True))
    assert response.status_code == 200
    assert len(tokens) == 10 and not tokens & set(old)
    assert all(token in response.content.decode() for token in tokens)


def test_a_foreign_next_is_not_followed(client, coordinator):
    with_authenticator(coordinator)
    log_in(client, coordinator)

    response = client.post(VERIFY, {"code": current_code(coordinator), "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_api_is_refused_with_json_until_the_code_is_given(client, coordinator):
    with_authenticator(coordinator)
    log_in(client, coordinator)
    url = "/api/projects/ELCA/kpis/"

    refused = client.get(url)
    client.post(VERIFY, {"code": current_code(coordinator)})
    allowed = client.get(url)

    assert refused.status_code == 403
    assert json.loads(refused.content) == {"error": f"finish the two-step login first ({VERIFY})"}
    assert allowed.status_code != 403


def test_htmx_requests_are_told_to_load_the_code_page(client, coordinator):
    with_authenticator(coordinator)
    log_in(client, coordinator)

    response = client.get("/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == f"{VERIFY}?next=%2F"


# -- demo_otp ----------------------------------------------------------------------------------------------


def test_demo_otp_prints_the_current_code_with_debug_on(coordinator, settings, capsys):
    settings.DEBUG = True
    with_authenticator(coordinator)

    call_command("demo_otp", "coordinator")

    assert capsys.readouterr().out.strip() == current_code(coordinator)


def test_demo_otp_refuses_to_run_with_debug_off(coordinator, settings):
    settings.DEBUG = False
    with_authenticator(coordinator)

    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("demo_otp", "coordinator")
