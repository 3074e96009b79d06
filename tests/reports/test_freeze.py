"""A frozen report keeps its numbers, rows and files; the compare page says what moved since."""

from datetime import date

import pytest
from django.urls import reverse

from reports import codec
from reports.freeze import compare, report_freeze
from reports.models import FrozenFile
from tests.factories import AgreementFactory, EngagementFactory

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

    assert [r["name"] for r in diff["added"]] == ["Second MoU"]
    assert [r["name"] for r in diff["changed"]] == ["Renamed"]
    assert [r["name"] for r in diff["deleted"]] == ["To be deleted"]
    assert diff["moved"] == [
        {"code": "WP3-2", "title": "Number of Cluster Cooperation Agreements", "frozen": 1, "now": 2}
    ]


def test_compare_page_shows_the_differences_to_every_member(client, project, frozen, viewer):
    AgreementFactory(project=project, name="Second MoU", **SIGNED)
    client.force_login(viewer)

    html = client.get(reverse("reports:frozen_compare", args=[frozen.pk])).content.decode()

    assert (
        '<tr data-code="WP3-2"><td>WP3-2 Number of Cluster Cooperation Agreements</td>'
        "<td>1</td><td>2</td></tr>" in html
    )
    assert "Second MoU" in html and "Rows deleted or no longer in the period (0)" in html
    pdf = client.get(reverse("reports:frozen_download", args=[frozen.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_unchanged_records_compare_clean(client, frozen, coordinator):
    client.force_login(coordinator)

    html = client.get(reverse("reports:frozen_compare", args=[frozen.pk])).content.decode()

    assert "No changes: today's records give the same report (4 rows)." in html


def test_outsider_cannot_see_a_frozen_report(client, frozen, outsider):
    client.force_login(outsider)

    assert client.get(reverse("reports:frozen_compare", args=[frozen.pk])).status_code == 404
    assert client.get(reverse("reports:frozen_download", args=[frozen.pk, "pdf"])).status_code == 404
