import pytest
from playwright.sync_api import expect

from tests.factories import AgreementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partner_staff_logs_in_and_sees_the_partners_with_their_counts(
    login, live_server, project, amz, mav, mav_staff
):
    AgreementFactory(project=project, status="signed", responsible=[mav])

    page = login("mav", "secret-password-1")

    expect(page.get_by_role("heading", name="ELCA")).to_be_visible()
    expect(page.locator('[data-count="agreements"]')).to_contain_text("1 (1)")
    expect(page.locator('tr[data-partner="MAV"]')).to_contain_text("MAV")
    expect(page.locator('tr[data-partner="AMZ"]')).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def test_login_form_is_keyboard_friendly_and_says_what_went_wrong(live_server, page, mav_staff):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.type("mav")  # the user name field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type("not-the-password")
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
