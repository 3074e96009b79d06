"""Inviting a person as a coordinator meets it: the People page, the invitation, the link, a password, the
second step the role asks for, and the project with the right role."""

import os
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.test_phone import assert_nothing_cut
from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"
NEW_PASSWORD = "Quiet-harbour-7421"
# SCREENSHOTS=dir saves the pages at a laptop's and a phone's size, to look at them (not needed for the test).
SCREENSHOTS = os.environ.get("SCREENSHOTS")
SIZES = {"laptop": (1366, 900), "phone": (390, 844)}


def shot(page, name):
    """On a phone nothing is cut; SCREENSHOTS=dir also keeps the page at both sizes."""
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        if size == "phone":
            assert_nothing_cut(page)
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{size}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_coordinator_invites_a_task_leader_who_sets_a_password_and_lands_in_the_project(
    live_server, page, project, amz, mav, coordinator, mav_staff, viewer
):
    log_in(page, live_server.url, "coordinator", PASSWORD)
    page.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="People of ELCA")).to_be_visible()
    expect(page.locator("#members tbody tr")).to_have_count(3)

    page.get_by_role("link", name="Invite a person").click()
    page.get_by_label("E-mail address").fill("not an address")
    page.get_by_label("Role").select_option(label="Task leader")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("E-mail address: enter an address like name@example.org.")).to_be_visible()
    expect(page.get_by_text("Partner: choose the partner this person works for")).to_be_visible()
    shot(page, "invite-errors")
    page.get_by_label("E-mail address").fill("ana.lopez@example.org")
    page.get_by_label("Partner").select_option(label="MAV")
    page.get_by_role("button", name="Send the invitation").click()

    expect(page.get_by_role("heading", name="Invitation made")).to_be_visible()
    link = page.get_by_label("Invitation link").input_value()
    assert link.startswith(f"{live_server.url}/accounts/invitation/")
    shot(page, "sent")
    page.get_by_role("link", name="Back to the people").click()
    expect(page.locator('#invitations tr[data-invitation="ana.lopez@example.org"]')).to_contain_text(
        "Task leader"
    )
    shot(page, "people")
    page.get_by_role("button", name="Log out").click()

    page.goto(link)
    expect(page.get_by_role("heading", name="Join ELCA")).to_be_visible()
    expect(page.get_by_text("You are invited as Task leader (partner: MAV).")).to_be_visible()
    shot(page, "accept")
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("López")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()

    # A task leader confirms every login with a code: setting up the app comes first.
    expect(page.get_by_role("heading", name="Set up two-step login")).to_be_visible()
    key = b32decode(page.locator("#secret").inner_text().replace(" ", ""))
    page.get_by_label("Code from the app").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Turn on two-step login").click()
    page.get_by_role("link", name="I have saved them, continue").click()

    expect(page.get_by_role("heading", name="ELCA")).to_be_visible()
    expect(page.get_by_text("you: Task leader, MAV")).to_be_visible()
    expect(page.get_by_role("link", name="Ana López")).to_be_visible()
    user = get_user_model().objects.get(username="ana.lopez@example.org")
    assert list(user.memberships.values_list("project__acronym", "role", "partner__short_name")) == [
        ("ELCA", "task_leader", "MAV")
    ]

    # The link worked once.
    page.goto(link)
    expect(page.get_by_role("heading", name="This invitation link does not work")).to_be_visible()
