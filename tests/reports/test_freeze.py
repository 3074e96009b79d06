"""A frozen report keeps its numbers, rows and files; the compare page says what moved since."""

from datetime import date

import pytest
from django.urls import reverse

from events.models import Event
from kpis.catalogue import library_rule
from kpis.models import Indicator
from reports import codec
from reports.freeze import compare, report_freeze
from reports.models import FrozenFile
from tests.factories import AgreementFactory, EngagementFactory, EventFactory

SIGNED = {
    "status": "signed",
    "signed_start": date(2021, 5, 3),
    "signed_end": date(2021, 5, 3),
    "signed_precision": "day",
}


@pytest.fixture
def frozen(project, periods, wp3, coordinator):
    EngagementFactory(project=project, name="Kept", position=1)
    EngagementFactory(project=project, name="To be renamed", position=2)
    EngagementFactory(project=project, name="To be deleted", position=3)
    AgreementFactory(project=project, name="MoU", **SIGNED)
    return report_freeze(project=project, period=periods[1], kind="d32", user=coordinator)


def test_a_frozen_report_does_not_change_after_an_edit(project, frozen):
    files_before = dict(FrozenFile.objects.filter(report=frozen).values_list("format", "sha256"))
    context_before = frozen.context
    project.engagements.filter(name="To be renamed").update(name="Renamed")
    AgreementFactory(project=project, name="Second MoU", **SIGNED)

    frozen.refresh_from_db()

    assert frozen.context == context_before
    assert dict(FrozenFile.objects.filter(report=frozen).values_list("format", "sha256")) == files_before
    assert sorted(files_before) == ["html", "pdf", "xlsx"]
    table0 = codec.loads(frozen.context)["tables"][0]["rows"][0]["cells"]
    assert table0[3:] == [12, 1] and frozen.numbers["WP3-2"]["achieved"] == 1


def test_compare_lists_added_changed_deleted_rows_and_moved_numbers(project, frozen):
    renamed = project.engagements.get(name="To be renamed")
    renamed.name = "Renamed"
    renamed.save()
    project.engagements.get(name="To be deleted").delete()
    AgreementFactory(project=project, name="Second MoU", **SIGNED)

    diff = compare(frozen)

    second = project.agreements.get(name="Second MoU")
    assert [r["name"] for r in diff["added"]] == ["Second MoU"]
    assert [r["name"] for r in diff["changed"]] == ["Renamed"]
    assert [r["name"] for r in diff["deleted"]] == ["To be deleted"]
    assert [(m["code"], m["title"], m["frozen"], m["now"]) for m in diff["moved"]] == [
        ("WP3-2", "Number of Cluster Cooperation Agreements", 1, 2)
    ]
    moved = diff["moved"][0]
    assert [(r["name"], r["url"]) for r in moved["added"]] == [("Second MoU", second.get_absolute_url())]
    assert (moved["removed"], moved["changed"]) == ([], [])
    assert [r["name"] for r in moved["frozen_records"]] == ["MoU"]


def test_compare_page_shows_the_differences_to_every_member(client, project, frozen, viewer):
    AgreementFactory(project=project, name="Second MoU", **SIGNED)
    client.force_login(viewer)

    html = client.get(reverse("reports:frozen_compare", args=[frozen.pk])).content.decode()

    second = project.agreements.get(name="Second MoU")
    drilldown = reverse("kpis:indicator", args=["ELCA", "WP3-2"]) + "?period=2"
    assert (
        '<tr data-code="WP3-2"><td>WP3-2 Number of Cluster Cooperation Agreements</td>'
        f'<td><a href="#frozen-wp3-2">1</a></td><td><a href="{drilldown}">2</a></td>' in html
    )
    assert f'<a href="{second.get_absolute_url()}">Second MoU</a>' in html
    assert "Rows added since the freeze (1)" in html and "Rows deleted or no longer in the period (0)" in html
    pdf = client.get(reverse("reports:frozen_download", args=[frozen.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_unchanged_records_compare_clean(client, frozen, coordinator):
    client.force_login(coordinator)

    html = client.get(reverse("reports:frozen_compare", args=[frozen.pk])).content.decode()

    preview = reverse("reports:preview", args=["ELCA", "d32", 2])
    assert f'No changes: today\'s records give the same report (<a href="{preview}">4 rows</a>).' in html


def test_outsider_cannot_see_a_frozen_report(client, frozen, outsider):
    client.force_login(outsider)

    assert client.get(reverse("reports:frozen_compare", args=[frozen.pk])).status_code == 404
    assert client.get(reverse("reports:frozen_download", args=[frozen.pk, "pdf"])).status_code == 404


@pytest.fixture
def meetings_indicator(wp3):
    """An indicator whose records no D3.2 table lists (consortium meetings): only its number shows them."""
    return Indicator.objects.create(
        indicator_set=wp3,
        code="WP3-9",
        position=9,
        title="Consortium meetings",
        mode="counted",
        counting_rule=library_rule(wp3.project, "consortium_meetings"),
    )


def test_records_behind_a_moved_number_count_as_rows_added_even_outside_the_tables(
    project, periods, meetings_indicator, coordinator
):
    first = EventFactory(project=project, name="Kick-off", category=Event.Category.CONSORTIUM_MEETING)
    frozen = report_freeze(project=project, period=periods[1], kind="d32", user=coordinator)
    second = EventFactory(project=project, name="Second meeting", category=Event.Category.CONSORTIUM_MEETING)

    diff = compare(frozen)

    moved = {m["code"]: m for m in diff["moved"]}["WP3-9"]
    assert (moved["frozen"], moved["now"]) == (1, 2)
    assert [(r["name"], r["url"]) for r in moved["added"]] == [("Second meeting", second.get_absolute_url())]
    assert [(r["name"], r["url"]) for r in moved["frozen_records"]] == [
        ("Kick-off", first.get_absolute_url())
    ]
    assert [(r["name"], r["table"]) for r in diff["added"]] == [("Second meeting", "counted in WP3-9")]


def test_records_that_left_a_number_are_named_even_when_deleted(
    project, periods, meetings_indicator, coordinator
):
    EventFactory(project=project, name="Kick-off", category=Event.Category.CONSORTIUM_MEETING)
    gone = EventFactory(project=project, name="Cancelled meeting", category=Event.Category.CONSORTIUM_MEETING)
    frozen = report_freeze(project=project, period=periods[1], kind="d32", user=coordinator)
    gone.delete()

    diff = compare(frozen)

    moved = {m["code"]: m for m in diff["moved"]}["WP3-9"]
    assert (moved["frozen"], moved["now"]) == (2, 1)
    assert [r["name"] for r in moved["removed"]] == ["Cancelled meeting"]
    assert [r["name"] for r in diff["deleted"]] == ["Cancelled meeting"]


def test_compare_page_links_every_number_and_record(
    client, project, periods, meetings_indicator, coordinator
):
    EventFactory(project=project, name="Kick-off", category=Event.Category.CONSORTIUM_MEETING)
    frozen = report_freeze(project=project, period=periods[1], kind="d32", user=coordinator)
    second = EventFactory(project=project, name="Second meeting", category=Event.Category.CONSORTIUM_MEETING)
    client.force_login(coordinator)

    html = client.get(reverse("reports:frozen_compare", args=[frozen.pk])).content.decode()

    drilldown = reverse("kpis:indicator", args=["ELCA", "WP3-9"]) + "?period=2"
    assert f'<td><a href="#frozen-wp3-9">1</a></td><td><a href="{drilldown}">2</a></td>' in html
    assert '<details id="frozen-wp3-9">' in html
    assert html.count(f'<a href="{second.get_absolute_url()}">Second meeting</a>') == 2  # moved, rows added
    assert "Rows added since the freeze (1)" in html
    assert '<a href="#added">1 row added</a>' in html and '<a href="#moved">1 number moved</a>' in html


@pytest.mark.parametrize("rows", [1, 3])
def test_compare_page_query_count(
    client, project, periods, meetings_indicator, coordinator, rows, django_assert_num_queries
):
    for n in range(rows):
        EventFactory(project=project, name=f"Meeting {n}", category=Event.Category.CONSORTIUM_MEETING)
        AgreementFactory(project=project, name=f"MoU {n}", **SIGNED)
    frozen = report_freeze(project=project, period=periods[1], kind="d32", user=coordinator)
    for n in range(rows):
        EventFactory(project=project, name=f"Later {n}", category=Event.Category.CONSORTIUM_MEETING)
    client.force_login(coordinator)

    # 1 session, 2 user, 3 the frozen report with its project, period and who froze it; today's D3.2:
    # 4 periods, 5-8 partners, indicator sets, indicators, targets; 9 the figures, record ids and names of
    # both rules (one grouped query); 10-14 the tables' rows, one query per record kind (and 12 the
    # agreements' responsible partners); 15 the event tables' category names; 16 the plan; 17 data as of
    # (one query); 18 the frozen files' formats. Record links need none.
    with django_assert_num_queries(18):
        response = client.get(reverse("reports:frozen_compare", args=[frozen.pk]))

    assert len(response.context["diff"]["added"]) == rows


def _new_layout(build):
    """Today's report in a later release's layout: every table gets a column more, the first two swapped."""

    def built(*args, **kwargs):
        ctx = build(*args, **kwargs)
        for table in ctx["tables"]:
            table["columns"] = [*table["columns"][1::-1], *table["columns"][2:], {"key": "added_later"}]
            for row in table["rows"]:
                row["cells"] = [*row["cells"][1::-1], *row["cells"][2:], "new column"]
        return ctx

    return built


def test_a_new_column_or_column_order_does_not_make_every_frozen_row_changed(project, frozen, monkeypatch):
    from reports import formats

    monkeypatch.setattr(formats, "build", _new_layout(formats.build))
    renamed = project.engagements.get(name="To be renamed")
    renamed.name = "Renamed"
    renamed.save()

    diff = compare(frozen)

    assert [r["name"] for r in diff["changed"]] == ["Renamed"]
    assert diff["unchanged"] == 3  # Kept, To be deleted, MoU


def test_a_row_frozen_before_cell_fingerprints_is_compared_whole(project, frozen):
    frozen.records = [{k: v for k, v in row.items() if k != "cells"} for row in frozen.records]
    frozen.save()
    project.engagements.filter(name="Kept").update(description="Now described")

    diff = compare(frozen)

    assert [r["name"] for r in diff["changed"]] == ["Kept"]
