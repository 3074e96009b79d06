"""R10, R11: hostile text posted into every create and edit form of every record kind.

Every answer is a page (no 500): a clear validation error, or the record saved. What is saved appears
escaped on the detail and list pages (never run, never a link) and as plain text in the XLSX and CSV
downloads (no formula cell). The D3.2 report gets the same treatment in HTML, PDF and XLSX.
"""

import io
import os

import pytest
from django import forms
from hypothesis import given, settings
from pypdf import PdfReader

from reports import formats
from tests.security.hostile import (
    CLASSICS,
    audit_csv,
    audit_html,
    audit_xlsx,
    hostile_text,
    page_text,
)
from tests.security.urlwalk import all_patterns
from workspace.forms import VagueDateField

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "security"))
KINDS = {p.kind.slug: p.kind for p in all_patterns() if p.kind is not None}


def _text_fields(form) -> tuple[list[str], list[str]]:
    """The form's free-text fields, and the text boxes that must parse (web addresses, vague dates)."""
    free, parsed = [], []
    for name, field in form.fields.items():
        if isinstance(field, VagueDateField | forms.URLField | forms.EmailField | forms.SlugField):
            parsed.append(name)
        elif type(field) is forms.CharField:
            free.append(name)
    return free, parsed


def _stored_texts(record, names) -> list[str]:
    record.refresh_from_db()
    return [getattr(record, name) for name in names if isinstance(getattr(record, name, None), str)]


def _check_detail_page(client, record, texts):
    detail = client.get(record.get_absolute_url())
    assert detail.status_code == 200
    html = detail.content.decode()
    assert audit_html(html, texts) == []
    assert str(record).strip() in page_text(html)  # shown, as text


def _check_list_and_downloads(client, kind, texts):
    """Once per kind, with every record the examples saved: the list page, its XLSX and CSV."""
    listing = client.get(kind.url("list") + "?per_page=500")
    assert listing.status_code == 200
    assert audit_html(listing.content.decode(), texts) == []
    workbook = client.get(kind.url("list") + "?export=xlsx")
    assert workbook.status_code == 200
    assert audit_xlsx(workbook.content, texts) == []
    sheet = client.get(kind.url("list") + "?export=csv")
    assert sheet.status_code == 200
    assert audit_csv(sheet.content) == []


def _answered(response) -> bool:
    """A redirect after saving, or the form again with a message saying what is wrong."""
    if response.status_code == 302:
        return True
    form = response.context and response.context.get("form")
    return response.status_code == 200 and form is not None and bool(form.errors)


@pytest.mark.parametrize("slug", sorted(KINDS))
def test_hostile_text_in_every_form_is_refused_or_stored_and_shown_escaped(slug, client, world, users):
    kind = KINDS[slug]
    client.force_login(users["coordinator"])
    base = world.create_data(kind)
    record = world.record(kind, "A")
    form = kind.form_class(project=world.project, membership=world.membership("coordinator"))
    free, parsed = _text_fields(form)
    model = kind.model
    saved = []

    @given(text=hostile_text)
    def post_hostile(text):
        # Create: every free-text field gets the text.
        known = set(model.objects.values_list("pk", flat=True))
        response = client.post(kind.url("create"), {**base, **dict.fromkeys(free, text)})
        assert _answered(response), f"create answered {response.status_code}"
        if response.status_code == 302:
            (new,) = model.objects.exclude(pk__in=known)
            saved.extend(_stored_texts(new, free))
            _check_detail_page(client, new, _stored_texts(new, free))
        # Edit: the same, on an existing record (its current version, so no conflict).
        record.refresh_from_db()
        data = {**world.edit_data(kind, record), **dict.fromkeys(free, text)}
        response = client.post(kind.url("edit", record.pk), data)
        assert _answered(response), f"edit answered {response.status_code}"
        if response.status_code == 302:
            saved.extend(_stored_texts(record, free))
            _check_detail_page(client, record, _stored_texts(record, free))
        # The boxes that must parse (dates, web addresses) refuse it with a message, or understand it.
        if parsed:
            response = client.post(kind.url("create"), {**base, **dict.fromkeys(parsed, text)})
            assert _answered(response), f"create with {parsed} answered {response.status_code}"

    post_hostile()
    assert saved, "no example was saved: the strategy only produced refusals"
    _check_list_and_downloads(client, kind, saved)


@pytest.mark.parametrize("text", CLASSICS)
def test_hostile_review_comment_and_file_name_are_shown_escaped(text, client, world, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from agreements.views import AGREEMENTS
    from tests.security.records import pdf_bytes

    record = world.record(AGREEMENTS, "A")
    client.force_login(users["coordinator"])
    upload = SimpleUploadedFile(f"{text}.pdf", pdf_bytes(), content_type="application/pdf")
    assert client.post(AGREEMENTS.url("evidence", record.pk), {"evidence": upload}).status_code == 302
    response = client.post(AGREEMENTS.url("review", record.pk), {"action": "return", "comment": text})
    assert response.status_code == 302

    html = client.get(record.get_absolute_url()).content.decode()

    assert audit_html(html, [text]) == []
    shown = page_text(html)
    assert text.strip().replace("\r", "") in shown.replace("\r", "")


# -- the D3.2 report ------------------------------------------------------------------------------------
@pytest.fixture
def hostile_records(world):
    """One record of every D3.2 table kind per classic payload, in every text column (undated: they
    appear in the report of the last period)."""
    from agreements.models import Agreement
    from tests.factories import AgreementFactory, EngagementFactory, EventFactory

    amz = world.partners["A"]
    for number, text in enumerate(CLASSICS):
        common = {"project": world.project, "name": text, "responsible": [amz], "responsible_text": text}
        long = {"description": text, "dates_location": text, "expectations_results": text}
        EngagementFactory(**common, **long)
        AgreementFactory(**common, **long, kind=Agreement.Kind.CLUSTER_CLUSTER, status="signed")
        EventFactory(**common, **long)
        world.record(KINDS["plan"], "A").__class__.objects.create(
            project=world.project, position=100 + number, month=3, activity=text, status=text
        )
    return CLASSICS


def test_d32_report_shows_hostile_text_escaped_in_html_pdf_and_xlsx(world, hostile_records):
    ctx = formats.build("d32", world.project, world.periods[-1])

    html = formats.render(ctx, "html").decode()
    workbook = formats.render(ctx, "xlsx")
    pdf = formats.render(ctx, "pdf")

    assert audit_html(html, hostile_records) == []
    shown = page_text(html)
    for text in hostile_records:
        assert text.strip().replace("\r", "") in shown.replace("\r", "")
    assert audit_xlsx(workbook, hostile_records) == []
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "<script>alert(1)</script>" in pdf_text.replace("\x00", "").replace("\n", "")


def test_progress_report_xlsx_has_no_formula_cells(world, hostile_records):
    ctx = formats.build("progress", world.project, world.periods[-1])

    assert audit_xlsx(formats.render(ctx, "xlsx")) == []
    assert audit_html(formats.render(ctx, "html").decode(), hostile_records) == []
