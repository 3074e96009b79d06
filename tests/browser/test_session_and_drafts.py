"""Issue 12, daily work 6, in a real browser: a warning with "Stay signed in" before the session ends
(static/js/site.js, the keepalive view), and drafts of record forms kept in the browser's localStorage:
restored with a notice after a reload or a new login, never with the hidden fields, cleared once saved."""

import re

import pytest
from playwright.sync_api import expect

from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"


@pytest.fixture
def context(browser, live_server, mav_staff):
    context = browser.new_context()
    yield context
    context.close()  # before the live server stops (tests/browser/test_workspace.py says why)


def _drafts(page) -> dict:
    return page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('draft:'))"
        ".map(k => [k, JSON.parse(localStorage.getItem(k))]))"
    )


def test_stay_signed_in_before_the_session_ends(context, live_server, settings):
    settings.SESSION_IDLE_SECONDS = 60
    settings.SESSION_WARN_SECONDS = 57  # the warning shows about 3 seconds after the page opens
    page = log_in(context.new_page(), live_server.url, "mav", PASSWORD)
    page.goto(f"{live_server.url}/agreements/new/")
    banner = page.locator("#session-warning")
    expect(banner).to_be_hidden()

    expect(banner).to_be_visible(timeout=8000)
    expect(banner).to_contain_text("You will be signed out soon")
    with page.expect_response(f"{live_server.url}/accounts/keepalive/") as answer:
        banner.get_by_role("button", name="Stay signed in").click()

    assert answer.value.status == 204
    expect(banner).to_be_hidden(timeout=2000)


def test_a_draft_survives_the_end_of_the_session_and_comes_back_after_login(context, live_server, settings):
    settings.SESSION_IDLE_SECONDS = 8
    page = log_in(context.new_page(), live_server.url, "mav", PASSWORD)
    page.goto(f"{live_server.url}/agreements/new/")
    page.locator("#id_kind").select_option("sme_sme")
    page.locator("#id_name").fill("Typed before the session ended")

    banner = page.locator("#session-warning")
    expect(banner).to_contain_text("You have been signed out", timeout=15000)
    banner.get_by_role("link", name="Log in again").click()
    page.get_by_label("User name").fill("mav")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(f"{live_server.url}/agreements/new/")
    expect(page.locator("#draft-notice")).to_be_visible()
    expect(page.locator("#draft-notice")).to_contain_text(re.compile(r"Your draft from .+ was restored"))
    expect(page.locator("#id_name")).to_have_value("Typed before the session ended")
    expect(page.locator("#id_kind")).to_have_value("sme_sme")


def test_a_draft_comes_back_after_a_reload_without_hidden_fields_and_saving_clears_it(context, live_server):
    page = log_in(context.new_page(), live_server.url, "mav", PASSWORD)
    page.goto(f"{live_server.url}/agreements/new/")
    token = page.locator("input[name=form_token]").input_value()
    page.locator("#id_kind").select_option("sme_sme")
    page.locator("#id_status").select_option("identified")
    page.locator("#id_name").fill("Kept in the browser")
    page.wait_for_timeout(500)  # the draft is written 300 ms after the last keystroke

    page.reload()

    expect(page.locator("#id_name")).to_have_value("Kept in the browser")
    expect(page.locator("#draft-notice")).to_be_visible()
    ((key, draft),) = _drafts(page).items()
    assert key == f"draft:{page.evaluate('document.body.dataset.userId')}:/agreements/new/"
    assert {"form_token", "version", "csrfmiddlewaretoken", "evidence", "project"}.isdisjoint(draft["values"])
    assert draft["values"]["name"] == "Kept in the browser"
    assert page.locator("input[name=form_token]").input_value() != token  # a new token, not the old one

    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", name="Kept in the browser")).to_be_visible()
    assert _drafts(page) == {}
    page.goto(f"{live_server.url}/agreements/new/")
    expect(page.locator("#id_name")).to_have_value("")
    expect(page.locator("#draft-notice")).to_be_hidden()


def test_discard_draft_empties_the_form(context, live_server):
    page = log_in(context.new_page(), live_server.url, "mav", PASSWORD)
    page.goto(f"{live_server.url}/agreements/new/")
    page.locator("#id_name").fill("Not wanted")
    page.wait_for_timeout(500)
    page.reload()
    expect(page.locator("#id_name")).to_have_value("Not wanted")

    page.get_by_role("button", name="Discard draft").click()

    expect(page.locator("#id_name")).to_have_value("")
    expect(page.locator("#draft-notice")).to_be_hidden()
    assert _drafts(page) == {}


def test_a_form_that_comes_back_keeps_the_draft_until_it_is_saved(context, live_server):
    page = log_in(context.new_page(), live_server.url, "mav", PASSWORD)
    page.goto(f"{live_server.url}/agreements/new/")
    page.locator("#id_kind").select_option("sme_sme")
    page.locator("#id_status").select_option("signed")
    page.locator("#id_name").fill("Signed some day")
    page.locator("#id_signed_date").fill("next spring")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#draft-notice")).to_be_hidden()  # the page shows what was sent, not an old draft
    ((key, draft),) = _drafts(page).items()
    assert draft["values"]["signed_date"] == "next spring"

    page.locator("#id_signed_date").fill("04.02.2022")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", name="Signed some day")).to_be_visible()
    assert _drafts(page) == {}


def test_an_edit_forms_draft_leaves_out_the_records_version(context, live_server, project, mav):
    from tests.factories import AgreementFactory

    agreement = AgreementFactory(project=project, name="Before", responsible=[mav])
    page = log_in(context.new_page(), live_server.url, "mav", PASSWORD)
    edit = f"{live_server.url}/agreements/{agreement.pk}/edit/"
    page.goto(edit)
    assert page.locator("input[name=version]").count() == 1
    page.locator("#id_name").fill("After")
    page.wait_for_timeout(500)

    page.reload()

    expect(page.locator("#id_name")).to_have_value("After")
    ((key, draft),) = _drafts(page).items()
    assert key.endswith(f":/agreements/{agreement.pk}/edit/")
    assert {"version", "form_token", "csrfmiddlewaretoken"}.isdisjoint(draft["values"])
