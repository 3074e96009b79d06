"""Browser tests: Playwright driving Debian's Chromium (never `playwright install`; STACK.md).

Where /usr/bin/chromium is missing the tests are skipped with the reason, except when REQUIRE_BROWSER=1
(as .ci/run sets it): then a missing browser fails the run, so CI never passes without them.
"""

import os
from pathlib import Path

import pytest

from tests.two_step import log_in

CHROMIUM = Path("/usr/bin/chromium")
# The live server runs in a thread next to Playwright's event loop; Django must allow that here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing: apt-get install -y chromium")
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing (apt-get install -y chromium); browser test skipped"
    )
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


@pytest.fixture
def login(live_server, page):
    """Log in `page` through the real form (and the code page where the user needs it)."""

    def _login(username, password):
        return log_in(page, live_server.url, username, password)

    return _login
