"""Undoing an import: what it added goes (with a trace), what it changed comes back, or it is refused."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from agreements.models import Agreement
from consortium.dates import format_date
from consortium.models import Organisation
from imports.models import ImportRun
from imports.runs import UndoRefused, import_undo
from tests.factories import AgreementFactory
from tests.imports.helpers import csv_file, sme_rows, upload, url

pytestmark = pytest.mark.usefixtures("db")


def imported(client, user, file, mode="add"):
    client.force_login(user)
    upload(client, file, mode=mode)
    run = ImportRun.objects.latest("pk")
    client.post(url("import_confirm", run.pk))
    run.refresh_from_db()
    return run


def test_undo_deletes_what_was_added_and_restores_what_was_changed(client, project, mav, amz, coordinator):
    kept = AgreementFactory(
        project=project,
        kind="sme_sme",
        external_ref="R1",
        name="Before",
        status="identified",
        responsible=[mav],
    )
    changed_rows = [["R1", "After", "MAV, AMZ", "New org", "signed", "Nov 2022"], *sme_rows(2, start=2)]
    run = imported(client, coordinator, csv_file(changed_rows), mode="update")
    assert (run.created, run.updated) == (2, 1)
    kept.refresh_from_db()
    assert (kept.name, kept.status) == ("After", "signed")

    client.post(url("import_undo", run.pk))

    kept.refresh_from_db()
    assert (kept.name, kept.status, kept.signed_date) == ("Before", "identified", None)
    assert list(kept.responsible.values_list("short_name", flat=True)) == ["MAV"]
    assert kept.organisation is None
    assert list(Agreement.objects.values_list("external_ref", flat=True)) == ["R1"]
    assert Organisation.objects.count() == 0  # the three the import added
    assert kept.history.first().history_change_reason == f"undo of import #{run.pk} agreements.csv"
    deleted = Agreement.history.filter(history_type="-").values_list("external_ref", flat=True)
    assert sorted(deleted) == ["R2", "R3"]  # deleted with a trace: restorable from "Deleted agreements"


def test_undo_is_refused_when_someone_changed_a_record_since(client, project, mav, coordinator, mav_staff):
    run = imported(client, mav_staff, csv_file(sme_rows(2)))
    edited = Agreement.objects.get(external_ref="R2")
    edited.name = "Edited by hand"
    edited._history_user = mav_staff
    edited.save()

    # The time is the project's local time, as on the record's history page (issue 13: it was UTC).
    local = timezone.localtime(edited.history.first().history_date)
    when = f"{format_date(local)} {local:%H:%M}"
    who = mav_staff.get_username()
    with pytest.raises(UndoRefused, match=re.escape(f"“Edited by hand” (changed by {who}, {when})")):
        import_undo(run=run, user=coordinator)

    assert Agreement.objects.count() == 2
    run.refresh_from_db()
    assert run.status == "applied"


def test_undo_is_refused_when_a_later_import_used_an_organisation_it_added(client, project, mav, coordinator):
    first = imported(client, coordinator, csv_file(sme_rows(1), name="first.csv"))
    later = [["X1", "Later", "MAV", "Company 1", "signed", ""]]
    imported(client, coordinator, csv_file(later, name="later.csv"))

    with pytest.raises(UndoRefused, match="“Company 1” is used by"):
        import_undo(run=first, user=coordinator)

    assert Agreement.objects.count() == 2


def test_undone_imports_stay_listed_and_cannot_be_undone_twice(client, project, mav, coordinator):
    run = imported(client, coordinator, csv_file(sme_rows(1)))
    client.post(url("import_undo", run.pk))

    page = client.get(url("import_list")).content.decode()
    again = client.post(url("import_undo", run.pk), follow=True).content.decode()

    assert "Undone" in page
    assert "is undone; it cannot be undone" in again


def test_a_command_line_import_is_listed_and_can_be_undone(tmp_path, project, mav, coordinator, capsys):
    file = tmp_path / "cli.csv"
    file.write_bytes(csv_file(sme_rows(3)).read())

    call_command("import_records", "ELCA", "sme-sme-agreements", str(file), "--as", "coordinator")

    run = ImportRun.objects.get()
    assert (run.status, run.created, run.filename) == ("applied", 3, "cli.csv")
    assert f"Import #{run.pk}" in capsys.readouterr().out
    import_undo(run=run, user=coordinator)
    assert Agreement.objects.count() == 0
