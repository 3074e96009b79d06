"""Security events (RELIABILITY.md R6, R7): each is one line on `elca.security` naming user and address.

Passwords and codes never appear in them.
"""

import json
import logging

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.security_events import JsonLineFormatter
from consortium.models import Membership
from elca.settings import _client_address
from tests.factories import AgreementFactory, MembershipFactory
from tests.two_step import current_code
from tests.workspace.conftest import pdf_bytes, upload
from workspace.evidence import check_upload, store_evidence
from workspace.history import record_delete

PASSWORD = "secret-password-1"
IP = "127.0.0.1"  # the test client's REMOTE_ADDR


@pytest.fixture
def events(caplog):
    """The security events logged during the test, as the JSON lines the console gets."""
    logger = logging.getLogger("elca.security")
    if caplog.handler not in logger.handlers:  # the logger does not propagate to the root
        logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="elca.security")
    formatter = JsonLineFormatter()

    def lines():
        return [
            json.loads(formatter.format(record))
            for record in caplog.records
            if record.name == "elca.security"
        ]

    yield lines
    logger.removeHandler(caplog.handler)


def only(lines, event):
    found = [line for line in lines if line["event"] == event]
    assert len(found) == 1, f"{event}: {found or [line['event'] for line in lines]}"
    return found[0]


def log_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_line_is_json_with_time_event_user_ip_and_path(client, amz_staff, events):
    log_in(client, "amz")

    line = only(events(), "login_succeeded")

    assert set(line) == {"time", "level", "event", "user", "ip", "path"}
    assert (line["user"], line["ip"], line["path"]) == ("amz", IP, "/accounts/login/")
    assert line["time"].endswith("+00:00")


def test_login_failure_names_the_user_name_but_not_the_password(client, amz_staff, events, caplog):
    log_in(client, "amz", "Wrong-Secret-42")

    line = only(events(), "login_failed")

    assert (line["user"], line["ip"], line["level"]) == ("amz", IP, "WARNING")
    assert "Wrong-Secret-42" not in caplog.text and "Wrong-Secret-42" not in json.dumps(events())


def test_lockout_after_five_failures_is_logged(client, amz_staff, settings, events):
    settings.AXES_ENABLED = True
    for _ in range(5):
        log_in(client, "amz", "wrong")

    line = only(events(), "login_locked_out")

    assert (line["user"], line["ip"]) == ("amz", IP)


def test_behind_the_proxy_lines_name_the_clients_address_not_the_proxys(client, amz_staff, settings, events):
    settings.AXES_ENABLED = True
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_IPWARE_PROXY_COUNT = _client_address(1)
    for _ in range(5):  # the client forged a first entry; the proxy (REMOTE_ADDR) appended the real one
        client.post(
            reverse("login"),
            {"username": "amz", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.7",
        )

    lines = [line for line in events() if line["event"] in {"login_failed", "login_locked_out"}]

    assert len(lines) == 6 and {line["ip"] for line in lines} == {"203.0.113.7"}


def test_logout_is_logged(client, amz_staff, events):
    client.force_login(amz_staff)
    client.post(reverse("logout"))

    assert (only(events(), "logout")["user"], only(events(), "logout")["ip"]) == ("amz", IP)


def test_two_step_set_up_failure_and_success_are_logged_without_the_codes(
    client, coordinator, events, caplog
):
    log_in(client, "coordinator")
    client.get(reverse("twostep:enrol"))
    pending = TOTPDevice.objects.get(user=coordinator)
    right = current_code(coordinator, pending)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    client.post(reverse("twostep:enrol"), {"code": wrong})
    client.post(reverse("twostep:enrol"), {"code": right})

    lines = events()
    for event in ("mfa_enrol_failed", "mfa_enrolled"):
        line = only(lines, event)
        assert (line["user"], line["ip"], line["path"]) == ("coordinator", IP, "/accounts/two-step/set-up/")
    assert right not in caplog.text and wrong not in caplog.text


def test_wrong_and_right_codes_and_the_lock_are_logged(client, coordinator, events, caplog, settings):
    settings.AXES_FAILURE_LIMIT = 1  # the lock comes after the first wrong code
    TOTPDevice.objects.create(user=coordinator, name="Phone", confirmed=True)
    log_in(client, "coordinator")
    right = current_code(coordinator)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    client.post(reverse("twostep:verify"), {"code": wrong})
    client.post(reverse("twostep:verify"), {"code": right})
    settings.AXES_FAILURE_LIMIT = 5
    TOTPDevice.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0)
    client.post(reverse("twostep:verify"), {"code": right})

    lines = events()
    for event in ("mfa_failed", "mfa_locked", "mfa_succeeded"):
        assert (only(lines, event)["user"], only(lines, event)["ip"]) == ("coordinator", IP)
    assert right not in caplog.text and wrong not in caplog.text


def test_a_refusal_403_is_logged_with_its_reason(client, project, mav, amz_staff, events):
    agreement = AgreementFactory(project=project, responsible=[mav])
    client.force_login(amz_staff)

    response = client.post(reverse("agreements:agreement_delete", args=[agreement.pk]))

    line = only(events(), "permission_denied")
    assert response.status_code == 403
    assert (line["user"], line["ip"], line["path"]) == ("amz", IP, response.wsgi_request.path)
    assert line["reason"]


def test_a_form_without_its_csrf_token_is_logged(amz_staff, events):
    client = Client(enforce_csrf_checks=True)

    response = log_in(client, "amz")

    assert response.status_code == 403
    assert only(events(), "csrf_refused")["ip"] == IP


def test_refused_evidence_download_is_logged(
    client, project, mav, mav_staff, outsider, settings, tmp_path, events
):
    settings.MEDIA_ROOT = tmp_path
    agreement = AgreementFactory(project=project, responsible=[mav])
    [evidence] = store_evidence(
        record=agreement, files=[check_upload(upload("a.pdf", pdf_bytes()))], user=mav_staff
    )
    client.force_login(outsider)

    response = client.get(reverse("workspace:evidence_download", args=[evidence.pk]))

    line = only(events(), "evidence_refused")
    assert response.status_code == 404
    assert (line["user"], line["ip"], line["evidence"]) == ("outsider", IP, evidence.pk)


def test_role_changes_name_who_changed_whose_role(client, project, amz, amz_staff, events):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    membership = Membership.objects.get(user=amz_staff)
    client.force_login(admin)

    client.post(
        reverse("admin:consortium_membership_change", args=[membership.pk]),
        {"user": amz_staff.pk, "project": project.pk, "partner": amz.pk, "role": "coordinator"},
    )
    MembershipFactory(user__username="newcomer", project=project, partner=amz)  # outside a request

    changed, created = only(events(), "membership_changed"), only(events(), "membership_created")
    assert (changed["user"], changed["ip"], changed["member"], changed["role"]) == (
        "root",
        IP,
        "amz",
        "coordinator",
    )
    assert (created["user"], created["member"], created["role"]) == ("system", "newcomer", "staff")


def test_restoring_a_deleted_record_is_logged(client, project, mav, coordinator, events):
    agreement = AgreementFactory(project=project, responsible=[mav])
    pk = agreement.pk
    record_delete(record=agreement)
    row = type(agreement).history.get(id=pk, history_type="-")
    client.force_login(coordinator)

    client.post(reverse("agreements:agreement_restore", args=[row.history_id]))

    line = only(events(), "record_restored")
    assert (line["user"], line["ip"], line["record"]) == ("coordinator", IP, pk)
