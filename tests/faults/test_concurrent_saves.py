"""R16 on a real database with real concurrency: 20 threads, each with its own connection, save one record
from the same version at once: exactly 1 saves, 19 get the conflict, 0 errors (SQLite in WAL with
IMMEDIATE transactions, and PostgreSQL). Runs bench/check_r16_concurrent_saves.py, the script the README
gives for checking a deployment by hand."""

import subprocess

import pytest

from tests.faults.conftest import run_python

pytestmark = pytest.mark.django_db(transaction=True)


def test_r16_twenty_concurrent_saves_one_wins_nineteen_conflict_no_errors(share_database):
    check = run_python(
        ["bench/check_r16_concurrent_saves.py"],
        share_database(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, log = check.communicate(timeout=120)

    assert out.strip() == '{"conflict": 19, "saved": 1} version 2', log
    assert check.returncode == 0
