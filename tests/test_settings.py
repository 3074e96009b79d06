"""Bad configuration stops the start-up with a message naming the variable."""

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


def start_with(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    clean.update(env)
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "manage.py", "check"],
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
