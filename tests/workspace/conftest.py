"""Fixtures for the partner workspace: records of each partner, evidence files, a private MEDIA_ROOT."""

import io
import zipfile

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter

from agreements.models import CooperationCase, SectorInvolvement
from kpis.models import PlanItem
from tests.factories import AgreementFactory, OrganisationFactory, _RecordFactory


class SectorInvolvementFactory(_RecordFactory):
    class Meta:
        model = SectorInvolvement
        skip_postgeneration_save = True


class CooperationCaseFactory(_RecordFactory):
    class Meta:
        model = CooperationCase
        skip_postgeneration_save = True

    by = "cluster"
    partner_country = "IN"
    case_type = 1
    objective = 1


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem
        skip_postgeneration_save = True

    position = factory.Sequence(lambda n: n + 1)
    month = 6
    activity = factory.Sequence(lambda n: f"Activity {n}")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Every test writes its evidence files into its own empty directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def stored_bytes(root) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


@pytest.fixture
def mav_agreement(project, mav):
    return AgreementFactory(
        project=project, name="MAV-Chile SME agreement", kind="sme_sme", responsible=[mav]
    )


@pytest.fixture
def amz_agreement(project, amz):
    return AgreementFactory(project=project, name="AMZ-Michigan cluster MoU", responsible=[amz])


@pytest.fixture
def organisation(project):
    return OrganisationFactory(project=project, name="Cluster Chile", country="CL")


# -- evidence corpus -------------------------------------------------------------------------------------
def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, format="JPEG")
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><document/>')
    return out.getvalue()


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active["A1"] = "signed"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CORPUS = {
    # name: (bytes factory, accepted?)
    "agreement.pdf": (pdf_bytes, True),
    "photo.png": (png_bytes, True),
    "photo.jpg": (jpeg_bytes, True),
    "minutes.docx": (docx_bytes, True),
    "participants.xlsx": (xlsx_bytes, True),
    "fake.pdf": (lambda: b"%PDF-1.4\nnot really a pdf\n%%EOF", False),
    "polyglot.pdf": (lambda: b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + pdf_bytes()[9:], False),
    "setup.pdf": (lambda: b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500, False),
    "empty.pdf": (lambda: b"", False),
    "huge.pdf": (lambda: b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), False),
}


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    if data is None:
        data = CORPUS[name][0]()
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
