"""`export_report` writes what the download gives; the database task backend and its worker run exports."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import Export
from tests.factories import EngagementFactory
from tests.reports.test_renderers import cell_values


@pytest.mark.usefixtures("periods", "wp3")
def test_cli_writes_the_same_content_as_the_download(client, project, amz_staff, tmp_path):
    EngagementFactory(project=project, name='=HYPERLINK("http://x")')
    out = tmp_path / "d32.xlsx"
    call_command("export_report", "d32", "ELCA", "--period", "2", "--format", "xlsx", "--output", str(out))
    client.force_login(amz_staff)
    client.post(reverse("reports:export", args=["ELCA", "d32", 2, "xlsx"]))

    downloaded = client.get(reverse("reports:export_download", args=[Export.objects.get().pk])).content

    assert cell_values(out.read_bytes()) == cell_values(downloaded)
    html = tmp_path / "p.html"
    call_command("export_report", "progress", "ELCA", "--format", "html", "--output", str(html))
    assert "Technical progress report #2" in html.read_text(encoding="utf-8")


@pytest.mark.usefixtures("periods", "wp3")
def test_cli_names_what_is_wrong(tmp_path):
    out = str(tmp_path / "x")
    with pytest.raises(CommandError, match="no reporting period 9 \\(periods: 1, 2\\)"):
        call_command("export_report", "d32", "ELCA", "--period", "9", "--format", "pdf", "--output", out)
    with pytest.raises(CommandError, match="comes as html, pdf, xlsx, not docx"):
        call_command("export_report", "d32", "ELCA", "--format", "docx", "--output", out)
    with pytest.raises(CommandError, match="No project with the acronym 'NOPE'"):
        call_command("export_report", "d32", "NOPE", "--format", "pdf", "--output", out)


@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_the_export_and_db_worker_runs_it(
    client, settings, project, periods, amz_staff
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    EngagementFactory(project=project, name="Queued row")
    client.force_login(amz_staff)

    client.post(reverse("reports:export", args=["ELCA", "d32", 2, "xlsx"]))
    export = Export.objects.get()
    queued = client.get(reverse("reports:export_status", args=[export.pk])).json()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    done = client.get(reverse("reports:export_status", args=[export.pk])).json()

    assert (queued["status"], queued["percent"], done["status"]) == ("queued", 0, "done")
    book = load_workbook(io.BytesIO(client.get(done["download"]).content))
    assert book[book.sheetnames[2]]["A2"].value == "Queued row"
