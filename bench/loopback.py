"""Shared by the load scripts (bench_p5_list_vs_admin.py, load_r20.py): a production server on loopback and
a plain HTTP client. Nothing here listens or connects anywhere but 127.0.0.1.

`serve()` runs what `make serve` runs (production settings: DEBUG off, whitenoise's manifest storage after
collectstatic, gunicorn) on a free port, with PostgreSQL from DATABASE_URL, and stops it afterwards.
The one difference: the server is reached over plain HTTP on loopback, so SECURE_SSL_REDIRECT is off (in
production the TLS proxy in front does HTTPS); cookies marked Secure are sent back by this client anyway.
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/elca_bench"
HOST = "127.0.0.1"


def production_env(database_url: str, static_root: str, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "elca.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def ensure_database(database_url: str) -> None:
    """Create the benchmark's PostgreSQL database if the server does not have it yet."""
    import psycopg  # the project's PostgreSQL driver
    from psycopg import sql

    url = urlsplit(database_url)
    name = url.path.lstrip("/")
    maintenance = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextmanager
def serve(database_url: str, *, workers: int = 3, worker_process: bool = False, **extra_env):
    """Migrate, load the demo (idempotent), collect static files, run gunicorn; yields the port."""
    with tempfile.TemporaryDirectory(prefix="bench-static-") as scratch:
        # collectstatic writes the manifest beside STATIC_ROOT (static-manifest/): both in the scratch dir.
        env = production_env(database_url, str(Path(scratch) / "static"), **extra_env)
        ensure_database(database_url)
        manage(env, "migrate", "--no-input", "-v0")
        # The bench database is a throwaway one: load_demo refuses to run without DEBUG (issue 12).
        manage(env | {"DEBUG": "1"}, "load_demo")
        manage(env, "collectstatic", "--no-input", "-v0")
        port = free_port()
        processes = [
            subprocess.Popen(  # noqa: S603 - our own gunicorn, loopback only
                [
                    str(Path(PYTHON).parent / "gunicorn"),
                    "elca.wsgi:application",
                    "--bind",
                    f"{HOST}:{port}",
                    "--workers",
                    str(workers),
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )
        ]
        if worker_process:
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [PYTHON, "manage.py", "run_worker", "--no-reload", "--interval", "0.2"], cwd=ROOT, env=env
                )
            )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if Client(port).get("/accounts/login/")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline or processes[0].poll() is not None:
                    raise RuntimeError("gunicorn did not start")
                time.sleep(0.2)
            yield port
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


class Client:
    """One user's browser, reduced to cookies and http.client; one connection, reopened as needed."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, float, bytes, dict]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode({**body, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, data, headers)
            response = self.connection.getresponse()
            content = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # a kept-alive connection the server closed: once more, fresh
            self.connection.request(method, path, data, headers)
            response = self.connection.getresponse()
            content = response.read()
        spent = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, spent, content, dict(response.getheaders())

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, body: dict):
        return self.request("POST", path, body)

    def login(self, username: str, password: str) -> None:
        self.get("/accounts/login/")  # sets the CSRF cookie
        status, _, _, headers = self.post("/accounts/login/", {"username": username, "password": password})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} failed ({status})")


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def first_link(html: bytes, pattern: str) -> str | None:
    match = re.search(pattern.encode(), html)
    return match.group(0).decode() if match else None
