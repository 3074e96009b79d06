"""P5: the agreement list page's throughput against the Django admin changelist of the same model, under
16 concurrent clients on loopback, with gunicorn and PostgreSQL in production settings.

Both pages list the same agreements (the ELCA demo) to the same superuser. The two sides alternate in
rounds (list, admin, list, admin, ...) so both meet the same load from anything else on the machine; each
side gets `--seconds` in total (default 20). Prints requests per second, p50/p95 latency and errors per
side, and the ratio list/admin (aim: >= 1, the page is no slower than Django's own changelist).

Needs PostgreSQL: LOAD_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/elca_bench (migrated and given
the demo if it has none). Loopback only; bounded in time; stops its server by itself. The superuser has no
second login step here (MFA_REQUIRED=0 for this server only): the admin page is what is measured.

    .venv/bin/python bench/bench_p5_list_vs_admin.py [--seconds 20] [--clients 16]
    .venv/bin/python bench/bench_p5_list_vs_admin.py --cpu 40

`--cpu N` measures instead the CPU one request of each page costs in-process (`time.process_time`, median of
N after 5 warm-ups, Django's test client, the same settings, database and superuser, no server): a busy
machine moves the throughput figures far more than this one (bench/RESULTS.md "Library substitutes").
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback import (  # noqa: E402
    DEFAULT_DATABASE,
    PYTHON,
    ROOT,
    Client,
    ensure_database,
    manage,
    percentile,
    production_env,
    serve,
)

PAGES = {"list": "/agreements/", "admin": "/admin/agreements/agreement/"}
ROUNDS = 4


def hammer(port: int, cookies: dict, path: str, clients: int, seconds: float) -> tuple[list[float], int]:
    """`clients` threads request `path` back to back for `seconds`; latencies of 200s, and the errors."""
    latencies, errors, lock = [], [0], threading.Lock()
    stop = time.monotonic() + seconds

    def run():
        client = Client(port)
        client.cookies = dict(cookies)
        while time.monotonic() < stop:
            try:
                status, spent, body, _ = client.get(path)
                ok = status == 200 and b"<table" in body
            except OSError:
                ok, spent = False, 0.0
            with lock:
                if ok:
                    latencies.append(spent)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def cpu_per_request(database: str, requests: int) -> int:
    """Prepare the database and static files as serve() does, then measure in a child process."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-static-") as scratch:
        env = production_env(database, str(Path(scratch) / "static"), MFA_REQUIRED="0")
        env["ALLOWED_HOSTS"] = "testserver"
        ensure_database(database)
        manage(env, "migrate", "--no-input", "-v0")
        manage(env | {"DEBUG": "1"}, "load_demo")
        manage(env, "collectstatic", "--no-input", "-v0")
        child = [PYTHON, __file__, "--cpu-child", str(requests)]
        return subprocess.run(child, cwd=ROOT, env=env, check=False).returncode  # noqa: S603


def cpu_child(requests: int) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client as TestClient

    client = TestClient()
    client.force_login(get_user_model().objects.get(username="admin"))
    spent = {}
    for side, path in PAGES.items():
        for _ in range(5):
            if client.get(path, secure=True).status_code != 200:
                sys.exit(f"{path} did not answer 200")
        times = []
        for _ in range(requests):
            started = time.process_time()
            client.get(path, secure=True)
            times.append(time.process_time() - started)
        spent[side] = statistics.median(times) * 1000
        print(f"  {side:5} {path:32} {spent[side]:6.1f} ms CPU per request (median of {requests})")
    print(f"ratio list/admin CPU: {spent['list'] / spent['admin']:.2f} (lower is cheaper)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="measuring time per side (default 20)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", 3)))
    parser.add_argument("--cpu", type=int, default=0, help="measure CPU per request in-process, N requests")
    parser.add_argument("--cpu-child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cpu_child:
        return cpu_child(args.cpu_child)
    database = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE)
    if not database.startswith("postgres"):
        sys.exit("P5 measures gunicorn with PostgreSQL: set LOAD_DATABASE_URL=postgres://...")
    if args.cpu:
        return cpu_per_request(database, args.cpu)
    password = os.environ.get("DEMO_PASSWORD", "elca-demo-2026")

    with serve(database, workers=args.workers, MFA_REQUIRED="0") as port:
        admin = Client(port)
        admin.login("admin", password)
        for path in PAGES.values():  # warm both, and check they are pages
            status = admin.get(path)[0]
            if status != 200:
                sys.exit(f"{path} answered {status}")
        results = {side: ([], 0, 0.0) for side in PAGES}
        for _ in range(ROUNDS):
            for side, path in PAGES.items():
                started = time.monotonic()
                latencies, errors = hammer(port, admin.cookies, path, args.clients, args.seconds / ROUNDS)
                done, failed, spent = results[side]
                results[side] = (done + latencies, failed + errors, spent + time.monotonic() - started)

    print(
        f"P5: {args.clients} concurrent clients, gunicorn {args.workers} workers, PostgreSQL, "
        f"{args.seconds:.0f} s per side in {ROUNDS} alternating rounds"
    )
    rates = {}
    for side, (latencies, errors, spent) in results.items():
        rates[side] = len(latencies) / spent
        print(
            f"  {side:5} {PAGES[side]:32} {rates[side]:7.1f} req/s  p50 "
            f"{statistics.median(latencies) * 1000 if latencies else float('nan'):6.0f} ms  "
            f"p95 {percentile(latencies, 0.95) * 1000:6.0f} ms  errors {errors}"
        )
    print(f"ratio list/admin throughput: {rates['list'] / rates['admin']:.2f} (aim >= 1)")
    return 1 if any(errors for _, errors, _ in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
