"""`kill -9` of an import halfway leaves 0 partial rows (RELIABILITY.md R13), on SQLite and PostgreSQL.

The child runs `manage.py import_records` with tests/imports/kill_settings.py, whose hook writes a signal
file after the 500th of 1,000 rows is saved (inside the import's transaction) and then sleeps: the test
kills it there with SIGKILL, so "halfway" is the same point on every run.
"""

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from agreements.models import Agreement
from consortium.models import Organisation
from tests.factories import MembershipFactory, PartnerFactory, ProjectFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
ROWS, HALFWAY = 1000, 500
SCRUBBED = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
SEED = (
    "from consortium.models import Membership, Partner, Project;"
    "from django.contrib.auth.models import User;"
    "p = Project.objects.create(acronym='ELCA', title='ELCA', start_date='2020-09-01', duration_months=36);"
    "m = Partner.objects.create(project=p, number=5, short_name='MAV', legal_name='MAV', country='ES');"
    "u = User.objects.create_user('mav');"
    "Membership.objects.create(user=u, project=p, partner=m, role='staff')"
)


def child_env(database_url, **extra):
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    return (
        env | {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "tests.imports.kill_settings"} | extra
    )


def manage(env, *args, timeout=300):
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def big_file(tmp_path) -> Path:
    path = tmp_path / "big.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Reference", "Name", "Responsible", "Organisation", "Status", "Signature date"])
        for n in range(1, ROWS + 1):
            writer.writerow([f"K{n}", f"Agreement {n}", "MAV", f"Company {n}", "signed", "04.02.2022"])
    return path


def kill_halfway(env, tmp_path, file) -> str:
    """Start the import, wait for the hook's signal after HALFWAY rows, SIGKILL it; returns the signal."""
    signal_file = tmp_path / "halfway"
    env = env | {"IMPORT_PAUSE_AFTER_ROWS": str(HALFWAY), "IMPORT_PAUSE_SIGNAL": str(signal_file)}
    child = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
        [
            sys.executable,
            "manage.py",
            "import_records",
            "ELCA",
            "sme-sme-agreements",
            str(file),
            "--as",
            "mav",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 240
    while not signal_file.exists():
        if child.poll() is not None:
            pytest.fail(f"the import ended before the hook: {child.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail("the import did not reach the hook in time")
        time.sleep(0.1)
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    child.stderr.close()
    return signal_file.read_text()


def test_kill_9_halfway_leaves_no_rows_on_sqlite(tmp_path):
    database = tmp_path / "kill.sqlite3"
    env = child_env(f"sqlite:///{database}")
    assert manage(env, "migrate", "--noinput").returncode == 0
    seeded = manage(env, "shell", "-c", SEED)
    assert seeded.returncode == 0, seeded.stderr
    file = big_file(tmp_path)

    assert kill_halfway(env, tmp_path, file) == str(HALFWAY)

    with sqlite3.connect(database) as db:  # opening it recovers the write-ahead log, as the next start would
        counts = [
            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed table names
            for table in ("agreements_agreement", "agreements_historicalagreement", "consortium_organisation")
        ]
        whole = db.execute("PRAGMA integrity_check").fetchone()[0]
    assert counts == [0, 0, 0]
    assert whole == "ok"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL part: set DATABASE_URL"
)
def test_kill_9_halfway_leaves_no_rows_on_postgresql(transactional_db, tmp_path):
    project = ProjectFactory(acronym="ELCA")
    mav = PartnerFactory(project=project, number=5, short_name="MAV")
    MembershipFactory(user=UserFactory(username="mav"), project=project, partner=mav, role="staff")
    db = connection.settings_dict  # the test database, where the rows above are committed
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"

    assert kill_halfway(child_env(url), tmp_path, big_file(tmp_path)) == str(HALFWAY)

    assert Agreement.objects.count() == 0
    assert Agreement.history.count() == 0
    assert Organisation.objects.count() == 0
