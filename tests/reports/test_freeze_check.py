"""The freeze page shows the before-freeze check; with anything missing, the coordinator freezes only
after ticking the box that names the count (issue 16 item 7); without it nothing is frozen."""

import pytest
from django.urls import reverse

from narrative.models import Status, Text
from narrative.structure import for_project
from reports.models import FrozenReport
from tests.reports.test_views import freeze_url


@pytest.fixture
def missing(project, periods):
    """Every text of period 1 written and accepted except I.1 and II.7: two items missing."""
    for key in for_project(project).text_keys():
        if key not in ("i1", "ii7"):
            Text.objects.create(
                project=project, period=periods[0], key=key, body="Done.", status=Status.ACCEPTED
            )
    return 2


def test_the_freeze_page_lists_what_is_missing_with_links(client, project, coordinator, missing):
    client.force_login(coordinator)

    html = client.get(freeze_url("progress", 1)).content.decode()

    texts = reverse("narrative:texts", args=[project.acronym, 1])
    assert "Before freezing: 2 items are missing" in html
    assert f'<a href="{texts}#section-i1">I.1 Project objectives for the period: not written.</a>' in html
    assert "II.7 Impact of the project&#x27;s activities (if applicable): not written." in html
    assert "Freeze with 2 items missing" in html


def test_without_the_count_ticked_nothing_is_frozen_and_the_page_says_why(client, coordinator, missing):
    client.force_login(coordinator)

    response = client.post(freeze_url("progress", 1), {"confirm": "on"})

    assert response.status_code == 400
    assert FrozenReport.objects.count() == 0
    assert (
        "2 items are missing: tick “Freeze with 2 items missing” to freeze anyway; nothing was frozen."
        in response.content.decode()
    )


def test_with_the_count_ticked_the_report_is_frozen(client, coordinator, missing):
    client.force_login(coordinator)

    response = client.post(freeze_url("progress", 1), {"confirm": "on", "confirm_missing": "on"})

    frozen = FrozenReport.objects.get()
    assert response["Location"] == reverse("reports:frozen_compare", args=[frozen.pk])


def test_a_complete_report_asks_only_the_usual_confirmation(client, project, periods, coordinator, missing):
    for key in ("i1", "ii7"):
        Text.objects.create(project=project, period=periods[0], key=key, body="Done.", status=Status.ACCEPTED)
    client.force_login(coordinator)

    html = client.get(freeze_url("progress", 1)).content.decode()
    client.post(freeze_url("progress", 1), {"confirm": "on"})

    assert "Before freezing: nothing is missing" in html and "items missing" not in html
    assert FrozenReport.objects.count() == 1


def test_the_d32_has_no_texts_to_check(client, periods, coordinator):
    client.force_login(coordinator)

    html = client.get(freeze_url("d32", 1)).content.decode()

    assert "Before freezing" not in html and "I understand" in html


FREEZE_PAGE_QUERIES = 14


@pytest.mark.parametrize("texts", [1, 3])
def test_progress_freeze_page_query_count(
    client, project, periods, coordinator, texts, django_assert_num_queries
):
    for key in ["summary", "i1", "ii7"][:texts]:
        Text.objects.create(project=project, period=periods[0], key=key, body="Done.", status=Status.ACCEPTED)
    client.force_login(coordinator)

    # The confirmation page's own 6 (see test_views), the check's texts, tasks, contributions, deliverables
    # and the KPI engine's dashboard: the same whatever the number of texts.
    with django_assert_num_queries(FREEZE_PAGE_QUERIES):
        response = client.get(freeze_url("progress", 1))

    assert f"Freeze with {16 - texts} items missing" in response.content.decode()
