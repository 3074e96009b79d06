"""send_reminders: each situation mails exactly the people it concerns, once, as they chose.

The world: ELCA (AMZ coordinates; MAV's task leader; AMZ and MAV staff; a viewer) and another project with
its own staff and coordinator. Every account has an address; Django's test e-mail backend (locmem) keeps
what is sent in `mail.outbox`.
"""

from datetime import date

import pytest
from django.core import mail

from accounts.models import Invitation
from consortium.models import Deliverable, Milestone
from narrative.models import Contribution, Status, Text
from notifications.models import Delivery, Notification
from reports.models import Export
from tests.factories import AgreementFactory, EventFactory, PartnerFactory, PeriodFactory
from tests.notifications.conftest import at, recipients, returned

pytestmark = pytest.mark.django_db


def test_a_returned_record_mails_its_partners_people_and_no_one_else(run, project, mav, everyone):
    record = returned(project, mav, everyone["coordinator"])
    done = run(at(2026, 11, 30, 10, 0))

    # MAV's staff and MAV's task leader; not AMZ, not the coordinator who returned it, not the viewer, not
    # the other project.
    assert recipients() == ["mav@example.org", "taskleader@example.org"]
    assert done["made"] == 2
    message = mail.outbox[0]
    assert message.subject.startswith("[ELCA] ")
    assert "“Cooperation with Kapsch” was returned for changes by coordinator" in message.subject
    assert "Comment: The signature date is missing." in message.body
    assert f"https://kpi.example.org/agreements/{record.pk}/" in message.body
    assert "https://kpi.example.org/notifications/settings/?kind=record_returned#kind-record_returned" in (
        message.body
    )
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert "Cooperation with Kapsch" in html and "kind=record_returned" in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert Notification.objects.filter(kind="record_returned").count() == 2


def test_returned_again_after_a_resubmission_notifies_again(run, project, mav, everyone):
    record = returned(project, mav, everyone["coordinator"])
    run(at(2026, 11, 30, 10, 0))
    record.reviewed_at = at(2026, 11, 30, 11, 0)
    record.save()
    run(at(2026, 11, 30, 11, 5))

    assert recipients() == ["mav@example.org", "mav@example.org", "taskleader@example.org"] + [
        "taskleader@example.org"
    ]


def test_a_record_returned_before_the_look_back_notifies_no_one(run, project, mav, everyone):
    returned(project, mav, everyone["coordinator"], when=at(2026, 10, 1, 9, 0))
    run(at(2026, 11, 30, 10, 0))

    assert mail.outbox == [] and not Notification.objects.filter(kind="record_returned").exists()


def test_records_awaiting_review_are_counted_once_a_day_for_each_reviewer(run, project, mav, amz, everyone):
    for name in ("A", "B"):
        AgreementFactory(project=project, name=name, responsible=[mav])
    EventFactory(project=project, name="Workshop", responsible=[amz])
    other = everyone["other_coordinator"].memberships.get().project
    AgreementFactory(project=other, name="Theirs")

    run(at(2026, 11, 30, 10, 0))
    run(at(2026, 11, 30, 16, 0))

    by_person = {message.to[0]: message.subject for message in mail.outbox}
    assert sorted(by_person) == [
        "coordinator@example.org",
        "othercoord@example.org",
        "taskleader@example.org",
    ]
    assert by_person["taskleader@example.org"] == "[ELCA] 3 records await your review."
    assert by_person["othercoord@example.org"].endswith("] 1 record awaits your review.")

    run(at(2026, 12, 1, 10, 0))  # the next day: reminded again
    assert len(mail.outbox) == 6


@pytest.fixture
def task(project, amz, mav):
    from consortium.models import Task, WorkPackage

    wp = WorkPackage.objects.create(project=project, number=3, title="Cross-fertilisation", lead=mav)
    task = Task.objects.create(work_package=wp, code="3.1", title="Matchmaking", lead=mav)
    task.participants.set([amz, mav])
    return task


def test_a_contribution_submitted_goes_to_who_accepts_it_then_back_to_its_partner(
    run, project, periods, task, amz, everyone
):
    contribution = Contribution.objects.create(
        project=project,
        period=periods[0],
        task=task,
        partner=amz,
        status=Status.SUBMITTED,
        updated_by=everyone["amz_staff"],
    )
    run(at(2026, 11, 30, 10, 0))
    # The task's leader (MAV leads task 3.1) and the coordinator; the writer is not told of their own act.
    assert recipients() == ["coordinator@example.org", "taskleader@example.org"]
    assert "“3.1 (AMZ)” (period 1) was submitted by amz" in mail.outbox[0].subject

    mail.outbox.clear()
    contribution.status, contribution.returned_comment = Status.RETURNED, "Add the dates of the visits."
    contribution.updated_by = everyone["task_leader"]
    contribution.save()
    run(at(2026, 11, 30, 11, 0))
    # AMZ's people (its staff and its coordinator, who records for AMZ); not MAV's.
    assert recipients() == ["amz@example.org", "coordinator@example.org"]
    assert "Comment: Add the dates of the visits." in mail.outbox[0].body


def test_an_accepted_text_tells_its_writer_in_the_daily_digest(run, project, periods, everyone):
    text = Text.objects.create(project=project, period=periods[0], key="summary", body="Done.")
    text.updated_by = everyone["task_leader"]
    text.status = Status.SUBMITTED
    text.save()
    text.status, text.updated_by = Status.ACCEPTED, everyone["coordinator"]
    text.save()
    run(at(2026, 11, 30, 6, 0))

    # Accepting is told in the digest by default: nothing is mailed before the digest hour.
    assert mail.outbox == []
    notification = Notification.objects.get(kind="writing_accepted")
    assert notification.user == everyone["task_leader"] and notification.delivery == Delivery.DIGEST

    run(at(2026, 11, 30, 7, 0))
    assert recipients() == ["taskleader@example.org"]
    assert "“I.1 Summary" in mail.outbox[0].body or "Summary" in mail.outbox[0].body


@pytest.fixture
def d32(project, mav):
    # Due in month 6 of a project starting 1 September 2020: 28 February 2021.
    return Deliverable.objects.create(project=project, code="D3.2", title="Results", lead=mav, due_month=6)


@pytest.mark.parametrize(
    ("now", "words"),
    [
        (at(2021, 2, 14, 9, 0), "D3.2 Results is due on 28.02.2021."),
        (at(2021, 2, 28, 9, 0), "D3.2 Results is due today (28.02.2021)."),
        (at(2021, 3, 2, 9, 0), "D3.2 Results is overdue: it was due on 28.02.2021."),
    ],
)
def test_a_deliverable_due_goes_to_its_lead_partner_and_the_coordinator(run, d32, everyone, now, words):
    run(now)
    assert recipients() == ["coordinator@example.org", "mav@example.org", "taskleader@example.org"]
    assert {message.subject for message in mail.outbox} == {f"[ELCA] {words}"}


def test_a_deliverable_reminds_once_at_each_step_and_never_when_submitted(run, d32, everyone):
    for day in (13, 14, 15, 28):
        run(at(2021, 2, day, 9, 0))
    assert len(mail.outbox) == 6  # due soon (3 people) on the 13th, due today (3) on the 28th

    d32.submitted_on = date(2021, 2, 28)
    d32.save()
    run(at(2021, 3, 2, 9, 0))
    assert len(mail.outbox) == 6


def test_a_moved_due_date_reminds_again_for_the_new_day(run, d32, everyone):
    run(at(2021, 2, 14, 9, 0))
    d32.due_date_changes.create(
        project=d32.project,
        from_month=6,
        to_month=8,
        reason="Extension approved",
        decided_on=date(2021, 2, 20),
    )
    run(at(2021, 4, 20, 9, 0))
    assert [message.subject for message in mail.outbox][-1] == "[ELCA] D3.2 Results is due on 30.04.2021."


def test_a_milestone_due_goes_to_the_coordinators_only(run, project, everyone):
    Milestone.objects.create(project=project, number=2, title="Markets chosen", due_month=6)
    run(at(2021, 2, 20, 9, 0))
    assert recipients() == ["coordinator@example.org"]
    assert mail.outbox[0].subject == "[ELCA] MS2 Markets chosen is due on 28.02.2021."


def test_a_period_ending_lists_each_partners_open_items_and_the_coordinators_report_items(
    run, project, periods, mav, everyone
):
    AgreementFactory(project=project, name="Not dated", responsible=[mav], status="signed")
    EventFactory(
        project=project,
        name="Workshop",
        responsible=[mav],
        date_start=date(2021, 1, 20),
        date_end=date(2021, 1, 20),
        date_precision="day",
    )
    run(at(2021, 2, 20, 9, 0))

    by_person = {message.to[0]: message for message in mail.outbox if "Reporting period" in message.subject}
    assert sorted(by_person) == [
        "amz@example.org",
        "coordinator@example.org",
        "mav@example.org",
        "taskleader@example.org",
    ]  # not the viewer, not the other project
    assert by_person["mav@example.org"].subject == "[ELCA] Reporting period 1 ends on 28.02.2021."
    mav_body = by_person["mav@example.org"].body
    assert "1 record of your partner has no date." in mav_body
    assert "1 record of your partner in the period has no evidence attached." in mav_body
    assert "await review" not in mav_body  # the report's items are the coordinator's
    coordinator_body = by_person["coordinator@example.org"].body
    assert "2 records await review." in coordinator_body
    assert "sections of the report are empty or not accepted." in coordinator_body
    assert "has no date" not in by_person["amz@example.org"].body

    mail.outbox.clear()
    run(at(2021, 3, 1, 9, 0))  # ended: told once more
    ended = [m.subject for m in mail.outbox if "Reporting period" in m.subject]
    assert ended == ["[ELCA] Reporting period 1 ended on 28.02.2021."] * 4


def test_an_accepted_invitation_tells_who_invited(run, project, amz, everyone):
    Invitation.objects.create(
        project=project,
        email="new@example.org",
        role="staff",
        partner=amz,
        token_hash="x" * 64,
        created_by=everyone["coordinator"],
        expires_at=at(2026, 12, 7, 9, 0),
        accepted_at=at(2026, 11, 30, 9, 0),
    )
    run(at(2026, 11, 30, 10, 0))
    assert recipients() == ["coordinator@example.org"]
    notification = Notification.objects.get(kind="invitation_accepted")
    assert notification.delivery == Delivery.DIGEST  # the default for this kind


def test_an_expired_invitation_tells_who_invited_and_an_invited_account_is_told(run, project, amz, everyone):
    Invitation.objects.create(
        project=project,
        email="late@example.org",
        role="staff",
        partner=amz,
        token_hash="y" * 64,
        created_by=everyone["coordinator"],
        sent_at=at(2026, 11, 20, 9, 0),
        expires_at=at(2026, 11, 27, 9, 0),
    )
    Invitation.objects.create(
        project=project,
        email="outsider@example.org",
        role="viewer",
        token_hash="z" * 64,
        created_by=everyone["coordinator"],
        sent_at=at(2026, 11, 29, 9, 0),
        expires_at=at(2026, 12, 6, 9, 0),
    )
    run(at(2026, 11, 30, 10, 0))
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "coordinator@example.org": "[ELCA] Your invitation of late@example.org expired on 27.11.2026 without "
        "being accepted.",
        "outsider@example.org": "[ELCA] You are invited to ELCA as Viewer (read only); the link is in the "
        "e-mail sent to outsider@example.org.",
    }


def test_an_export_ready_that_its_page_did_not_show_is_announced_to_who_asked(
    run, project, periods, everyone
):
    asked = {"project": project, "period": periods[0], "kind": "d32", "format": "pdf", "status": "done"}
    unseen = Export.objects.create(
        **asked, requested_by=everyone["amz_staff"], finished_at=at(2026, 11, 30, 9, 0)
    )
    seen = Export.objects.create(
        **asked,
        requested_by=everyone["coordinator"],
        finished_at=at(2026, 11, 30, 9, 0),
        seen_at=at(2026, 11, 30, 9, 0),
    )
    Export.objects.create(
        **asked, requested_by=everyone["task_leader"], finished_at=at(2026, 11, 30, 9, 59, 30)
    )
    run(at(2026, 11, 30, 10, 0))

    assert recipients() == ["amz@example.org"]  # not the seen one, not the one finished 30 s ago
    assert "is ready to download" in mail.outbox[0].subject
    assert f"/reports/exports/{unseen.pk}/" in mail.outbox[0].body
    assert seen.pk != unseen.pk


def test_the_export_page_showing_it_ready_marks_it_seen(client, project, periods, everyone):
    export = Export.objects.create(
        project=project,
        period=periods[0],
        kind="d32",
        format="pdf",
        status="done",
        requested_by=everyone["amz_staff"],
        finished_at=at(2026, 11, 30, 9, 0),
        content=b"%PDF",
    )
    client.force_login(everyone["amz_staff"])
    client.get(f"/reports/exports/{export.pk}/status/")
    export.refresh_from_db()
    assert export.seen_at is not None


def test_another_project_with_the_same_partner_names_gets_nothing_of_elca(run, project, mav, everyone):
    other = everyone["outsider"].memberships.get().project
    PeriodFactory(project=other, number=1, start_date=date(2020, 9, 1), end_date=date(2021, 2, 28))
    PartnerFactory(project=other, number=5, short_name="MAV")
    returned(project, mav, everyone["coordinator"])
    run(at(2026, 11, 30, 10, 0))
    assert "outsider@example.org" not in recipients() and "othercoord@example.org" not in recipients()
