"""Production settings, headers, sessions and error pages (RELIABILITY.md R1, R2 in part, R3, R7)."""

import json
import os
import re
import secrets
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import LAST_SEEN, STARTED

ROOT = Path(__file__).resolve().parents[2]
# The child process gets a clean environment: no test-only variables (DJANGO_ALLOW_ASYNC_UNSAFE is set for
# the browser tests) and none of the settings under test.
SCRUBBED = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "kpi.example.org",
    # A correctly configured production sends mail (password reset; accounts.W001 otherwise).
    "EMAIL_URL": "submission://kpi%40example.org:mail-secret@mail.example.org",
    "DEFAULT_FROM_EMAIL": "KPI tracker <kpi@example.org>",
    # Links in notification e-mails open the product (notifications.W001 otherwise).
    "SITE_URL": "https://kpi.example.org",
}


def run_manage(*args, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_r1_deploy_check_passes_with_production_settings(tmp_path):
    # A database of its own: the deploy check also looks for demo users in it (accounts.E001).
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}"}

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV, **database)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_r1_production_settings_are_strict():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_HTTPONLY, "
        "s.X_FRAME_OPTIONS, s.SESSION_IDLE_SECONDS, s.SESSION_ABSOLUTE_SECONDS]))"
    )
    result = run_manage("shell", "-c", code, **PRODUCTION_ENV)

    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        True,
        True,
        True,
        31_536_000,
        True,
        "DENY",
        1800,
        43200,
    ]


def test_r2_security_headers_on_html_pages(client, amz_staff):
    client.force_login(amz_staff)

    response = client.get(reverse("portal:home"), secure=True)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_r2_signed_in_pages_and_files_are_never_stored(client, amz_staff):
    client.force_login(amz_staff)

    for path in (reverse("portal:home"), reverse("agreements:agreement_list"), "/agreements/?export=xlsx"):
        cache_control = client.get(path)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, path


def test_r3_logout_kills_the_session(client, amz_staff):
    client.force_login(amz_staff)
    old_session = client.cookies["sessionid"].value

    client.post(reverse("logout"))
    client.cookies["sessionid"] = old_session  # a stolen cookie replayed after logout
    response = client.get(reverse("portal:home"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("started_ago", "seen_ago", "still_in"),
    [(60, 10, True), (60 * 60, 29 * 60, True), (60 * 60, 31 * 60, False), (12 * 3600 + 60, 10, False)],
)
def test_r3_sessions_end_after_30_idle_minutes_or_12_hours(
    client, amz_staff, started_ago, seen_ago, still_in
):
    client.force_login(amz_staff)
    session = client.session
    now = time.time()
    session[STARTED], session[LAST_SEEN] = now - started_ago, now - seen_ago
    session.save()

    response = client.get(reverse("portal:home"))

    assert (response.status_code == 200) is still_in
    if not still_in:
        assert response["Location"] == "/accounts/login/?next=/"
        assert "_auth_user_id" not in client.session


def test_r7_custom_404_without_details(client, amz_staff):
    client.force_login(amz_staff)

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Traceback" not in response.content.decode() and "urlpatterns" not in response.content.decode()


def test_r7_custom_500_without_traceback_or_settings(client, settings):
    settings.ROOT_URLCONF = "tests.urls_failing"
    client.raise_request_exception = False

    response = client.get("/broken/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "DATABASES" not in html and "Traceback" not in html and "RuntimeError" not in html


def test_r2_content_security_policy_forbids_inline_code(client, amz_staff):
    client.force_login(amz_staff)

    policy = client.get(reverse("portal:home"))["Content-Security-Policy"]

    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)


def test_r2_templates_carry_no_inline_script_style_or_handlers():
    offenders = []
    for template in sorted((ROOT / "templates").rglob("*.html")) + sorted(ROOT.glob("*/templates/**/*.html")):
        if template.name == "500.html":  # served without our static files; it has none of these anyway
            continue
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
            if INLINE_CODE.search(line):
                offenders.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()[:80]}")

    assert offenders == []


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    from axes.models import AccessAttempt

    yield AccessAttempt


def log_in(client, password):
    return client.post(reverse("login"), {"username": "amz", "password": password})


def test_r6_five_failures_lock_out_with_429_then_lift_after_15_minutes(client, amz_staff, axes_on, caplog):
    for _ in range(4):
        refused = log_in(client, "wrong")
        assert refused.status_code == 200 and "correct username and password" in refused.content.decode()
    locked = log_in(client, "wrong")  # the fifth failure locks
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in locked.content.decode()
    assert log_in(client, "secret-password-1").status_code == 429  # even the right password, for now
    assert any("AXES: Locking out" in record.getMessage() for record in caplog.records)

    axes_on.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert log_in(client, "secret-password-1").status_code == 302
