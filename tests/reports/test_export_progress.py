"""Real export progress (issue 12, daily work 10): the task stores steps done of steps total as the report
renders, and the page and its status JSON show them (a progress bar with words, read out by screen readers;
without JavaScript the page reloads itself)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import formats, tasks
from reports.models import Export
from tests.reports.test_views import export_url


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "html"])
@pytest.mark.usefixtures("periods", "wp3")
def test_the_task_stores_each_rendering_step_as_it_goes(client, project, periods, viewer, fmt, monkeypatch):
    seen = []
    advance = tasks._advance

    def advance_and_look(export, what):
        advance(export, what)
        seen.append(Export.objects.values_list("steps_done", "steps_total", "step_detail").get(pk=export.pk))

    monkeypatch.setattr(tasks, "_advance", advance_and_look)
    client.force_login(viewer)

    client.post(export_url(fmt=fmt))

    export = Export.objects.get()
    tables = [t["title"] for t in formats.build("d32", project, periods[1])["tables"]]
    total = 1 + {"xlsx": len(tables) + 1, "pdf": 3, "html": 1}[fmt]
    # Step 1 (collecting the numbers) is stored before rendering; each further step as it is done.
    assert [s[0] for s in seen] == list(range(2, total + 1)) and {s[1] for s in seen} == {total}
    if fmt == "xlsx":
        assert [s[2] for s in seen] == [*tables, ""]
    assert (export.status, export.steps_done, export.steps_total) == ("done", total, total)


def running(project, period, user, **fields) -> Export:
    fields = {"status": Export.Status.RUNNING, "started_at": timezone.now(), **fields}
    return Export.objects.create(
        project=project, period=period, kind="d32", format="pdf", requested_by=user, **fields
    )


def test_status_and_page_show_the_steps_done(client, project, periods, viewer):
    export = running(project, periods[1], viewer, steps_done=3, steps_total=12, step_detail="Table 3. MoUs")
    client.force_login(viewer)

    status = client.get(reverse("reports:export_status", args=[export.pk])).json()
    html = client.get(reverse("reports:export_detail", args=[export.pk])).content.decode()

    text = "3 of 12 steps done (last: Table 3. MoUs)"
    assert {k: status[k] for k in ("status", "done", "total", "percent", "text")} == {
        "status": "running",
        "done": 3,
        "total": 12,
        "percent": 25,
        "text": text,
    }
    assert 'id="export-progress" max="12" value="3" data-bar>25%</progress>' in html
    assert f'<p class="mb-2" data-label role="status" aria-live="polite">{text} (25%)</p>' in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert f'href="{reverse("reports:export_detail", args=[export.pk])}">Reload now</a>' in html


def test_a_queued_export_shows_an_open_bar_and_says_it_waits(client, project, periods, viewer):
    export = running(project, periods[1], viewer, status=Export.Status.QUEUED, started_at=None)
    client.force_login(viewer)

    html = client.get(reverse("reports:export_detail", args=[export.pk])).content.decode()

    assert 'id="export-progress" max="1" data-bar>0%</progress>' in html  # no value: indeterminate
    assert "Waiting for a worker (it picks the export up within seconds)" in html


@pytest.mark.usefixtures("periods", "wp3")
def test_a_ready_export_shows_a_full_bar_and_does_not_reload(client, viewer):
    client.force_login(viewer)
    client.post(export_url(fmt="html"))
    export = Export.objects.get()

    html = client.get(reverse("reports:export_detail", args=[export.pk])).content.decode()

    assert 'id="export-progress" max="2" value="2" data-bar>100%</progress>' in html
    assert 'role="status" aria-live="polite">Ready</p>' in html and 'http-equiv="refresh"' not in html


def test_an_interrupted_export_says_so(client, project, periods, viewer):
    export = running(project, periods[1], viewer, steps_done=2, steps_total=4)
    Export.objects.filter(pk=export.pk).update(started_at=timezone.now() - timedelta(hours=2))
    client.force_login(viewer)

    status = client.get(reverse("reports:export_status", args=[export.pk])).json()

    assert (status["status"], status["percent"], status["text"]) == ("failed", 100, "Interrupted")


@pytest.mark.parametrize("rows", [1, 3])
def test_export_page_and_status_query_count(
    client, project, periods, viewer, rows, django_assert_num_queries
):
    exports = [running(project, periods[1], viewer, steps_done=n, steps_total=5) for n in range(rows)]
    client.force_login(viewer)

    # 1 session, 2 user, 3 the export with its project and period (the user's, in projects they belong to)
    with django_assert_num_queries(3):
        page = client.get(reverse("reports:export_detail", args=[exports[-1].pk]))
    with django_assert_num_queries(3):
        status = client.get(reverse("reports:export_status", args=[exports[-1].pk]))

    assert page.context["export"] == exports[-1] and status.json()["done"] == rows - 1
