"""narrative.assemble: a period's texts as the report builder takes them, in a fixed number of queries."""

import io
from datetime import date

import pytest
from django.utils import timezone
from PIL import Image

from consortium.models import Task, WorkPackage
from narrative.assemble import assemble, code_order
from narrative.models import Contribution, Status, Text
from tests.factories import PeriodFactory
from workspace.evidence import check_upload, store_evidence


@pytest.fixture
def period(project):
    return PeriodFactory(project=project, number=1, start_date=date(2020, 9, 1), end_date=date(2021, 2, 28))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


def attach(record, content: bytes, name: str):
    upload = io.BytesIO(content)
    upload.name, upload.size = name, len(content)
    return store_evidence(record=record, files=[check_upload(upload)], user=None)[0]


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(out, "PNG")
    return out.getvalue()


def pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=100, height=100)
    writer.write(out)
    return out.getvalue()


def test_code_order_is_the_work_plans():
    assert sorted(["1.10", "1.2", "2.1", "1.1"], key=code_order) == ["1.1", "1.2", "1.10", "2.1"]


def test_texts_declaration_comments_and_numbers(project, period):
    from kpis.models import Indicator, IndicatorSet

    calls = IndicatorSet.objects.create(project=project, code="CALL", title="Call")
    indicator = Indicator.objects.create(
        indicator_set=calls, code="CALL-1", position=1, title="Clusters", target=12, mode="reported"
    )
    Text.objects.create(project=project, period=period, key="summary", body="We reached [[CALL-1]] clusters.")
    Text.objects.create(project=project, period=period, key="i4.problems", body="*None.*")
    Text.objects.create(
        project=project,
        period=period,
        key="declaration",
        choice="most",
        fields={"Name and position of Co-ordinator's Legal Representative (LEAR)": "A. Person, LEAR"},
    )
    Text.objects.create(project=project, period=period, key="ii1", indicator=indicator, body="Starts **M9**.")

    got = assemble(project, period, numbers={"CALL-1": 7})

    assert got["texts"]["summary"] == "<p>We reached 7 clusters.</p>"
    assert got["texts"]["i4.problems"] == "<p><em>None.</em></p>" and got["texts"]["i1"] == ""
    assert got["declaration"]["choice_text"].startswith("has achieved most of its objectives")
    assert got["comments"] == {"CALL-1": "Starts M9."}


def test_only_images_of_this_projects_period_texts_and_contributions(project, period, amz, media):
    wp = WorkPackage.objects.create(project=project, number=1, title="WP")
    task = Task.objects.create(work_package=wp, code="1.1", title="Task")
    summary = Text.objects.create(project=project, period=period, key="summary", status=Status.ACCEPTED)
    contribution = Contribution.objects.create(project=project, period=period, task=task, partner=amz)
    later = Text.objects.create(
        project=project, period=PeriodFactory(project=project, number=2), key="summary"
    )
    shown = attach(summary, png(), "a.png")
    contributed = attach(contribution, png(), "b.png")
    attach(later, png(), "c.png")  # another period's
    attach(summary, pdf(), "d.pdf")  # evidence, not an image
    removed = attach(summary, png(), "e.png")
    removed.removed_at = timezone.now()
    removed.save()

    images = assemble(project, period)["images"]

    assert sorted(images) == sorted([shown.pk, contributed.pk])
    assert images[shown.pk][0] == "image/png" and images[shown.pk][1].startswith(b"\x89PNG")


@pytest.mark.parametrize("count", [1, 3])
def test_query_count_does_not_grow_with_texts_work_packages_and_tasks(
    project, period, count, django_assert_num_queries
):
    for n in range(1, count + 1):
        wp = WorkPackage.objects.create(project=project, number=n, title=f"WP{n}")
        task = Task.objects.create(work_package=wp, code=f"{n}.1", title="Task")
        Text.objects.create(project=project, period=period, key="i2", task=task, body="Done.")
        Text.objects.create(project=project, period=period, key="i2", work_package=wp, body="WP done.")
    assemble(project, period)  # the content types are cached after the first call

    # texts, images (one query, its two id lists as subqueries), work packages, tasks
    with django_assert_num_queries(4):
        got = assemble(project, period)

    assert [len(wp["tasks"]) for wp in got["work_packages"]["i2"]] == [1] * count
