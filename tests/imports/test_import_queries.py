"""The import pages ask the database a fixed number of times, whatever the number of rows or runs."""

import pytest

from imports.models import ImportRun
from tests.imports.helpers import csv_file, sme_rows, upload, url

pytestmark = pytest.mark.usefixtures("db")


def confirmed_runs(client, count):
    """`count` imports of `count` rows each; returns the last run."""
    for n in range(count):
        upload(client, csv_file(sme_rows(count, start=10 * n + 1)))
        run = ImportRun.objects.latest("pk")
        client.post(url("import_confirm", run.pk))
    return run


@pytest.mark.parametrize("rows", [1, 3])
def test_past_imports_page_query_count(client, project, mav, coordinator, rows, django_assert_num_queries):
    client.force_login(coordinator)
    confirmed_runs(client, rows)

    # 1 session, 2 user, 3 project, 4 the user's roles in it, 5 the runs with project, users and event
    # (joined), 6 is the user the coordinator (undo buttons)
    with django_assert_num_queries(6):
        response = client.get(url("import_list"))

    assert len(response.context["runs"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_import_result_page_query_count(client, project, mav, coordinator, rows, django_assert_num_queries):
    client.force_login(coordinator)
    run = confirmed_runs(client, rows)

    # 1 session, 2 user, 3 project, 4 the user's roles, 5 coordinator?, 6 the run with its users and
    # event (joined), 7 the records it created or updated
    with django_assert_num_queries(7):
        response = client.get(url("import_run", run.pk))

    assert len(response.context["records"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_preview_page_query_count(client, project, mav, mav_staff, rows, django_assert_num_queries):
    client.force_login(mav_staff)
    upload(client, csv_file(sme_rows(rows, partner="MAVV")))
    run = ImportRun.objects.get()

    # 1 session, 2 user, 3 project, 4 the user's roles, 5 coordinator?, 6 the run (problems stored on it)
    with django_assert_num_queries(6):
        response = client.get(url("import_run", run.pk))

    assert len(response.context["run"].problems) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_background_import_status_query_count(
    client, project, mav, mav_staff, rows, settings, django_assert_num_queries
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client.force_login(mav_staff)
    upload(client, csv_file(sme_rows(rows)))
    run = ImportRun.objects.get()
    client.post(url("import_confirm", run.pk))  # queued for the worker: the page polls this answer

    # 1 session, 2 user, 3 project, 4 the user's roles, 5 coordinator?, 6 the run (without its file)
    with django_assert_num_queries(6):
        response = client.get(url("import_run_status", run.pk))

    assert response.json()["total"] == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_background_import_page_query_count(
    client, project, mav, mav_staff, rows, settings, django_assert_num_queries
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client.force_login(mav_staff)
    upload(client, csv_file(sme_rows(rows)))
    run = ImportRun.objects.get()
    client.post(url("import_confirm", run.pk))

    # 1 session, 2 user, 3 project, 4 the user's roles, 5 coordinator?, 6 the run with its users and event
    with django_assert_num_queries(6):
        response = client.get(url("import_run", run.pk))

    assert response.context["run"].status == "applying"
