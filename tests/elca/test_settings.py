"""Bad configuration stops the start-up with a message naming the variable."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from elca.env import env_bool, env_email, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
# The child process gets a clean environment: no test-only variables (DJANGO_ALLOW_ASYNC_UNSAFE is set for
# the browser tests) and none of the settings under test.
SCRUBBED = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def start_with(*command, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    clean.update(env)
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "manage.py", *(command or ["check"])],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = start_with(DEBUG="0", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_bad_boolean_names_the_variable():
    result = start_with(DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG='maybe' is not a yes/no value" in result.stderr


def test_a_bad_database_url_names_the_variable():
    result = start_with(DEBUG="1", DATABASE_URL="nosuchdb://x")

    assert result.returncode != 0
    assert "DATABASE_URL='nosuchdb://x' is not a database URL" in result.stderr


def test_a_bad_time_zone_names_the_variable():
    result = start_with(DEBUG="1", TIME_ZONE="Europe/Atlantis")

    assert result.returncode != 0
    assert "TIME_ZONE='Europe/Atlantis' is not a time zone name" in result.stderr


def test_production_settings_start_with_a_key_and_hosts():
    result = start_with(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="kpi.example.org")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def settings_seen_with(names: list[str], **env) -> list:
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps([getattr(s, n) for n in {names!r}]))"
    )
    result = start_with("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_behind_the_tls_proxy_the_client_address_comes_from_x_forwarded_for():
    names = ["PROXY_COUNT", "AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT", "IPWARE_STRICT"]

    assert settings_seen_with(names, DEBUG="1", BEHIND_TLS_PROXY="1") == [
        1,
        ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
        0,
        False,
    ]
    assert settings_seen_with(names, DEBUG="1", BEHIND_TLS_PROXY="1", PROXY_COUNT="2")[:3] == [
        2,
        ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
        1,
    ]
    assert settings_seen_with(names, DEBUG="1")[:3] == [0, ["REMOTE_ADDR"], None]


def test_a_negative_proxy_count_names_the_variable():
    result = start_with(DEBUG="1", PROXY_COUNT="-1")

    assert result.returncode != 0
    assert "PROXY_COUNT=-1 is negative" in result.stderr


def test_the_old_axes_proxy_count_variable_is_refused_with_its_successor():
    result = start_with(DEBUG="1", AXES_PROXY_COUNT="1")

    assert result.returncode != 0
    assert "AXES_PROXY_COUNT is no longer read: set PROXY_COUNT" in result.stderr


EMAIL_VARIABLES = ("EMAIL_URL", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD")


@pytest.fixture
def no_email_env(monkeypatch):
    for name in (*EMAIL_VARIABLES, "EMAIL_USE_TLS", "EMAIL_USE_SSL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_email_from_email_url(no_email_env):
    no_email_env.setenv("EMAIL_URL", "smtp://kpi%40example.org:s3cret@mail.example.org:587/?tls=True")

    config = env_email()

    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"], config["EMAIL_USE_TLS"]) == (
        "mail.example.org",
        587,
        True,
    )
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("kpi@example.org", "s3cret")


def test_email_from_the_usual_variables(no_email_env):
    no_email_env.setenv("EMAIL_HOST", "mail.example.org")
    no_email_env.setenv("EMAIL_HOST_USER", "kpi")
    no_email_env.setenv("EMAIL_USE_TLS", "1")

    config = env_email()

    assert (config["EMAIL_HOST"], config["EMAIL_PORT"], config["EMAIL_HOST_USER"]) == (
        "mail.example.org",
        587,
        "kpi",
    )


def test_no_email_variables_mean_no_email(no_email_env):
    assert env_email() == {}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EMAIL_URL": "smpt://mail.example.org"}, "EMAIL_URL is not an e-mail URL: smpt scheme"),
        ({"EMAIL_URL": "smtp://kpi:s3cret@mail.example.org:five/"}, "EMAIL_URL is not an e-mail URL (Port"),
        ({"EMAIL_URL": "kpi:s3cret@mail.example.org"}, "EMAIL_URL is not an e-mail URL: no scheme"),
        ({"EMAIL_URL": "smtp://h", "EMAIL_HOST": "h"}, "EMAIL_URL and EMAIL_HOST are both set"),
        ({"EMAIL_HOST": "h", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "EMAIL_USE_TLS and EMAIL_USE_SSL"),
        ({"EMAIL_HOST": "h", "EMAIL_PORT": "smtp"}, "EMAIL_PORT='smtp' is not a whole number"),
    ],
)
def test_a_bad_email_setting_names_the_variable_and_never_the_password(no_email_env, env, message):
    for name, value in env.items():
        no_email_env.setenv(name, value)

    with pytest.raises(ImproperlyConfigured) as refused:
        env_email()

    assert message in str(refused.value)
    assert "s3cret" not in str(refused.value)


def test_a_bad_email_url_stops_the_start_up():
    result = start_with(DEBUG="1", EMAIL_URL="smtp://kpi:s3cret@mail.example.org:five/")

    assert result.returncode != 0
    assert "EMAIL_URL is not an e-mail URL" in result.stderr and "s3cret" not in result.stderr


def test_email_settings_seen_by_django():
    names = [
        "EMAIL_BACKEND",
        "EMAIL_CONFIGURED",
        "PASSWORD_RESET_BY_EMAIL",
        "DEFAULT_FROM_EMAIL",
        "EMAIL_TIMEOUT",
    ]
    clean = dict.fromkeys((*EMAIL_VARIABLES, "DEFAULT_FROM_EMAIL"), "")
    production = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "kpi.example.org"} | clean

    assert settings_seen_with(names, DEBUG="1", **clean) == [
        "django.core.mail.backends.console.EmailBackend",
        False,
        True,
        "webmaster@localhost",
        10,
    ]
    assert settings_seen_with(names, **production)[1:3] == [False, False]  # no reset offered
    configured = production | {
        "EMAIL_URL": "submission://mail.example.org",
        "DEFAULT_FROM_EMAIL": "kpi@example.org",
    }
    assert settings_seen_with(names, **configured) == [
        "django.core.mail.backends.smtp.EmailBackend",
        True,
        True,
        "kpi@example.org",
        10,
    ]


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    monkeypatch.setenv("X_NUMBER", "twelve")
    monkeypatch.setenv("X_LIST", "a.org, b.org,")

    assert env_bool("X_FLAG") is True
    assert env_list("X_LIST", []) == ["a.org", "b.org"]
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER='twelve' is not a whole number"):
        env_int("X_NUMBER", 1)


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(settings):
    from elca.settings import _database

    config = _database("sqlite:////tmp/x.sqlite3")

    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_notifications_kept_no_longer_than_the_look_back_stop_the_start_up():
    result = start_with(DEBUG="1", NOTIFICATIONS_KEEP_DAYS="10")

    assert result.returncode != 0
    message = "NOTIFICATIONS_KEEP_DAYS=10 must be more than NOTIFICATIONS_LOOKBACK_DAYS + 1 (15)"
    assert message in result.stderr


def test_a_digest_hour_that_is_not_an_hour_stops_the_start_up():
    result = start_with(DEBUG="1", NOTIFICATIONS_DIGEST_HOUR="24")

    assert result.returncode != 0
    assert "NOTIFICATIONS_DIGEST_HOUR=24 is not an hour (0 to 23)." in result.stderr
