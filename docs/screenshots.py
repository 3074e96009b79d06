"""The README's screenshots, made again from the demo: `make screenshots` (README "Languages").

Loads the demo into a fresh SQLite file, serves it on a free port, logs in as the demo coordinator in
Debian's Chromium and saves
- docs/screenshots/<page>.png: the dashboard, a record form, the report page and the set-up checklist in
  English, at a laptop's width (the README opens with them);
- docs/screenshots/<language>/<page>-<width>.png: the dashboard and the agreement form in German and Polish,
  on a laptop and a phone (long words must not break the layout).

Nothing of the developer's own database is touched. Needs /usr/bin/chromium (apt-get install chromium).
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env: dict, port: int) -> subprocess.Popen:
    python = sys.executable  # this interpreter, on our own manage.py: no outside input in any command
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run([python, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([python, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True, **quiet)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        **quiet,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the demo server did not start")


def _pages() -> dict[str, str]:
    """The pages to show, named by the demo's own data (its project, an agreement of it)."""
    from django.urls import reverse

    from agreements.models import Agreement
    from consortium.models import Project

    project = Project.objects.order_by("pk").first()
    agreement = Agreement.objects.filter(project=project).order_by("pk").first()
    return {
        "dashboard": reverse("kpis:dashboard", args=[project.acronym]),
        "record-form": reverse("agreements:agreement_create"),
        "agreement-form": reverse("agreements:agreement_edit", args=[agreement.pk]),
        "reports": reverse("reports:home"),
        "setup-checklist": reverse("setup:index", args=[project.acronym]),
    }


def _shoot(base: str, pages: dict, password: str, languages: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    made = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless=new"])
        plan = [("en-gb", LAPTOP, ["dashboard", "record-form", "reports", "setup-checklist"], OUT)]
        for language in languages:
            for viewport in (LAPTOP, PHONE):
                plan.append((language, viewport, ["dashboard", "agreement-form"], OUT / language))
        for language, viewport, names, folder in plan:
            folder.mkdir(parents=True, exist_ok=True)
            context = browser.new_context(viewport=viewport, locale=language)
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=username]", "coordinator")
            page.fill("input[name=password]", password)
            page.click("main form button[type=submit]")
            page.wait_for_url(lambda url: "/login" not in url)
            for name in names:
                page.goto(base + pages[name])
                page.wait_for_load_state("networkidle")
                suffix = "" if folder == OUT else f"-{'phone' if viewport is PHONE else 'laptop'}"
                path = folder / f"{name}{suffix}.png"
                page.screenshot(path=str(path), full_page=folder != OUT)
                made.append(path)
            context.close()
        browser.close()
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="de,pl", help="languages of the second set (default de,pl)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DEBUG": "1",
            "MFA_REQUIRED": "0",
            "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
        }
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "elca.settings"
        sys.path.insert(0, str(ROOT))
        port = _free_port()
        server = _serve(env, port)
        try:
            import django

            django.setup()
            from accounts.demo_credentials import DEMO_PASSWORD

            made = _shoot(f"http://127.0.0.1:{port}", _pages(), DEMO_PASSWORD, args.languages.split(","))
        finally:
            server.terminate()
            server.wait()
    for path in made:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
