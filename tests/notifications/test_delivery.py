"""send_reminders' delivery: once, as each person chose (at once, daily digest, off), by the worker, again
after a failing mail server, never twice; the day's reminders from the morning hour; old ones forgotten.

The world: ELCA (AMZ coordinates; MAV's task leader; AMZ and MAV staff; a viewer) and another project with
its own staff and coordinator. Every account has an address; Django's test e-mail backend (locmem) keeps
what is sent in `mail.outbox`.
"""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consortium.models import Deliverable
from notifications import delivery
from notifications.models import Delivery, Mail, Notification, Preference
from tests.factories import AgreementFactory
from tests.notifications.conftest import at, recipients, returned

pytestmark = pytest.mark.django_db


def test_a_second_run_sends_nothing_and_makes_nothing(run, project, mav, everyone):
    returned(project, mav, everyone["coordinator"])
    run(at(2026, 11, 30, 10, 0))
    sent = len(mail.outbox)
    again = run(at(2026, 11, 30, 10, 5))

    assert again["made"] == 0 and again["mails"] == 0 and again["handed"] == 0
    assert len(mail.outbox) == sent
    assert Mail.objects.filter(sent_at__isnull=False).count() == sent


def test_off_sends_no_mail_but_the_bell_keeps_it(run, project, mav, everyone):
    Preference.objects.create(user=everyone["mav_staff"], kind="record_returned", delivery=Delivery.OFF)
    returned(project, mav, everyone["coordinator"])
    run(at(2026, 11, 30, 10, 0))

    assert recipients() == ["taskleader@example.org"]
    assert Notification.objects.get(user=everyone["mav_staff"]).delivery == Delivery.OFF


def test_a_person_without_an_address_gets_the_bell_only(run, project, mav, everyone):
    everyone["mav_staff"].email = ""
    everyone["mav_staff"].save()
    returned(project, mav, everyone["coordinator"])
    run(at(2026, 11, 30, 10, 0))

    assert recipients() == ["taskleader@example.org"]
    assert Notification.objects.filter(user=everyone["mav_staff"]).exists()


def test_the_digest_groups_a_days_notifications_by_project_in_one_mail(run, project, mav, everyone):
    leader = everyone["task_leader"]
    other = everyone["outsider"].memberships.get().project
    from consortium.models import Membership

    Membership.objects.create(user=leader, project=other, partner=other.partners.get(), role="staff")
    for kind in ("record_returned", "awaiting_review"):
        Preference.objects.create(user=leader, kind=kind, delivery=Delivery.DIGEST)
    returned(project, mav, everyone["coordinator"], name="First")
    returned(project, mav, everyone["coordinator"], name="Second")
    returned(other, other.partners.get(), everyone["other_coordinator"], name="Theirs")
    run(at(2026, 11, 30, 6, 0))
    assert "taskleader@example.org" not in recipients()

    run(at(2026, 11, 30, 7, 5))
    digests = [message for message in mail.outbox if message.to == ["taskleader@example.org"]]
    assert len(digests) == 1
    digest = digests[0]
    assert digest.subject == f"[ELCA, {other.acronym}] 3 notifications of the day"
    body = digest.body
    assert (
        body.index("ELCA\n")
        < body.index("“First”")
        < body.index(f"{other.acronym}\n")
        < body.index("“Theirs”")
    )
    assert "“Second”" in body
    assert "https://kpi.example.org/notifications/settings/\n" in body

    # Later the same day: the new one waits for tomorrow's digest.
    returned(project, mav, everyone["coordinator"], name="Third")
    run(at(2026, 11, 30, 15, 0))
    assert len([m for m in mail.outbox if m.to == ["taskleader@example.org"]]) == 1
    run(at(2026, 12, 1, 7, 0))
    later = [m for m in mail.outbox if m.to == ["taskleader@example.org"]]
    assert len(later) == 2 and "“Third”" in later[1].body and "“First”" not in later[1].body


def test_a_failing_mail_server_is_tried_again_later_and_the_mail_is_sent_once(
    run, project, mav, everyone, monkeypatch
):
    from smtplib import SMTPServerDisconnected

    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send

    def down(self, fail_silently=False):
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailMultiAlternatives, "send", down)
    now = timezone.now()
    returned(project, mav, everyone["coordinator"], when=now - timedelta(minutes=5))
    run(now)
    assert mail.outbox == []
    failed = Mail.objects.filter(sent_at=None)
    assert failed.count() == 2 and {m.attempts for m in failed} == {1}
    assert {m.last_error for m in failed} == {"Connection unexpectedly closed"}

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    run(now + timedelta(seconds=20))  # before the next try (a minute after the failure): nothing
    assert mail.outbox == []
    run(now + timedelta(minutes=2))
    run(now + timedelta(minutes=10))
    assert recipients() == ["mav@example.org", "taskleader@example.org"]
    assert {m.attempts for m in Mail.objects.all()} == {1}


def test_a_mail_given_to_two_workers_is_sent_once(project, mav, everyone, run):
    from notifications.tasks import send_mail

    Preference.objects.create(user=everyone["task_leader"], kind="record_returned", delivery=Delivery.OFF)
    returned(project, mav, everyone["coordinator"])
    delivery.record(
        __import__("notifications.situations", fromlist=["x"]).all_drafts(
            at(2026, 11, 30, 10, 0), date(2026, 11, 30)
        )
    )
    delivery.queue_mails(at(2026, 11, 30, 10, 0))
    pk = Mail.objects.get().pk
    assert send_mail.call(pk) == "sent"
    assert send_mail.call(pk) == "not claimed"
    assert recipients() == ["mav@example.org"]


def test_the_command_runs_once_and_says_what_it_did(
    project, mav, everyone, capsys, django_capture_on_commit_callbacks
):
    returned(project, mav, everyone["coordinator"], when=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    out = capsys.readouterr().out
    assert "2 new notifications" in out and "2 new e-mails, 2 handed to the worker, 0 old" in out
    assert recipients() == ["mav@example.org", "taskleader@example.org"]


def test_notifications_older_than_a_year_are_forgotten_and_not_made_again(run, project, mav, everyone):
    returned(project, mav, everyone["coordinator"], when=at(2025, 11, 1, 9, 0))
    run(at(2025, 11, 1, 10, 0))
    assert Notification.objects.filter(kind="record_returned").count() == 2
    Notification.objects.create(user=everyone["viewer"], kind="awaiting_review", key="recent", params={})

    done = run(at(2026, 11, 2, 10, 0))  # 366 days later
    assert done["pruned"] == 2 and done["made"] == 0
    assert list(Notification.objects.values_list("key", flat=True)) == ["recent"]
    assert not Mail.objects.filter(created_at__lt=at(2026, 1, 1)).exists()


def test_the_days_reminders_wait_for_the_morning_hour(run, project, mav, periods, everyone):
    Deliverable.objects.create(project=project, code="D3.2", title="Results", lead=mav, due_month=6)
    AgreementFactory(project=project, name="Awaiting", responsible=[mav])
    returned(project, mav, everyone["coordinator"], when=at(2021, 2, 20, 0, 30))

    run(at(2021, 2, 20, 0, 35))  # a record returned is told at once, at any hour
    assert {m.subject for m in mail.outbox} == {
        "[ELCA] Agreement “Cooperation with Kapsch” was returned for changes by coordinator."
    }
    run(at(2021, 2, 20, 7, 0))  # from 7:00: awaiting review, due soon, period ending
    later = {m.subject for m in mail.outbox[2:]}
    assert later == {
        "[ELCA] 1 record awaits your review.",
        "[ELCA] D3.2 Results is due on 28.02.2021.",
        "[ELCA] Reporting period 1 ends on 28.02.2021.",
    }


def test_the_command_every_few_seconds_goes_on_after_a_failed_round(monkeypatch, caplog):
    from notifications.management.commands import send_reminders

    rounds = []

    def flaky(self):
        rounds.append(1)
        if len(rounds) == 1:
            raise RuntimeError("database is locked")
        if len(rounds) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(send_reminders.Command, "run_once", flaky)
    monkeypatch.setattr(send_reminders.time, "sleep", lambda seconds: None)
    with pytest.raises(KeyboardInterrupt):
        call_command("send_reminders", "--every", "300")
    assert len(rounds) == 3
    assert "send_reminders failed; trying again in 300 s" in caplog.text
