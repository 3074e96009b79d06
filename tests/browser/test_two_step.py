"""Two-step login as a coordinator meets it: set up the authenticator at the first login, then codes."""

import os
import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.two_step import current_code, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"
# SCREENSHOTS=dir saves the pages, to look at them (not needed for the test).
SCREENSHOTS = os.environ.get("SCREENSHOTS")


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_coordinator_sets_up_the_app_at_first_login_then_types_codes(live_server, page, coordinator):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Set up two-step login")).to_be_visible()
    expect(page.locator("svg.twostep-qr")).to_be_visible()
    shot(page, "set-up")
    key = b32decode(page.locator("#secret").inner_text().replace(" ", ""))
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn on two-step login").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    shot(page, "set-up-wrong-code")
    page.get_by_label("Code from the app").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Turn on two-step login").click()
    expect(page.locator("#backup-codes li")).to_have_count(10)
    shot(page, "backup-codes")
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page.get_by_role("heading", name="ELCA")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code").fill("123")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    shot(page, "verify-wrong-code")


def test_task_leader_with_an_app_types_the_code_and_lands_where_they_wanted(
    live_server, page, project, mav, task_leader
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=task_leader, name="Phone", confirmed=True)
    page.goto(f"{live_server.url}/dashboard/")  # to login, then the code page, then here
    page.get_by_label("User name").fill("taskleader")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    shot(page, "verify")
    page.get_by_label("Code").fill(current_code(task_leader))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(r".*/dashboard/$"))
    page.get_by_role("link", name="taskleader").click()
    expect(page.get_by_text("You confirm each login with a code")).to_be_visible()
    shot(page, "account")


def test_the_shared_login_helper_sets_up_the_app_on_a_first_login(live_server, page, amz, coordinator):
    log_in(page, live_server.url, "coordinator", PASSWORD)

    expect(page.get_by_role("heading", name="ELCA")).to_be_visible()
