"""Issue 17 end to end: the task leader returns a record in the browser; the next `send_reminders` mails the
partner's staff (and no one else); the e-mail's link opens the record, its settings link opens the kind's
row; the bell shows the notification, and opening it marks it read."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from agreements.models import Agreement
from notifications.models import Notification
from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"  # tests.factories.UserFactory's


@pytest.fixture
def new_page(browser):
    contexts = []

    def _new_page():
        contexts.append(browser.new_context())
        return contexts[-1].new_page()

    yield _new_page
    for context in contexts:
        context.close()


def test_a_returned_record_reaches_its_partner_by_mail_and_bell(
    new_page, live_server, settings, project, mav, amz, mav_staff, amz_staff, task_leader, coordinator
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = live_server.url
    for user in (mav_staff, amz_staff, task_leader, coordinator):
        user.email = f"{user.username}@example.org"
        user.save()
    record = Agreement.objects.create(project=project, name="Harbour cluster MoU", kind="cluster_cluster")
    record.responsible.set([mav])
    # The roles given when the personas were made were told already; this test is about the return.
    Notification.objects.all().delete()
    mail.outbox.clear()

    leader = log_in(new_page(), live_server.url, "taskleader", PASSWORD)
    leader.goto(f"{live_server.url}/agreements/{record.pk}/")
    leader.get_by_label("Comment (needed to return it)").fill("Add the signed PDF, please.")
    leader.get_by_role("button", name="Return with comment").click()
    expect(leader.locator("#review")).to_contain_text("Returned for changes")

    call_command("send_reminders")
    call_command("send_reminders")  # run again: nothing more

    # MAV's staff only: not AMZ, not the coordinator (AMZ), not the task leader who returned it (who was
    # told at once that two-step login was set up for their account, when the code page enrolled them).
    about = [m for m in mail.outbox if "Harbour cluster MoU" in m.subject]
    assert [message.to for message in about] == [["mav@example.org"]]
    assert sorted(m.subject for m in mail.outbox if m not in about) == [
        "[KPI tracker] Two-step login was set up for your account with an authenticator app."
    ]
    message = about[0]
    assert message.subject == "[ELCA] Agreement “Harbour cluster MoU” was returned for changes by taskleader."
    links = re.findall(r"^  (http\S+)$|^(http\S+)$", message.body, flags=re.M)
    record_link, settings_link = links[0][0], links[-1][1]

    partner = log_in(new_page(), live_server.url, "mav", PASSWORD)
    expect(partner.locator("#bell-count .bell-badge")).to_have_text("1")
    partner.goto(record_link)
    expect(partner.get_by_role("heading", name="Harbour cluster MoU")).to_be_visible()
    partner.goto(settings_link)
    expect(partner.locator("#kind-record_returned")).to_have_class(re.compile("kind-chosen"))

    partner.get_by_role("link", name="Notifications", exact=True).click()
    expect(partner.locator(".notification-text")).to_contain_text("Comment: Add the signed PDF, please.")
    partner.get_by_role("button", name=re.compile("^Open")).first.click()
    expect(partner.get_by_role("heading", name="Harbour cluster MoU")).to_be_visible()
    expect(partner.locator("#bell-count .bell-badge")).to_have_count(0)
    assert Notification.objects.get(user=mav_staff).read_at is not None
