"""Imports at scale (issue 12): the confirmed import runs in the worker with its progress on the page;
checking a file writes nothing and opens no transaction (no write lock while others save); the rows are
written in a few statements whatever their number, and a row saved by someone else meanwhile stops it.
"""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement
from consortium.models import Organisation
from consortium.vague_dates import parse_vague_date
from imports import resources, service
from imports.models import ImportRun
from imports.runs import import_apply, import_upload
from imports.service import run_import
from imports.tasks import apply_import, check_import
from tests.factories import AgreementFactory, OrganisationFactory, ProjectFactory, UserFactory
from tests.imports.helpers import csv_file, sme_rows, upload, url
from tests.imports.test_import_service import csv_bytes

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def worker_backend(settings):
    """The production backend: confirming only stores the job; the test runs the worker's part."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def confirmed(client, rows=3):
    upload(client, csv_file(sme_rows(rows)))
    run = ImportRun.objects.get()
    client.post(url("import_confirm", run.pk))
    run.refresh_from_db()
    return run


def update_import(project, user, rows):
    """The first `rows` of sme_rows again, each with another name, imported as add or update."""
    changed = [[ref, f"{name} (changed)", *rest] for ref, name, *rest in sme_rows(rows)]
    return run_import(
        project=project,
        user=user,
        data=csv_bytes(changed),
        kind="sme-sme-agreements",
        filename="b.csv",
        update=True,
        dry_run=False,
    )


def status(client, run):
    return json.loads(client.get(url("import_run_status", run.pk)).content)


@pytest.mark.usefixtures("worker_backend")
def test_confirm_hands_the_import_to_the_worker_and_the_page_shows_its_progress(client, mav, mav_staff):
    client.force_login(mav_staff)

    run = confirmed(client)

    assert (run.status, Agreement.objects.count()) == ("applying", 0)
    page = client.get(run.get_absolute_url()).content.decode()
    assert f'data-status-url="{url("import_run_status", run.pk)}"' in page
    assert "js/import-progress.js" in page
    assert "0 of 3 rows checked; then they are written all at once." in page
    assert status(client, run) == {
        "status": "applying",
        "label": "0 of 3 rows checked; then they are written all at once.",
        "percent": 0,
        "done": 0,
        "total": 3,
    }

    apply_import.call(run.pk)  # what db_worker does

    run.refresh_from_db()
    assert (run.status, run.created, Agreement.objects.count()) == ("applied", 3, 3)
    assert status(client, run) | {"label": ""} == {
        "status": "applied",
        "label": "",
        "percent": 100,
        "done": 0,
        "total": 3,
    }
    assert "import-progress" not in client.get(run.get_absolute_url()).content.decode()


@pytest.mark.usefixtures("worker_backend")
def test_a_file_too_big_to_check_in_the_request_is_checked_by_the_worker_with_its_progress(
    client, settings, mav, mav_staff
):
    """A 20,000-row update file took longer to check than the web server allows a request (30 s):
    above IMPORT_CHECK_IN_REQUEST_ROWS rows, the preview is the worker's, and the page shows how far."""
    settings.IMPORT_CHECK_IN_REQUEST_ROWS = 2
    client.force_login(mav_staff)

    upload(client, csv_file(sme_rows(3)))

    run = ImportRun.objects.get()
    assert (run.status, run.rows, run.created) == ("checking", 3, 0)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "js/import-progress.js" in page
    assert "0 of 3 rows checked; the preview follows." in page
    assert status(client, run)["status"] == "checking"
    refused = client.post(url("import_confirm", run.pk))  # nothing to confirm before the preview
    run.refresh_from_db()
    assert (refused.status_code, run.status) == (302, "checking")

    check_import.call(run.pk)  # what the worker does

    run.refresh_from_db()
    assert (run.status, run.created, run.problems, Agreement.objects.count()) == ("previewed", 3, [], 0)
    assert "import-progress" not in client.get(run.get_absolute_url()).content.decode()
    client.post(url("import_confirm", run.pk))
    apply_import.call(run.pk)
    assert Agreement.objects.count() == 3


def test_a_small_file_is_still_checked_in_the_request(client, mav, mav_staff):
    client.force_login(mav_staff)

    upload(client, csv_file(sme_rows(3)))

    assert ImportRun.objects.get().status == "previewed"


@pytest.mark.usefixtures("worker_backend")
def test_a_check_whose_worker_died_says_to_upload_again_and_cannot_be_confirmed(
    client, settings, mav, mav_staff
):
    settings.IMPORT_CHECK_IN_REQUEST_ROWS = 2
    client.force_login(mav_staff)
    upload(client, csv_file(sme_rows(3)))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(applying_since=timezone.now() - timedelta(hours=1))

    page = client.get(run.get_absolute_url()).content.decode()
    client.post(url("import_confirm", run.pk))

    assert "Checking the file was interrupted" in page and "Import it again" not in page
    assert (ImportRun.objects.get().status, Agreement.objects.count()) == ("checking", 0)


def test_the_worker_tells_the_rows_checked_as_it_goes(project, mav, mav_staff, monkeypatch):
    monkeypatch.setattr(resources, "PROGRESS_EVERY", 2)
    run = import_upload(
        project=project,
        user=mav_staff,
        kind="sme-sme-agreements",
        data=csv_bytes(sme_rows(5)),
        filename="a.csv",
        update=False,
    )
    told = []

    report = import_apply(run=run, progress=lambda done, total: told.append((done, total)))

    assert (report.created, told) == (5, [(2, 5), (4, 5)])


@pytest.mark.usefixtures("worker_backend")
def test_a_file_that_now_has_problems_goes_back_to_its_preview(client, project, amz, mav, mav_staff):
    client.force_login(mav_staff)
    run = confirmed(client, rows=2)
    AgreementFactory(project=project, kind="business", external_ref="R2", responsible=[amz])

    apply_import.call(run.pk)

    run.refresh_from_db()
    assert (run.status, Agreement.objects.filter(kind="sme_sme").count()) == ("previewed", 0)
    assert [p[1:] for p in run.problems] == [
        ["Reference", "R2", "R2 is the Reference of another kind of record in ELCA"]
    ]


@pytest.mark.usefixtures("worker_backend")
def test_the_progress_is_shown_to_the_runs_user_and_the_coordinator_only(
    client, project, mav, amz, mav_staff, amz_staff, coordinator, viewer
):
    client.force_login(mav_staff)
    run = confirmed(client)
    answers = {}
    for who in (mav_staff, amz_staff, coordinator, viewer):
        client.force_login(who)
        answers[who.username] = client.get(url("import_run_status", run.pk)).status_code
    client.logout()
    anonymous = client.get(url("import_run_status", run.pk))
    outsider = UserFactory(username="outsider")
    from tests.factories import MembershipFactory, PartnerFactory

    other = ProjectFactory(acronym="OTHER")
    MembershipFactory(user=outsider, project=other, partner=PartnerFactory(project=other), role="staff")
    client.force_login(outsider)

    assert answers == {"mav": 200, "amz": 404, "coordinator": 200, "viewer": 403}
    assert anonymous.status_code == 302 and "/login/" in anonymous.url
    assert client.get(url("import_run_status", run.pk)).status_code == 404
    assert client.post(url("import_run_status", run.pk)).status_code == 405


def test_checking_a_file_writes_nothing_and_opens_no_transaction(project, mav, mav_staff):
    data = csv_bytes(sme_rows(3))  # three organisations new to the directory

    with CaptureQueriesContext(connection) as queries:
        report = run_import(
            project=project, user=mav_staff, data=data, kind="sme-sme-agreements", filename="a.csv"
        )

    assert (report.ok, report.created) == (True, 3)
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert set(statements) == {"SELECT"}
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("rows", [10, 60])
def test_writing_takes_the_same_statements_whatever_the_number_of_rows(project, mav, mav_staff, rows):
    data = csv_bytes(sme_rows(rows))

    with CaptureQueriesContext(connection) as queries:
        report = run_import(
            project=project,
            user=mav_staff,
            data=data,
            kind="sme-sme-agreements",
            filename="a.csv",
            dry_run=False,
        )

    # Checking: partners, organisations, membership, reviewer?, existing rows, other kinds' keys; writing:
    # savepoint, the rows' partners as they are, release; and the INSERTs of organisations, agreements,
    # their history and their partners, as many rows a statement as SQLite's 999 parameters allow.
    assert (report.created, Agreement.objects.count()) == (rows, rows)
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert len([s for s in statements if s != "INSERT"]) == 9
    assert statements.count("INSERT") <= 4 + rows // 10
    assert Agreement.history.filter(history_change_reason="import of a.csv").count() == rows


@pytest.mark.parametrize("rows", [10, 60])
def test_an_update_import_reads_the_existing_rows_in_the_same_queries_whatever_their_number(
    project, mav, mav_staff, rows
):
    """Checking an update (and its undo snapshot) read each existing row's organisation, project and
    partners with a query per row: 20,000 updated rows took 70 s to check. Now a few queries in all."""
    run_import(
        project=project,
        user=mav_staff,
        data=csv_bytes(sme_rows(rows)),
        kind="sme-sme-agreements",
        filename="a.csv",
        dry_run=False,
    )
    with CaptureQueriesContext(connection) as queries:
        report = update_import(project, mav_staff, rows)

    assert (report.ok, report.updated) == (True, rows)
    assert Agreement.objects.filter(name__endswith="(changed)").count() == rows
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].split()[0].upper() == "SELECT"]
    assert len(reads) == 12


def test_a_row_saved_by_someone_else_after_it_was_checked_stops_the_import(
    project, mav, mav_staff, monkeypatch
):
    agreement = AgreementFactory(
        project=project,
        kind="sme_sme",
        external_ref="R1",
        name="Before",
        status="signed",
        responsible=[mav],
        organisation=OrganisationFactory(project=project, name="Company 1"),
    )
    snapshot = service._snapshot  # taken after the check, before the write's transaction

    def someone_saves_meanwhile(*args):
        Agreement.objects.filter(pk=agreement.pk).update(name="Someone's", version=agreement.version + 1)
        return snapshot(*args)

    monkeypatch.setattr(service, "_snapshot", someone_saves_meanwhile)
    data = csv_bytes([["R1", "Mine", "MAV", "Company 1", "signed", ""], *sme_rows(3)[1:]])

    report = run_import(
        project=project,
        user=mav_staff,
        data=data,
        kind="sme-sme-agreements",
        filename="a.csv",
        dry_run=False,
        update=True,
    )

    assert [p.message for p in report.problems] == [
        "changed by someone else while the import was checked: R1; import the file again"
    ]
    assert list(Agreement.objects.values_list("name", flat=True)) == ["Someone's"]


@pytest.mark.usefixtures("worker_backend")
def test_an_import_whose_worker_died_says_so_and_can_be_run_again(client, mav, mav_staff, settings):
    client.force_login(mav_staff)
    run = confirmed(client)
    minutes_ago = timezone.now() - timedelta(minutes=settings.EXPORT_STALE_MINUTES + 1)
    ImportRun.objects.filter(pk=run.pk).update(applying_since=minutes_ago)  # the worker was killed

    assert status(client, run)["status"] == "interrupted"
    page = client.get(run.get_absolute_url()).content.decode()
    assert "The import was interrupted (the background worker stopped) and wrote nothing." in page
    assert "import-progress.js" not in page

    client.post(url("import_confirm", run.pk))  # "Import it again"
    run.refresh_from_db()
    assert (run.status, run.interrupted) == ("applying", False)
    apply_import.call(run.pk)
    run.refresh_from_db()
    assert (run.status, Agreement.objects.count()) == ("applied", 3)


def test_updated_rows_are_written_as_djangos_bulk_update_writes_them(project, mav):
    """RowByRowUpdate (imports/writing.py) stands in for QuerySet.bulk_update: same rows written."""
    from imports.writing import RowByRowUpdate

    organisation = OrganisationFactory(project=project, name="Acme")
    pairs = [
        AgreementFactory.create_batch(2, project=project, kind="sme_sme", status="identified")
        for _ in range(2)
    ]
    fields = [
        "name",
        "status",
        "organisation_id",
        "signed_start",
        "signed_end",
        "signed_precision",
        "updated_at",
    ]
    when = timezone.now()
    for ours, djangos in zip(*pairs, strict=True):
        for record in (ours, djangos):
            record.name, record.status, record.organisation = "Changed – ü", "signed", organisation
            record.signed_date = parse_vague_date("4-8.02.2022")
            record.updated_at = when

    RowByRowUpdate.of(Agreement).bulk_update(pairs[0], fields)
    Agreement.objects.bulk_update(pairs[1], fields)

    columns = [*fields, "version", "review_status"]
    written = [
        list(Agreement.objects.filter(pk__in=[r.pk for r in pair]).values_list(*columns)) for pair in pairs
    ]
    assert written[0] == written[1]
    assert written[0][0][:3] == ("Changed – ü", "signed", organisation.pk)


def test_an_update_import_writes_through_the_row_by_row_update(project, mav, coordinator, monkeypatch):
    imported = run_import(
        project=project,
        user=coordinator,
        data=csv_bytes(sme_rows(3)),
        kind="sme-sme-agreements",
        filename="a.csv",
        dry_run=False,
    )
    assert imported.created == 3
    monkeypatch.setattr(
        type(Agreement.objects), "bulk_update", lambda *a, **k: pytest.fail("Django's bulk_update was used")
    )
    report = update_import(project, coordinator, 3)

    assert (report.ok, report.updated) == (True, 3)
    assert sorted(Agreement.objects.values_list("name", "version")) == [
        (f"SME {n} (changed)", 2) for n in (1, 2, 3)
    ]
    assert Agreement.history.filter(history_change_reason="import of b.csv").count() == 3
