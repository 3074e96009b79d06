"""Fault injection helpers: a WSGI server's request cycle, and a database other processes can open.

The test client leaves out what a real server does around each request (it disconnects Django's
`close_old_connections` from `request_started`/`request_finished`), and that is exactly the code that
drops a broken connection and health-checks a kept one (CONN_HEALTH_CHECKS). `Server` calls Django's
WSGI handler as gunicorn does, so "the next request works" is tested through the real cycle.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client, RequestFactory

ROOT = Path(__file__).resolve().parent.parent.parent
# Any 32 letters are a valid CSRF secret; sent as cookie and form field, CsrfViewMiddleware accepts them.
CSRF = "faultsfaultsfaultsfaultsfaultsfa"


class Server:
    """Requests through Django's WSGIHandler, signals and all, as a WSGI server sends them."""

    def __init__(self, user=None):
        self.handler = WSGIHandler()
        self.cookies = {"csrftoken": CSRF}
        if user is not None:
            client = Client()
            client.force_login(user)
            self.cookies["sessionid"] = client.cookies["sessionid"].value

    def request(self, method: str, path: str, data=None) -> tuple[int, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        factory = RequestFactory(HTTP_COOKIE=cookie)
        if method == "POST":
            request = factory.post(path, {**(data or {}), "csrfmiddlewaretoken": CSRF})
        else:
            request = factory.get(path, data or {})
        started = {}

        def start_response(status, headers, exc_info=None):
            started["status"] = int(status.split()[0])

        response = self.handler(request.environ, start_response)
        try:
            body = b"".join(response).decode("utf-8", "replace")
        finally:
            response.close()  # sends request_finished, as every WSGI server does
        return started["status"], body


@pytest.fixture
def share_database(transactional_db, tmp_path):
    """Returns `share() -> DATABASE_URL` that a worker or script in another process can open.

    PostgreSQL: the test database itself (the test is transactional, so its rows are committed, and the
    flush after it removes what the other process wrote). SQLite: the test database is in memory and
    private to this process, so `share()` copies it into a file with SQLite's backup API; call it after
    creating the rows the other process needs, and read the results back from that file.
    """
    settings = connection.settings_dict
    path = tmp_path / "shared.sqlite3"

    def share() -> str:
        if connection.vendor == "postgresql":
            auth = quote(settings["USER"] or "")
            if settings["PASSWORD"]:
                auth += f":{quote(settings['PASSWORD'])}"
            host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
            return f"postgres://{auth}@{host}/{settings['NAME']}"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return f"sqlite:///{path}"

    return share


def run_python(args: list[str], database_url: str, **popen) -> subprocess.Popen:
    """Start `python <args>` from the checkout with the test settings and the given database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "elca.settings_test",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DEBUG", None)
    return subprocess.Popen(  # noqa: S603 - our own interpreter and scripts, no shell
        [sys.executable, *args], cwd=ROOT, env=env, text=True, **popen
    )
