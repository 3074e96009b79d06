"""Issue 17, "Where", in the app: a person sees the number of their unread notifications on the bell in the
top bar (loaded after the page), reads them on the bell's list, opens one, marks the rest read; on a phone
the bell stays next to the menu button. On the settings page they turn a kind off; a security kind has no
"Off"."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"  # tests.factories.UserFactory's


@pytest.fixture
def two_unread(project, mav_staff):
    # The role given when the persona was made is told too (the test commits, notifications.events): only
    # the two below are wanted here.
    Notification.objects.filter(user=mav_staff).delete()
    for key, name, url in [("a", "Harbour MoU", "/agreements/"), ("b", "Rail cluster MoU", "/events/")]:
        Notification.objects.create(
            user=mav_staff,
            project=project,
            kind="record_returned",
            key=key,
            params={"record_kind": "Agreement", "name": name, "by": "Task Leader"},
            url=url,
        )


def test_the_bell_counts_lists_opens_and_marks_read(live_server, login, two_unread):
    page = login("mav", PASSWORD)
    badge = page.locator("#bell-count .bell-badge")
    expect(badge).to_have_text("2")
    expect(page.locator("#bell-count")).to_contain_text("2 unread notifications")

    page.get_by_role("link", name="Notifications", exact=True).click()
    page.wait_for_url(f"{live_server.url}{reverse('notifications:list')}")
    expect(page.locator(".notification-text p")).to_have_text(
        [
            "Agreement “Rail cluster MoU” was returned for changes by Task Leader.",
            "Agreement “Harbour MoU” was returned for changes by Task Leader.",
        ]
    )
    expect(page.get_by_text("New", exact=True)).to_have_count(2)

    page.locator("li", has_text="Harbour MoU").get_by_role("button", name="Open").click()
    page.wait_for_url(f"{live_server.url}/agreements/")
    page.get_by_role("link", name="Notifications", exact=True).click()
    expect(badge).to_have_text("1")
    expect(page.get_by_text("New", exact=True)).to_have_count(1)

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("1 notification marked as read.")).to_be_visible()
    expect(page.locator('#bell-count [data-bell-count="0"]')).to_have_count(1)
    expect(badge).to_have_count(0)
    expect(page.get_by_text("New", exact=True)).to_have_count(0)


def test_on_a_phone_the_bell_stays_next_to_the_menu_button(live_server, login, two_unread):
    page = login("mav", PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    bell = page.get_by_role("link", name="Notifications", exact=True)
    toggler = page.get_by_role("button", name="Menu")
    expect(toggler).to_be_visible()
    expect(bell).to_be_visible()
    expect(page.locator("#bell-count .bell-badge")).to_have_text("2")
    bell_box, toggler_box = bell.bounding_box(), toggler.bounding_box()
    assert bell_box["x"] + bell_box["width"] <= toggler_box["x"]  # on the same bar, left of the button
    assert abs((bell_box["y"] + bell_box["height"] / 2) - (toggler_box["y"] + toggler_box["height"] / 2)) < 4

    bell.click()
    page.wait_for_url(f"{live_server.url}{reverse('notifications:list')}")
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()


def test_a_kind_turned_off_stays_off_and_a_security_kind_has_no_off(live_server, login, mav_staff):
    page = login("mav", PASSWORD)
    page.goto(f"{live_server.url}{reverse('notifications:settings')}")
    due_soon = page.locator("#kind-due_soon")
    expect(due_soon.get_by_label("Immediately")).to_be_checked()

    due_soon.get_by_label("Off").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.reload()
    expect(page.locator("#kind-due_soon").get_by_label("Off")).to_be_checked()

    security = page.locator("#kind-role_changed")
    expect(security.get_by_role("radio")).to_have_count(0)
    expect(security).to_contain_text("Immediately")
    expect(security).to_contain_text("cannot be turned off")
