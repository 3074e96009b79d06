"""Export flooding (issue 12, S5): identical exports are shared, pending exports per user are limited,
old exports are pruned."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.models import Export
from tests.elca.test_settings import settings_seen_with
from tests.factories import EngagementFactory
from tests.reports.test_views import export_url


@pytest.fixture
def queue_only(settings):
    """The database backend with no worker running: every queued export stays queued (the flood's case)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.usefixtures("periods", "wp3", "queue_only")
def test_300_identical_export_requests_of_a_viewer_queue_one_export(client, viewer):
    client.force_login(viewer)

    responses = [client.post(export_url(fmt="pdf")) for _ in range(300)]

    export = Export.objects.get()
    assert DBTaskResult.objects.count() == 1
    assert {r["Location"] for r in responses} == {reverse("reports:export_detail", args=[export.pk])}


@pytest.mark.usefixtures("periods", "wp3", "queue_only")
def test_another_member_asking_for_the_same_export_shares_it(client, viewer, mav_staff):
    client.force_login(viewer)
    client.post(export_url())
    client.force_login(mav_staff)

    response = client.post(export_url())

    export = Export.objects.get()
    assert response["Location"] == reverse("reports:export_detail", args=[export.pk])
    assert export.requested_by == viewer and list(export.also_requested_by.all()) == [mav_staff]
    assert client.get(reverse("reports:export_status", args=[export.pk])).json()["status"] == "queued"
    assert list(Export.objects.of_user(mav_staff)) == [export]


@pytest.mark.usefixtures("periods", "wp3", "queue_only")
def test_another_report_period_or_format_is_a_new_export(client, viewer):
    client.force_login(viewer)

    for url in (export_url(), export_url(fmt="pdf"), export_url(number=1), export_url(kind="progress")):
        client.post(url)

    assert Export.objects.count() == 3  # the fourth is over the limit of three pending
    assert DBTaskResult.objects.count() == 3


@pytest.mark.usefixtures("periods", "wp3")
def test_a_ready_export_is_reused_until_the_data_changes(client, project, viewer):
    client.force_login(viewer)
    client.post(export_url())
    first = Export.objects.get()

    again = client.post(export_url())
    EngagementFactory(project=project, name="A new row")
    after_edit = client.post(export_url())

    assert first.status == Export.Status.DONE and first.data_as_of is not None
    assert again["Location"] == reverse("reports:export_detail", args=[first.pk])
    assert Export.objects.count() == 2 and after_edit["Location"] != again["Location"]


@pytest.mark.usefixtures("periods", "wp3")
def test_a_failed_export_is_not_reused(client, viewer):
    client.force_login(viewer)
    client.post(export_url())
    Export.objects.update(status=Export.Status.FAILED, error="boom")

    client.post(export_url())

    assert sorted(Export.objects.values_list("status", flat=True)) == ["done", "failed"]


@pytest.mark.usefixtures("periods", "wp3", "queue_only")
def test_over_the_pending_limit_nothing_is_queued_and_the_page_says_why(client, settings, viewer):
    settings.EXPORTS_PENDING_PER_USER = 2
    client.force_login(viewer)
    client.post(export_url(fmt="pdf"))
    client.post(export_url(fmt="xlsx"))

    response = client.post(export_url(fmt="html"))

    assert response.status_code == 429 and response["Retry-After"] == "30"
    assert response.context["limit"] == 2 and len(response.context["pending"]) == 2
    assert "You already have 2 exports waiting or being prepared" in response.content.decode()
    assert (Export.objects.count(), DBTaskResult.objects.count()) == (2, 2)


@pytest.mark.usefixtures("periods", "wp3", "queue_only")
def test_the_limit_is_per_user(client, settings, viewer, mav_staff):
    settings.EXPORTS_PENDING_PER_USER = 1
    client.force_login(viewer)
    client.post(export_url(fmt="pdf"))
    client.force_login(mav_staff)

    response = client.post(export_url(fmt="xlsx"))

    assert response.status_code == 302 and Export.objects.count() == 2


@pytest.mark.usefixtures("periods", "wp3", "queue_only")
def test_an_interrupted_export_neither_counts_as_pending_nor_is_reused(client, settings, viewer):
    settings.EXPORTS_PENDING_PER_USER = 1
    client.force_login(viewer)
    client.post(export_url())
    Export.objects.update(status=Export.Status.RUNNING, started_at=timezone.now() - timedelta(hours=1))

    response = client.post(export_url())

    assert response.status_code == 302 and Export.objects.count() == 2


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.usefixtures("periods", "wp3", "queue_only")
def test_limit_page_query_count(client, settings, viewer, rows, django_assert_num_queries):
    settings.EXPORTS_PENDING_PER_USER = rows
    client.force_login(viewer)
    for url in (export_url(fmt="pdf"), export_url(fmt="xlsx"), export_url(fmt="html"))[:rows]:
        client.post(url)

    # 1 session, 2 user, 3 project, 4 period; 5 the progress report's data as of (the latest change of
    # every history table, one query); 6 SAVEPOINT, 7 the user's row locked, 8 a reusable export,
    # 9 the user's pending exports with their periods, 10 RELEASE SAVEPOINT
    with django_assert_num_queries(10):
        response = client.post(export_url(kind="progress", fmt="docx"))

    assert response.status_code == 429 and len(response.context["pending"]) == rows


@pytest.mark.usefixtures("periods", "wp3")
def test_prune_exports_deletes_finished_exports_older_than_the_setting(settings, project, periods, viewer):
    settings.EXPORTS_KEEP_DAYS = 7
    old = timezone.now() - timedelta(days=8)

    def export(status, created_at):
        e = Export.objects.create(
            project=project, period=periods[0], kind="d32", format="pdf", requested_by=viewer, status=status
        )
        Export.objects.filter(pk=e.pk).update(created_at=created_at, started_at=created_at)
        return e.pk

    old_done, old_failed = export("done", old), export("failed", old)
    old_queued, young_done = export("queued", old), export("done", timezone.now() - timedelta(days=6))
    old_interrupted = export("running", old)

    call_command("prune_exports", verbosity=0)

    kept = set(Export.objects.values_list("pk", flat=True))
    assert kept == {old_queued, young_done}
    assert not kept & {old_done, old_failed, old_interrupted}


def test_export_limits_are_read_from_the_environment():
    names = ["EXPORTS_PENDING_PER_USER", "EXPORTS_KEEP_DAYS"]

    assert settings_seen_with(names, DEBUG="1") == [3, 7]
    env = {"DEBUG": "1", "EXPORTS_PENDING_PER_USER": "5", "EXPORTS_KEEP_DAYS": "30"}
    assert settings_seen_with(names, **env) == [5, 30]
