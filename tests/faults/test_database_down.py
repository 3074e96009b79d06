"""The database is down (PostgreSQL not answering, or an SQLite file that cannot be opened): every page
that needs it answers with the generic error page, never a traceback, and the log names the cause."""

import json
import subprocess

import pytest

from tests.faults.conftest import run_python

DOWN = {
    "postgresql": "postgres://postgres@127.0.0.1:9/elca",  # port 9 (discard): nothing listens there
    "sqlite": "sqlite:////nonexistent-directory/db.sqlite3",
}


@pytest.mark.parametrize("database", DOWN)
def test_database_down_gives_the_error_page_and_logs_the_cause(database):
    probe = run_python(
        ["tests/faults/probe_database_down.py"],
        DOWN[database],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, log = probe.communicate(timeout=60)
    assert probe.returncode == 0, log

    answers = json.loads(out)

    assert {name: status for name, (status, _) in answers.items()} == {
        "login page": 200,  # needs no database: still there
        "log in": 500,
        "start page": 500,
        "agreement list": 500,
    }
    for name, (status, page) in answers.items():
        if status == 500:
            assert "Something went wrong on our side" in page, name
            assert "Traceback" not in page and "OperationalError" not in page and "DATABASE" not in page
    assert "OperationalError" in log  # the operator's log says what is wrong
