"""The progress report's texts in HTML, PDF and DOCX: what a text may hold (formatting, links, images) comes
out in all three formats; what it must not (scripts, event attributes, javascript: links, another project's
image) comes out in none. A frozen report keeps its texts; the preview's query count does not grow."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from PIL import Image

from consortium.models import Task, WorkPackage
from narrative.models import Contribution, Status, Text
from reports import codec
from reports.docx_render import render_docx
from reports.freeze import report_freeze
from reports.models import FrozenFile
from reports.progress import build_progress
from reports.render import render_html, render_pdf
from tests.factories import PeriodFactory, ProjectFactory
from tests.reports.test_renderers import pdf_text
from workspace.evidence import check_upload, store_evidence

HOSTILE = (
    "Merged <script>alert('x')</script> and <img src=x onerror=alert(1)> "
    "[click](javascript:alert(1)) <a href='javascript:alert(2)'>raw</a>"
)


@pytest.fixture
def plan(project):
    wp1 = WorkPackage.objects.create(project=project, number=1, title="Intelligence")
    WorkPackage.objects.create(project=project, number=5, title="Project management")  # no tasks, no text
    return {
        "wp1": wp1,
        "t2": Task.objects.create(work_package=wp1, code="1.2", title="Competences"),
        "t10": Task.objects.create(work_package=wp1, code="1.10", title="Tenth"),
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


def text(project, period, key, body, **about):
    return Text.objects.create(
        project=project, period=period, key=key, body=body, status=Status.ACCEPTED, **about
    )


def png(colour="red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 400), colour).save(out, "PNG")
    return out.getvalue()


def attach(record, content: bytes, name="shot.png"):
    """An image attached to a text as the pages attach one: checked, then stored (workspace/evidence.py)."""
    upload = io.BytesIO(content)
    upload.name, upload.size = name, len(content)
    return store_evidence(record=record, files=[check_upload(upload)], user=None)[0]


def section(ctx, key):
    return next(s for s in ctx["sections"] if s["key"] == key)


def docx_text(ctx) -> str:
    doc = Document(io.BytesIO(render_docx(ctx)))
    return "\n".join(p.text for p in doc.paragraphs), doc


def pdf_words(ctx) -> str:
    return " ".join(pdf_text(render_pdf(ctx)).split())


def test_formatting_reaches_html_pdf_and_docx(project, periods, plan):
    text(
        project,
        periods[0],
        "summary",
        "**Bold start** and *italic* and ~~gone~~, see [the site](https://example.org/elca).\n\n"
        "1. first\n2. second\n   - nested\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    )
    ctx = build_progress(project, periods[0])

    html = section(ctx, "summary")["html"]
    assert "<strong>Bold start</strong>" in html and "<s>gone</s>" in html and "<table>" in html
    words, doc = docx_text(ctx)
    assert "1. first" in words and "2. second" in words and "• nested" in words
    runs = {r.text: r for p in doc.paragraphs for r in p.runs}
    assert runs["Bold start"].bold and runs["italic"].italic and runs["gone"].font.strike
    assert "https://example.org/elca" in [r.target_ref for r in doc.part.rels.values() if r.is_external]
    assert any(t.cell(1, 1).text == "2" for t in doc.tables)
    assert "Bold start and italic and gone, see the site." in pdf_words(ctx)


def test_tasks_in_code_order_and_a_work_package_without_tasks_or_text_left_out(project, periods, plan):
    text(project, periods[0], "i2", "Ten", task=plan["t10"])
    text(project, periods[0], "i2", "Two", task=plan["t2"])

    wps = section(build_progress(project, periods[0]), "i2")["work_packages"]

    assert [wp["number"] for wp in wps] == [1]
    assert [(t["code"], t["html"]) for t in wps[0]["tasks"]] == [
        ("1.2", "<p>Two</p>"),
        ("1.10", "<p>Ten</p>"),
    ]


def test_hostile_text_is_inert_in_html_pdf_and_docx(project, periods, plan, amz):
    # A partner's contribution with the attack, merged as it is into the task's text by its leader.
    contribution = Contribution.objects.create(
        project=project, period=periods[0], task=plan["t2"], partner=amz, body=HOSTILE
    )
    text(project, periods[0], "i2", contribution.body, task=plan["t2"])
    text(project, periods[0], "ii7", HOSTILE)
    ctx = build_progress(project, periods[0])

    html = render_html(ctx)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert not re.search(r"<[^>]*(onerror|javascript:)", html)  # only as escaped text, never in a tag
    assert "&lt;script&gt;alert" in html  # shown as the text it is
    words, doc = docx_text(ctx)
    assert "<script>alert('x')</script>" in words  # text, never markup
    assert not [r for r in doc.part.rels.values() if r.is_external and "javascript" in r.target_ref]
    assert "<script>alert('x')</script>" in pdf_words(ctx)


def test_images_of_the_period_appear_in_html_pdf_and_docx_and_no_others(
    project, periods, plan, media, tmp_path
):
    summary = text(project, periods[0], "summary", "")
    mine = attach(summary, png())
    elsewhere = ProjectFactory(acronym="OTHER")
    other_period = PeriodFactory(project=elsewhere, number=1)
    foreign = attach(text(elsewhere, other_period, "summary", "x"), png("blue"))
    summary.body = f"Our meeting:\n\n![Jour fixe](image:{mine.pk})\n\n![stolen](image:{foreign.pk})"
    summary.save()

    ctx = build_progress(project, periods[0])

    assert list(ctx["images"]) == [str(mine.pk)]
    html = render_html(ctx)
    assert html.count("data:image/png;base64,") == 1 and f"images/{foreign.pk}" not in html
    _, doc = docx_text(ctx)
    assert len(doc.inline_shapes) == 1
    section_width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    assert doc.inline_shapes[0].width <= section_width  # fitted to the page
    if not Path("/usr/bin/pdfimages").exists():
        pytest.skip("/usr/bin/pdfimages is missing (apt-get install -y poppler-utils)")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(ctx))
    listed = subprocess.run(  # noqa: S603 - fixed argv
        ["/usr/bin/pdfimages", "-list", str(pdf)], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    assert len(listed.splitlines()) == 3  # its header, a rule and the one image


def test_a_frozen_report_keeps_its_texts_after_a_later_edit(project, periods, plan, coordinator):
    summary = text(project, periods[0], "summary", "As **submitted** in June.")
    frozen = report_freeze(project=project, period=periods[0], kind="progress", user=coordinator)

    summary.body = "Rewritten later."
    summary.save()

    kept = codec.loads(frozen.context)
    assert section(kept, "summary")["html"] == "<p>As <strong>submitted</strong> in June.</p>"
    docx = FrozenFile.objects.get(report=frozen, format="docx").content
    words = "\n".join(p.text for p in Document(io.BytesIO(bytes(docx))).paragraphs)
    assert "As submitted in June." in words and "Rewritten later." not in words


# The preview's queries whatever the number of texts: the report's own (records, indicators, plan) and the
# narrative's fixed few (texts, images, work packages, tasks; narrative/assemble.py) and II.8's activities.
PREVIEW_QUERIES = 20


@pytest.mark.parametrize("texts", [1, 3])
def test_preview_query_count(client, project, periods, plan, viewer, texts, django_assert_num_queries):
    for key in ["summary", "i1", "ii7"][:texts]:
        text(project, periods[0], key, f"The {key} text.")
    client.force_login(viewer)
    url = reverse("reports:preview", args=[project.acronym, "progress", 1])

    with django_assert_num_queries(PREVIEW_QUERIES):
        response = client.get(url)

    assert response.content.decode().count("text.</p>") == texts


def test_an_edited_text_moves_the_reports_data_as_of(project, periods, plan):
    summary = text(project, periods[0], "summary", "First.")
    before = build_progress(project, periods[0])["meta"]["data_as_of"]

    summary.body = "Second."
    summary.save()

    assert build_progress(project, periods[0])["meta"]["data_as_of"] > before  # no stale export reused
