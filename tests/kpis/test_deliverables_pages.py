"""The deliverables and milestones page and the pages that change them (kpis/views_deliverables.py): who may,
what each shows and saves, and what a refused or bad submission leaves behind (nothing)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consortium.models import Deliverable, DueDateChange, Milestone, WorkPackage
from tests.factories import ProjectFactory
from tests.security.records import pdf_bytes
from workspace.models import Evidence

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Files go to a private MEDIA_ROOT, removed after the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


@pytest.fixture
def wp(project, mav):
    """A work package MAV leads: the task leader (of MAV) submits its deliverables too."""
    return WorkPackage.objects.create(project=project, number=1, title="Analysis", lead=mav)


@pytest.fixture
def d11(project, amz, wp):
    """Led by AMZ, in MAV's work package, due in M6 (February 2021): overdue today."""
    return Deliverable.objects.create(
        project=project, code="D1.1", title="Opportunities", work_package=wp, lead=amz, due_month=6
    )


@pytest.fixture
def ms1(project):
    return Milestone.objects.create(project=project, number=1, title="Partnership complete", due_month=6)


def url(name, item=None, acronym="ELCA"):
    return reverse(f"kpis:{name}", args=[acronym, item.pk] if item else [acronym])


def pdf(name="d11.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


# -- the page --------------------------------------------------------------------------------------------
def test_the_page_shows_status_moved_due_date_with_its_reason_and_overdue_badge(client, viewer, d11, ms1):
    DueDateChange.objects.create(
        project=d11.project, deliverable=d11, from_month=6, to_month=8, reason="Extension approved"
    )
    client.force_login(viewer)

    page = client.get(url("deliverables")).content.decode()

    row = page[page.index('data-code="D1.1"') : page.index("</tr>", page.index('data-code="D1.1"'))]
    assert "Pending" in row
    assert "M6 → M8: Extension approved" in row
    assert "Overdue" in row  # a word in a badge, not only the row's colour
    assert "Submit" not in row  # a viewer sees no action
    milestone = page[page.index('data-number="1"') :]
    assert "Not achieved" in milestone[: milestone.index("</tr>")]


# 1 session, 2 user, 3 project, 4 deliverables, 5 their due-date changes, 6 their files, 7 the deliverables
# the user may submit, 8 milestones, 9 their due-date changes, 10 the coordinator check.
@pytest.mark.parametrize("rows", [1, 3])
def test_the_page_query_count_does_not_grow_with_rows(
    client, project, amz, amz_staff, rows, django_assert_num_queries
):
    for n in range(rows):
        item = Deliverable.objects.create(project=project, code=f"D1.{n}", title="T", lead=amz, due_month=6)
        DueDateChange.objects.create(project=project, deliverable=item, to_month=8, reason="Moved")
        milestone = Milestone.objects.create(project=project, number=n + 1, title="M", due_month=6)
        DueDateChange.objects.create(project=project, milestone=milestone, to_month=8, reason="Moved")
    client.force_login(amz_staff)

    with django_assert_num_queries(10):
        response = client.get(url("deliverables"))

    assert [d.may_submit for d in response.context["deliverables"]] == [True] * rows
    assert response.content.decode().count("M? → M8: Moved") == 2 * rows


def test_anonymous_users_are_sent_to_login(client, d11):
    response = client.get(url("deliverables"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_of_a_project_the_user_is_not_in_does_not_exist(client, outsider, d11):
    client.force_login(outsider)

    assert client.get(url("deliverables")).status_code == 404


# -- submitting --------------------------------------------------------------------------------------------
def test_the_lead_partners_staff_submit_with_the_file(client, amz_staff, d11):
    client.force_login(amz_staff)

    response = client.post(url("deliverable_submit", d11), {"submitted_on": "2021-04-30", "file": pdf()})

    assert response.status_code == 302
    d11.refresh_from_db()
    assert (d11.status, d11.submitted_on) == ("submitted", date(2021, 4, 30))
    stored = Evidence.objects.for_record(d11).get()
    assert stored.original_name == "d11.pdf"
    page = client.get(url("deliverables")).content.decode()
    assert reverse("workspace:evidence_download", args=[stored.pk]) in page
    download = client.get(reverse("workspace:evidence_download", args=[stored.pk]))
    body = b"".join(download.streaming_content)
    download.close()
    assert body.startswith(b"%PDF-")
    assert download["Content-Disposition"] == 'attachment; filename="d11.pdf"'


def test_the_task_leader_of_the_work_package_submits_too(client, task_leader, d11):
    client.force_login(task_leader)

    response = client.post(url("deliverable_submit", d11), {"submitted_on": "2021-04-30", "file": pdf()})

    assert response.status_code == 302
    assert Deliverable.objects.get(pk=d11.pk).status == "submitted"


def test_an_approved_deliverable_is_changed_by_the_coordinator_only(client, amz_staff, d11):
    submitted(d11)
    d11.status, d11.approved_on = Deliverable.Status.APPROVED, date(2021, 6, 1)
    d11.save()
    client.force_login(amz_staff)

    response = client.post(url("deliverable_submit", d11), {"submitted_on": "2021-05-30", "file": pdf()})

    assert response.status_code == 403
    assert Deliverable.objects.get(pk=d11.pk).submitted_on == date(2021, 4, 30)


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_saved(client, amz_staff, d11):
    client.force_login(amz_staff)
    fake = SimpleUploadedFile("d11.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(url("deliverable_submit", d11), {"submitted_on": "2021-04-30", "file": fake})

    assert response.status_code == 200
    assert "File: &#x27;d11.pdf&#x27; is not a PDF" in response.content.decode()
    assert Deliverable.objects.get(pk=d11.pk).status == "pending"
    assert Evidence.objects.count() == 0


def test_a_first_submission_needs_a_file_and_a_day(client, amz_staff, d11):
    client.force_login(amz_staff)

    response = client.post(url("deliverable_submit", d11), {})

    errors = response.context["form"].errors
    assert errors["submitted_on"] == ["Submitted on: give the day it was sent."]
    assert errors["file"] == ["File: add the deliverable as it was sent."]
    assert Deliverable.objects.get(pk=d11.pk).submitted_on is None


@pytest.mark.parametrize("persona, status", [("mav_staff", 403), ("viewer", 403), ("outsider", 404)])
def test_others_may_not_submit(client, request, d11, persona, status):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(url("deliverable_submit", d11), {"submitted_on": "2021-04-30", "file": pdf()})

    assert response.status_code == status
    assert Deliverable.objects.get(pk=d11.pk).status == "pending"
    assert Evidence.objects.count() == 0


def test_a_deliverable_of_another_project_is_not_found_from_this_one(client, coordinator):
    other = ProjectFactory(acronym="OTHER")
    theirs = Deliverable.objects.create(project=other, code="D1.1", title="Theirs", due_month=6)
    client.force_login(coordinator)

    for name in ("deliverable_submit", "deliverable_approve", "deliverable_revise"):
        assert client.get(url(name, theirs)).status_code == 404


def test_anonymous_users_are_sent_to_login_from_every_changing_page(client, d11, ms1):
    for name, item in [
        ("deliverable_submit", d11),
        ("deliverable_approve", d11),
        ("deliverable_revise", d11),
        ("milestone_edit", ms1),
        ("milestone_revise", ms1),
    ]:
        response = client.post(url(name, item), {})
        assert response["Location"].startswith(reverse("login")), name


# -- approving and moving due dates: the coordinator ----------------------------------------------------
def submitted(item, day=date(2021, 4, 30)):
    item.status, item.submitted_on = Deliverable.Status.SUBMITTED, day
    item.save()
    return item


def test_the_coordinator_approves(client, coordinator, d11):
    submitted(d11)
    client.force_login(coordinator)

    response = client.post(url("deliverable_approve", d11), {"approved_on": "2021-06-01"})

    assert response.status_code == 302
    d11.refresh_from_db()
    assert (d11.status, d11.approved_on) == ("approved", date(2021, 6, 1))


def test_an_approval_before_the_submission_is_refused(client, coordinator, d11):
    submitted(d11)
    client.force_login(coordinator)

    response = client.post(url("deliverable_approve", d11), {"approved_on": "2021-04-01"})

    assert response.context["form"].errors["approved_on"] == [
        "Approved on: 01.04.2021 is before it was submitted (30.04.2021)."
    ]
    assert Deliverable.objects.get(pk=d11.pk).status == "submitted"


@pytest.mark.parametrize("persona", ["amz_staff", "task_leader", "viewer"])
def test_only_the_coordinator_approves_moves_and_records_milestones(client, request, d11, ms1, persona):
    submitted(d11)
    client.force_login(request.getfixturevalue(persona))

    assert client.post(url("deliverable_approve", d11), {"approved_on": "2021-06-01"}).status_code == 403
    assert client.post(url("deliverable_revise", d11), {"to_month": "8", "reason": "R"}).status_code == 403
    assert client.post(url("milestone_edit", ms1), {"achieved": "on"}).status_code == 403
    assert client.post(url("milestone_revise", ms1), {"to_month": "8", "reason": "R"}).status_code == 403
    assert Deliverable.objects.get(pk=d11.pk).status == "submitted"
    assert DueDateChange.objects.count() == 0
    assert Milestone.objects.get(pk=ms1.pk).achieved is False


def test_the_coordinator_moves_a_due_date_with_its_reason(client, coordinator, d11):
    client.force_login(coordinator)

    response = client.post(
        url("deliverable_revise", d11),
        {"to_month": "8", "reason": "Extension approved", "decided_on": "2021-02-15"},
    )

    assert response.status_code == 302
    change = DueDateChange.objects.get()
    assert (change.deliverable, change.from_month, change.to_month, change.reason) == (
        d11,
        6,
        8,
        "Extension approved",
    )
    assert Deliverable.objects.get(pk=d11.pk).current_due_month == 8


def test_a_move_needs_a_reason_and_a_month_of_the_project(client, coordinator, d11):
    client.force_login(coordinator)

    response = client.post(url("deliverable_revise", d11), {"to_month": "99", "reason": ""})

    errors = response.context["form"].errors
    assert errors["reason"] == ["Reason: say why the due date moves."]
    assert errors["to_month"] == ["New due month: M99 is outside the project's months (M1 to M24)."]
    assert DueDateChange.objects.count() == 0


def test_the_coordinator_records_a_milestone_achieved(client, coordinator, ms1):
    client.force_login(coordinator)

    response = client.post(
        url("milestone_edit", ms1), {"achieved": "on", "achieved_on": "2021-02-28", "comments": "All signed"}
    )

    assert response.status_code == 302
    ms1.refresh_from_db()
    assert (ms1.achieved, ms1.achieved_on, ms1.comments) == (True, date(2021, 2, 28), "All signed")


def test_a_milestone_date_without_achieved_ticked_is_refused(client, coordinator, ms1):
    client.force_login(coordinator)

    response = client.post(url("milestone_edit", ms1), {"achieved_on": "2021-02-28"})

    assert response.context["form"].errors["achieved"] == [
        "Achieved: tick it when you give the day it was achieved."
    ]
    assert Milestone.objects.get(pk=ms1.pk).achieved_on is None


# -- the dashboard and the timeline ----------------------------------------------------------------------
@pytest.mark.usefixtures("periods")
def test_the_dashboard_and_the_timeline_show_what_is_overdue(client, viewer, d11, ms1):
    client.force_login(viewer)

    for page in (
        client.get(reverse("kpis:dashboard", args=["ELCA"])),
        client.get(reverse("kpis:timeline", args=["ELCA"])),
    ):
        html = page.content.decode()
        panel = html[html.index('id="overdue"') :]
        assert 'data-overdue-deliverable="D1.1"' in panel
        assert 'data-overdue-milestone="1"' in panel
        assert url("deliverables") in panel
