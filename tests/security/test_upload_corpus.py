"""R8, beyond the ten files of tests/workspace/test_evidence.py (valid PDF, PNG, JPEG, DOCX, XLSX; fake
PDF, HTML/PDF polyglot, EXE renamed, empty, oversized): a zip bomb, web pages and SVG in disguise, a
truncated PDF, a zip without its content types, GIF and WebP, a path in the file name; and the same
checks through a record's create form, where a refused file must leave no record either."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agreements.views import AGREEMENTS
from tests.security.conftest import stored_bytes
from tests.security.records import pdf_bytes
from workspace.evidence import MAX_UNZIPPED_BYTES
from workspace.models import Evidence


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(out, format=fmt)
    return out.getvalue()


def _office(parts: dict, declared_size: int | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        if declared_size:
            # What a zip bomb says of itself: a small file that expands to more than the limit.
            archive.infolist()[-1].file_size = declared_size
    return out.getvalue()


DOCX_PARTS = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<document/>"}
EXTRA_CORPUS = {
    # name: (bytes, accepted?)
    "animation.gif": (_image("GIF"), True),
    "photo.webp": (_image("WEBP"), True),
    "slides.pptx": (_office({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"}), True),
    "../../../etc/passwd.pdf": (pdf_bytes(), True),
    "bomb.docx": (_office({**DOCX_PARTS, "word/media/zeros.bin": "0" * 1000}, MAX_UNZIPPED_BYTES + 1), False),
    "no-types.docx": (_office({"word/document.xml": "<document/>"}), False),
    "page.pdf": (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", False),
    "drawing.png": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', False),
    "truncated.pdf": (pdf_bytes()[:200], False),
    "script.sh.jpg": (b"#!/bin/sh\nrm -rf /\n", False),
}
ACCEPTED = sorted(name for name, (_, ok) in EXTRA_CORPUS.items() if ok)
REJECTED = sorted(name for name, (_, ok) in EXTRA_CORPUS.items() if not ok)


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EXTRA_CORPUS[name][0], content_type="application/pdf")


@pytest.fixture
def agreement(world):
    return world.record(AGREEMENTS, "A")


@pytest.mark.parametrize("name", ACCEPTED)
def test_allowed_files_are_stored_under_a_generated_name(client, users, agreement, media, name):
    client.force_login(users["amz_staff"])

    response = client.post(AGREEMENTS.url("evidence", agreement.pk), {"evidence": upload(name)})

    assert response.status_code == 302
    (row,) = Evidence.objects.all()
    stored = media / row.file.name
    assert row.original_name == name.rsplit("/", 1)[-1]  # kept as data only, without the path
    generated = row.file.name
    assert generated.startswith("evidence/") and ".." not in generated and row.original_name not in generated
    assert stored.resolve().is_relative_to(media.resolve()) and stored.read_bytes() == EXTRA_CORPUS[name][0]
    assert stored_bytes(media) == row.size


@pytest.mark.parametrize("name", REJECTED)
def test_refused_files_leave_no_row_and_no_byte(client, users, agreement, media, name):
    client.force_login(users["amz_staff"])

    response = client.post(AGREEMENTS.url("evidence", agreement.pk), {"evidence": upload(name)}, follow=True)

    assert (Evidence.objects.count(), stored_bytes(media)) == (0, 0)
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith("Nothing was added: ") and name in message


@pytest.mark.parametrize("name", ["bomb.docx", "page.pdf"])
def test_a_refused_file_on_the_create_form_saves_no_record(client, world, users, media, name):
    client.force_login(users["amz_staff"])
    data = world.create_data(AGREEMENTS, "amz_staff")
    count = AGREEMENTS.model.objects.count()

    response = client.post(AGREEMENTS.url("create"), {**data, "evidence": upload(name)})

    assert response.status_code == 200 and name in str(response.context["form"].errors["evidence"])
    assert (AGREEMENTS.model.objects.count(), Evidence.objects.count(), stored_bytes(media)) == (count, 0, 0)


def test_an_allowed_file_on_the_create_form_is_stored_with_the_record(client, world, users, media):
    client.force_login(users["amz_staff"])
    data = world.create_data(AGREEMENTS, "amz_staff")

    response = client.post(AGREEMENTS.url("create"), {**data, "evidence": upload("animation.gif")})

    assert response.status_code == 302
    (row,) = Evidence.objects.all()
    assert row.record.name == data["name"] and row.mime_type == "image/gif"
    assert stored_bytes(media) == row.size
