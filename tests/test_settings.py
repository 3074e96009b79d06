"""Bad configuration stops the start-up with a message naming the variable."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from elca.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent
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
