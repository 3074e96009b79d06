"""R20: 50 users with think time for 2 minutes against gunicorn + PostgreSQL in production settings, on
loopback: 0 failures, page p95 < 300 ms, export p95 < 2 s (RELIABILITY.md R20).

Each simulated user logs in as one of the demo's partner staff or the viewer (roles without a second login
step), then loops: think 1-5 s, open a page (start page, dashboard, a KPI drill-down, lists, a record,
reports); one action in ten asks for an XLSX export of the D3.2 report and polls its status every 0.2 s
until the file is ready, then downloads it. A run_worker runs beside gunicorn, as in production. Users
start over the first 10 s. A failure is any status other than the expected one, a timeout, or an export
that fails.

Needs PostgreSQL: LOAD_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/elca_bench (migrated and given
the demo). Not part of `make bench` (it takes minutes): `make bench-load`, or

    .venv/bin/python bench/load_r20.py [--duration 120] [--users 50]
"""

import argparse
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback import DEFAULT_DATABASE, Client, first_link, percentile, serve  # noqa: E402

USERS = ["amz", "mech", "bic", "pol", "mav", "viewer"]
PAGES = [
    "/",
    "/projects/ELCA/dashboard/",
    "/projects/ELCA/kpi/WP3-2/",
    "/agreements/",
    "/events/",
    "/missions/",
    "/engagements/",
    "/organisations/",
    "/projects/ELCA/reports/",
    "/projects/ELCA/timeline/",
    "{record}",
]
EXPORT = "/projects/ELCA/reports/d32/{period}/export/xlsx/"
EXPORT_TIMEOUT = 60


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.pages, self.exports, self.failures = [], [], []

    def add(self, kind: str, value):
        with self.lock:
            getattr(self, kind).append(value)


def user_loop(port, username, password, stop, tally, seed):
    rng = random.Random(seed)  # noqa: S311 - load pattern, not security
    client = Client(port)
    try:
        client.login(username, password)
        record = first_link(client.get("/agreements/")[2], r"/agreements/\d+/") or "/agreements/"
        period = 5
    except (RuntimeError, OSError) as exc:
        tally.add("failures", f"{username}: {exc}")
        return
    while time.monotonic() < stop:
        time.sleep(rng.uniform(1, 5))
        if time.monotonic() >= stop:
            break
        try:
            if rng.random() < 0.1:
                export(client, period, tally)
            else:
                path = rng.choice(PAGES).format(record=record)
                status, spent, _, _ = client.get(path)
                if status == 200:
                    tally.add("pages", spent)
                else:
                    tally.add("failures", f"{path}: {status}")
        except OSError as exc:
            tally.add("failures", f"{username}: {exc!r}")


def export(client, period, tally):
    started = time.perf_counter()
    status, _, _, headers = client.post(EXPORT.format(period=period), {})
    location = headers.get("Location", "")
    if status != 302 or "/reports/exports/" not in location:
        tally.add("failures", f"export request: {status}")
        return
    status_url = location.rstrip("/") + "/status/"
    while time.perf_counter() - started < EXPORT_TIMEOUT:
        status, _, body, _ = client.get(status_url)
        if status != 200:
            tally.add("failures", f"export status: {status}")
            return
        if b'"status": "done"' in body:
            download = client.get(location.rstrip("/") + "/download/")
            if download[0] != 200 or download[2][:2] != b"PK":
                tally.add("failures", f"export download: {download[0]}")
                return
            tally.add("exports", time.perf_counter() - started)
            return
        if b'"status": "failed"' in body:
            tally.add("failures", f"export failed: {body[:200]!r}")
            return
        time.sleep(0.2)
    tally.add("failures", "export not ready within a minute")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=120, help="seconds of load (default 120)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", 3)))
    args = parser.parse_args()
    database = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE)
    if not database.startswith("postgres"):
        sys.exit("R20 is measured with PostgreSQL: set LOAD_DATABASE_URL=postgres://...")
    password = os.environ.get("DEMO_PASSWORD", "elca-demo-2026")

    tally = Tally()
    with serve(database, workers=args.workers, worker_process=True) as port:
        stop = time.monotonic() + args.duration
        threads = []
        for n in range(args.users):
            thread = threading.Thread(
                target=user_loop, args=(port, USERS[n % len(USERS)], password, stop, tally, n), daemon=True
            )
            thread.start()
            threads.append(thread)
            time.sleep(min(10 / args.users, 0.5))  # ramp up over the first 10 s
        for thread in threads:
            thread.join(timeout=args.duration + EXPORT_TIMEOUT + 30)

    page_p95, export_p95 = percentile(tally.pages, 0.95), percentile(tally.exports, 0.95)
    page_p50 = statistics.median(tally.pages or [0])
    print(
        f"R20: {args.users} users, think time 1-5 s, {args.duration:.0f} s, gunicorn {args.workers} workers "
        f"+ 1 run_worker, PostgreSQL"
    )
    print(
        f"  pages:   {len(tally.pages):5} requests, p50 {page_p50 * 1000:6.0f} ms, "
        f"p95 {page_p95 * 1000:6.0f} ms (aim < 300 ms)"
    )
    print(
        f"  exports: {len(tally.exports):5} XLSX, p50 {statistics.median(tally.exports or [0]):6.2f} s, "
        f"p95 {export_p95:6.2f} s (aim < 2 s, from the click to the file being ready)"
    )
    print(f"  failures: {len(tally.failures)}")
    for failure in tally.failures[:10]:
        print(f"    {failure}")
    passed = not tally.failures and page_p95 < 0.3 and export_p95 < 2 and tally.exports
    print("R20 " + ("PASS" if passed else "MISS"))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
