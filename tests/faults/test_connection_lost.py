"""R14: the database connection is lost in the middle of a write: generic error page, 0 partial rows,
and the next request works (RELIABILITY.md R14).

On PostgreSQL the fault is real: right after the request's first INSERT, a second connection terminates
the request's server process (`pg_terminate_backend`), so the next statement fails with the error a
dropped connection gives. SQLite is embedded (there is no connection to lose), so there the statement after
the first INSERT fails with the error a vanishing database file gives ("disk I/O error").
"""

import sqlite3
from contextlib import contextmanager

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from agreements.models import Agreement
from tests.faults.conftest import Server

pytestmark = pytest.mark.django_db(transaction=True)

CREATE = reverse("agreements:agreement_create")
LIST = reverse("agreements:agreement_list")


def agreement(name):
    return {"kind": "sme_sme", "status": "signed", "name": name, "signed_date": "Nov 2022"}


def terminate_backend(pid: int) -> None:
    """What a database restart or a dropped network link does to one connection, from the outside."""
    s = connection.settings_dict
    with psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"],
        password=s["PASSWORD"] or None,
        host=s["HOST"],
        port=s["PORT"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


@contextmanager
def connection_lost_after_first_insert_into(table: str):
    lost = []

    def hook(execute, sql, params, many, context):
        if lost and connection.vendor == "sqlite":
            with connection.wrap_database_errors:  # raised as Django raises a real one
                raise sqlite3.OperationalError("disk I/O error")
        result = execute(sql, params, many, context)
        if not lost and sql.startswith(f'INSERT INTO "{table}"'):
            lost.append(sql)
            if connection.vendor == "postgresql":
                terminate_backend(connection.connection.info.backend_pid)
        return result

    with connection.execute_wrapper(hook):
        yield lost


def test_settings_health_check_kept_connections():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_r14_connection_lost_mid_write_shows_the_error_page_leaves_nothing_and_the_next_request_works(
    mav_staff, mav
):
    server = Server(mav_staff)
    history, through = Agreement.history.model, Agreement.responsible.through

    with connection_lost_after_first_insert_into("agreements_agreement") as lost:
        status, page = server.request("POST", CREATE, agreement("Half-saved?"))

    assert lost, "the fault was not injected: the view never inserted an agreement"
    assert status == 500
    assert "Something went wrong on our side" in page and "Nothing you entered was half-saved" in page
    for leak in ("Traceback", "OperationalError", "disk I/O", "terminat", "agreements_agreement"):
        assert leak not in page
    assert (Agreement.objects.count(), history.objects.count(), through.objects.count()) == (0, 0, 0)

    assert server.request("GET", LIST)[0] == 200
    assert server.request("POST", CREATE, agreement("Saved after the fault"))[0] == 302
    saved = Agreement.objects.get()
    assert (saved.name, saved.history.count(), list(saved.responsible.all())) == (
        "Saved after the fault",
        1,
        [mav],
    )


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="a kept connection dying between requests is a server database's fault (SQLite keeps none)",
)
def test_r14_kept_connection_killed_between_requests_is_replaced_by_the_health_check(mav_staff):
    server = Server(mav_staff)
    assert server.request("GET", LIST)[0] == 200
    before = connection.connection.info.backend_pid  # kept for the next request (CONN_MAX_AGE)

    terminate_backend(before)

    assert server.request("GET", LIST)[0] == 200
    assert connection.connection.info.backend_pid != before
