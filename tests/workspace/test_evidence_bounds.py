"""Issue 12, S4: the work one upload can cause is bounded: at most EVIDENCE_MAX_FILES files, and their
office documents may unpack to at most EVIDENCE_MAX_UNZIPPED_BYTES together, read from the zip directories
before anything is unpacked. bench/bench_evidence.py measures the CPU time this saves."""

import io
import zipfile

import pytest
from django.urls import reverse

from tests.workspace.conftest import stored_bytes, upload
from workspace import evidence
from workspace.models import Evidence

MB = 1024 * 1024


def docx(unpacked: int, declared: int | None = None) -> bytes:
    """A Word document with a part of `unpacked` zero bytes (a tiny file), its directory saying `declared`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/media/zeros.bin", b"\0" * unpacked)
        if declared is not None:
            archive.infolist()[-1].file_size = declared
    return out.getvalue()


@pytest.fixture
def unpacked(monkeypatch):
    """The names of the zip files whose parts were unpacked (ZipFile.testzip reads every part)."""
    names, real = [], zipfile.ZipFile.testzip

    def testzip(archive):
        names.append(archive.filename or len(names))
        return real(archive)

    monkeypatch.setattr(zipfile.ZipFile, "testzip", testzip)
    return names


def test_more_files_than_allowed_are_refused_before_any_is_read(
    client, mav_staff, mav_agreement, media, settings, monkeypatch
):
    settings.EVIDENCE_MAX_FILES = 3
    read = []
    monkeypatch.setattr(evidence, "_read", lambda u: read.append(u.name))
    client.force_login(mav_staff)

    response = client.post(
        reverse("agreements:agreement_evidence", args=[mav_agreement.pk]),
        {"evidence": [upload("agreement.pdf") for _ in range(4)]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was added: Choose at most 3 files at once (you chose 4); add the others afterwards."
    ]
    assert (read, Evidence.objects.count(), stored_bytes(media)) == ([], 0, 0)


def test_ten_files_are_allowed_by_default(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)

    client.post(
        reverse("agreements:agreement_evidence", args=[mav_agreement.pk]),
        {"evidence": [upload("photo.png") for _ in range(10)]},
    )

    assert Evidence.objects.count() == 10


def test_office_documents_of_one_upload_unpack_to_the_budget_together(
    client, mav_staff, mav_agreement, media, settings, unpacked
):
    settings.EVIDENCE_MAX_UNZIPPED_BYTES = 1 * MB
    client.force_login(mav_staff)
    files = [upload(f"part-{n}.docx", docx(MB * 6 // 10)) for n in range(3)]

    response = client.post(
        reverse("agreements:agreement_evidence", args=[mav_agreement.pk]), {"evidence": files}, follow=True
    )

    (message,) = [str(m) for m in response.context["messages"]]
    assert message == (
        "Nothing was added: 'part-1.docx' was not checked: the office documents of one upload may unpack "
        "to at most 1 MB together. Add it on its own. 'part-2.docx' was not checked: the office documents "
        "of one upload may unpack to at most 1 MB together. Add it on its own."
    )
    assert len(unpacked) == 1  # only the first, within the budget, was unpacked
    assert (Evidence.objects.count(), stored_bytes(media)) == (0, 0)


def test_a_document_within_the_budget_is_accepted(client, mav_staff, mav_agreement, settings):
    settings.EVIDENCE_MAX_UNZIPPED_BYTES = 1 * MB
    client.force_login(mav_staff)

    client.post(
        reverse("agreements:agreement_evidence", args=[mav_agreement.pk]),
        {"evidence": upload("report.docx", docx(MB // 2))},
    )

    assert Evidence.objects.get().original_name == "report.docx"


def test_a_document_whose_directory_understates_its_size_is_refused(client, mav_staff, mav_agreement, media):
    """The declared sizes bound the work: a part that unpacks to more than it declares fails its check."""
    client.force_login(mav_staff)
    liar = upload("liar.docx", docx(2 * MB, declared=1000))

    response = client.post(
        reverse("agreements:agreement_evidence", args=[mav_agreement.pk]), {"evidence": liar}, follow=True
    )

    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith("Nothing was added: 'liar.docx' is not a PDF, PNG, JPEG")
    assert (Evidence.objects.count(), stored_bytes(media)) == (0, 0)


def test_a_document_declaring_more_than_200_mb_is_refused_unopened(
    client, mav_staff, mav_agreement, unpacked
):
    client.force_login(mav_staff)
    bomb = upload("bomb.xlsx", docx(1000, declared=evidence.MAX_UNZIPPED_BYTES + 1))

    response = client.post(
        reverse("agreements:agreement_evidence", args=[mav_agreement.pk]), {"evidence": bomb}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was added: 'bomb.xlsx' unpacks to more than 200 MB; it is refused unopened."
    ]
    assert unpacked == []


def test_the_create_form_applies_the_same_bounds(client, mav_staff, settings):
    settings.EVIDENCE_MAX_FILES = 2
    client.force_login(mav_staff)

    response = client.post(
        reverse("agreements:agreement_create"),
        {"kind": "sme_sme", "status": "identified", "name": "Bounded", "evidence": [upload("photo.png")] * 3},
    )

    assert response.context["form"].errors["evidence"] == [
        "Choose at most 2 files at once (you chose 3); add the others afterwards."
    ]
