"""The set-up workbook's engine (imports.setup_book): all sheets or nothing, problems named by sheet,
row, column and reason, and a second import of the same workbook changes nothing."""

import pytest

from accounts.models import Invitation
from consortium.models import Deliverable, Milestone, Partner, Task, WorkPackage
from imports.files import ImportFileError
from imports.setup_book import setup_book_import, setup_book_template
from tests.imports.setup_helpers import PARTNERS, PEOPLE, TASKS, full_book, workbook

pytestmark = pytest.mark.django_db


def run(project, user, data, dry_run=False):
    return setup_book_import(project=project, data=data, filename="setup.xlsx", user=user, dry_run=dry_run)


def frame(project):
    """The project's frame rows as tuples, to compare before and after."""
    return (
        list(
            Partner.objects.filter(project=project).values_list(
                "number", "short_name", "country", "is_coordinator"
            )
        ),
        list(WorkPackage.objects.filter(project=project).values_list("number", "title", "lead__short_name")),
        list(
            Task.objects.filter(work_package__project=project).values_list(
                "code", "work_package__number", "lead__short_name", "start_month", "end_month"
            )
        ),
        list(
            Deliverable.objects.filter(project=project).values_list(
                "code", "work_package__number", "due_month"
            )
        ),
        list(Milestone.objects.filter(project=project).values_list("number", "title", "due_month")),
        sorted(
            Invitation.objects.filter(project=project).values_list("email", "role", "partner__short_name")
        ),
    )


def test_a_whole_workbook_sets_up_the_frame_and_invites_people(project, coordinator, mav):
    report = run(project, coordinator, full_book())
    assert report.problems == []
    partners, packages, tasks, deliverables, milestones, invitations = frame(project)
    assert partners == [
        (1, "AMZ", "PT", True),
        (5, "MAV", "ES", False),
        (6, "NEW1", "DE", False),
        (7, "NEW2", "FR", False),
    ]
    assert packages == [(1, "Management", "AMZ"), (2, "Outreach", "NEW1")]
    assert tasks == [("1.1", 1, "AMZ", 1, 24), ("2.1", 2, "NEW2", 3, 12)]
    assert deliverables == [("D1.1", 1, 3)]
    assert milestones == [(1, "Kick-off", 2)]
    assert invitations == [("one@example.org", "staff", "NEW1"), ("two@example.org", "viewer", None)]
    assert [(c.title, c.created, c.updated, c.unchanged) for c in report.counts] == [
        ("Partners", 2, 2, 0),  # AMZ's and MAV's legal names change
        ("Work packages", 2, 0, 0),
        ("Tasks", 2, 0, 0),
        ("Deliverables", 1, 0, 0),
        ("Milestones", 1, 0, 0),
        ("People to invite", 2, 0, 0),
    ]
    assert len(report.invitations) == 2


def test_the_preview_writes_nothing(project, coordinator, mav):
    before = frame(project)
    report = run(project, coordinator, full_book(), dry_run=True)
    assert report.ok and report.total("created") == 10
    assert frame(project) == before
    assert report.invitations == []  # nothing to mail: the invitations were rolled back


def test_importing_the_same_workbook_again_changes_nothing(project, coordinator, mav):
    run(project, coordinator, full_book())
    before = frame(project)
    report = run(project, coordinator, full_book())
    assert report.problems == []
    assert frame(project) == before
    assert report.total("created") == report.total("updated") == 0
    assert report.total("unchanged") == 4 + 2 + 2 + 1 + 1 + 2


def test_a_corrected_row_updates_the_existing_one(project, coordinator, mav):
    run(project, coordinator, full_book())
    report = run(
        project,
        coordinator,
        full_book(
            tasks=[TASKS, ["1.1", "WP1", "Coordination", "MAV", 2, 20]],
            people=[PEOPLE, ["one@example.org", "", "NEW2", "Task leader"]],
        ),
    )
    assert report.problems == []
    _, _, tasks, _, _, invitations = frame(project)
    assert tasks[0] == ("1.1", 1, "MAV", 2, 20)
    assert ("one@example.org", "task_leader", "NEW2") in invitations
    assert Invitation.objects.filter(project=project, email="one@example.org").count() == 1


def test_one_bad_cell_in_the_last_sheet_writes_nothing_of_any_sheet(project, coordinator, mav):
    before = frame(project)
    report = run(
        project, coordinator, full_book(people=[PEOPLE, ["not an address", "", "NEW1", "Partner staff"]])
    )
    assert frame(project) == before
    assert [(p.sheet, p.row, p.column) for p in report.problems] == [("People to invite", 2, "E-mail")]
    assert "E-mail address" in report.problems[0].message


def test_problems_name_sheet_row_column_and_reason(project, coordinator, mav):
    data = full_book(
        partners=[
            PARTNERS,
            [6, "NEW1", "First", "DE", ""],
            [6, "NEW9", "Again six", "PT", ""],
            [8, "NEW8", "Eight", "Atlantis", "perhaps"],
        ],
        tasks=[TASKS, ["9.1", "WP9", "Nowhere", "", 1, 2], ["1.1", "WP1", "Late", "XYZ", 5, 99]],
    )
    report = run(project, coordinator, data)
    found = [(p.sheet, p.row, p.column, p.message) for p in report.problems]
    assert ("Partners", 3, "Number", "the same as row 2; give each row once") in found
    assert any(f[:3] == ("Partners", 4, "Country") and "'Atlantis' is not a country" in f[3] for f in found)
    assert ("Partners", 4, "Coordinator", "'perhaps': write yes or no") in found
    assert any(f[:3] == ("Tasks", 2, "Work package") and "WP9" in f[3] for f in found)
    assert any(f[:3] == ("Tasks", 3, "Lead partner") and "'XYZ' is not a partner" in f[3] for f in found)
    assert [p.value for p in report.problems if p.sheet == "Partners"] == ["6", "Atlantis", "perhaps"]
    assert Partner.objects.filter(project=project).count() == 2  # AMZ and MAV only


def test_a_month_outside_the_project_is_the_forms_own_message(project, coordinator, mav):
    report = run(
        project,
        coordinator,
        full_book(tasks=[TASKS, ["1.1", "WP1", "T", "", 1, 999]]),
    )
    assert [(p.sheet, p.row, p.column) for p in report.problems] == [("Tasks", 2, "End month")]
    assert "outside the project's months" in report.problems[0].message


def test_a_workbook_may_hold_some_sheets_only(project, coordinator, mav):
    report = run(project, coordinator, workbook({"Milestones": [["Number", "Name"], [3, "Review"]]}))
    assert report.ok
    assert list(Milestone.objects.filter(project=project).values_list("number", "title")) == [(3, "Review")]
    assert "Partners" in report.notes[0]


def test_a_missing_required_column_is_named(project, coordinator, mav):
    report = run(project, coordinator, workbook({"Milestones": [["Number"], [3]]}))
    assert [(p.sheet, p.row, p.column) for p in report.problems] == [("Milestones", 1, "Name")]


def test_a_workbook_without_setup_sheets_is_refused(project, coordinator):
    with pytest.raises(ImportFileError, match="none of the set-up sheets"):
        run(project, coordinator, workbook({"Sheet1": [["a"], [1]]}))


def test_a_member_gets_the_rows_role_and_the_last_coordinator_keeps_it(project, coordinator, mav_staff, mav):
    coordinator.email = "coord@example.org"
    coordinator.save()
    mav_staff.email = "mav@example.org"
    mav_staff.save()
    report = run(
        project,
        coordinator,
        workbook(
            {
                "People to invite": [
                    PEOPLE,
                    ["MAV@example.org", "", "MAV", "Task leader"],
                    ["coord@example.org", "", "AMZ", "viewer"],
                ]
            }
        ),
    )
    assert [(p.row, p.column) for p in report.problems] == [(3, "Role")]
    assert "only coordinator" in report.problems[0].message
    report = run(
        project,
        coordinator,
        workbook({"People to invite": [PEOPLE, ["MAV@example.org", "", "MAV", "Task leader"]]}),
    )
    assert report.ok and report.total("updated") == 1
    assert mav_staff.memberships.get().role == "task_leader"
    assert not Invitation.objects.exists()  # an account that exists is not invited twice


def test_the_template_has_every_sheet_with_headers_and_one_example_row():
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(setup_book_template()))
    assert book.sheetnames == [
        "Partners",
        "Work packages",
        "Tasks",
        "Deliverables",
        "Milestones",
        "People to invite",
        "Indicators",
        "Columns",
    ]
    rows = [list(r) for r in book["Partners"].iter_rows(values_only=True)]
    assert rows == [PARTNERS, [2, "CLU2", "Example Cluster Association", "PT", "no"]]
    assert all(book[title].max_row == 2 for title in book.sheetnames[:-1])
