"""Issue 12, daily work 5, in a real browser: a double click on Save sends the form once (static/js/site.js
disables the buttons on the first submit), and a button that carries a name and value ("Save anyway")
still sends them although it is disabled on the way."""

from datetime import date

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from tests.factories import PeriodFactory
from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"


@pytest.fixture
def mav_page(browser, live_server, mav_staff):
    context = browser.new_context()
    page = log_in(context.new_page(), live_server.url, "mav", PASSWORD)
    yield page
    context.close()  # before the live server stops (tests/browser/test_workspace.py says why)


def test_a_double_click_on_save_posts_the_form_once(mav_page, live_server):
    page = mav_page
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.goto(f"{live_server.url}/agreements/new/")
    page.locator("#id_kind").select_option("sme_sme")
    page.locator("#id_status").select_option("identified")
    page.locator("#id_name").fill("Clicked twice")

    page.get_by_role("button", name="Save", exact=True).dblclick()

    expect(page.get_by_role("heading", name="Clicked twice")).to_be_visible()
    assert posts == [f"{live_server.url}/agreements/new/"]
    assert [a.name for a in Agreement.objects.all()] == ["Clicked twice"]


def test_a_second_click_sends_nothing_while_the_first_is_on_its_way(mav_page, live_server):
    """The page keeps every submit that reaches it (and stops it there, so nothing navigates): the second
    click finds Save disabled and sends nothing."""
    page = mav_page
    page.goto(f"{live_server.url}/agreements/new/")
    page.evaluate(
        """() => {
        window.sent = [];
        window.addEventListener("submit", (event) => {
            window.sent.push(Array.from(event.target.querySelectorAll("[type=submit]"), (b) => b.disabled));
            event.preventDefault();
        });
    }"""
    )
    save = page.get_by_role("button", name="Save", exact=True)

    save.evaluate("button => { button.click(); button.click(); }")

    assert page.evaluate("() => window.sent") == [[True]]
    expect(save).to_be_disabled()


def test_save_anyway_still_sends_its_name_and_value(mav_page, live_server, project):
    PeriodFactory(project=project, number=1, start_date=date(2020, 9, 1), end_date=date(2021, 8, 31))
    page = mav_page
    page.goto(f"{live_server.url}/agreements/new/")
    page.locator("#id_kind").select_option("sme_sme")
    page.locator("#id_status").select_option("signed")
    page.locator("#id_name").fill("Signed late")
    page.locator("#id_signed_date").fill("Nov 2022")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#late-warning")).to_be_visible()
    assert Agreement.objects.count() == 0

    page.get_by_role("button", name="Save anyway").click()

    expect(page.get_by_role("heading", name="Signed late")).to_be_visible()
    assert Agreement.objects.get().signed_end == date(2022, 11, 30)
