"""Evidence uploads: the type is read from the content, never from the name (RELIABILITY.md R8, R15).

Accepted: PDF (parsed by pypdf in strict mode, so a `%PDF-` prefix alone is not enough), PNG, JPEG, GIF,
WebP (decoded by Pillow), and the zip-based office documents (docx, xlsx, pptx, recognised by the parts
they must contain). Anything else, anything empty and anything over settings.EVIDENCE_MAX_BYTES is
refused with a message naming the file. Storing writes the file under a generated name first and the row
second; if either fails, both are undone, so a failed upload leaves no file and no row.
"""

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from workspace.models import Evidence, evidence_path

log = logging.getLogger(__name__)

# Browsers sniff the first bytes of a response; a file that looks like a web page there is refused even
# if it also parses as a PDF (an HTML/PDF polyglot). We serve with nosniff too; this is the second lock.
HTML_MARKERS = (b"<html", b"<script", b"<!doctype", b"<svg", b"<body", b"<iframe")
IMAGE_FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}
OFFICE_PARTS = {
    "word/document.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
}
# A zip that expands to more than this is refused unopened (a "zip bomb" would fill the disk or memory).
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# Per request (issue 12, S4): checking an office document unpacks every part of it (about 0.4 s of CPU
# per 200 MB unpacked), and a request could carry 100 files: 20 files expanding to 199 MB each cost 8.7 s.
# So one upload takes at most EVIDENCE_MAX_FILES files, and its office documents together may unpack to at
# most EVIDENCE_MAX_UNZIPPED_BYTES, read from their zip directories before anything is unpacked (the
# declared sizes bound the work: zipfile stops unpacking a part at its declared size and then refuses a
# part whose checksum does not match). Both are settings (elca/settings.py, README "Configuration").
ACCEPTED = gettext_lazy("PDF, PNG, JPEG, GIF, WebP, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx)")


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    original_name: str
    mime_type: str
    extension: str


def _pdf(data: bytes) -> bool:
    if not data.startswith(b"%PDF-"):
        return False
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        return len(reader.pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return False


def _image(data: bytes) -> tuple[str, str] | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = IMAGE_FORMATS.get(image.format or "")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return kind


def zip_directory(data: bytes) -> dict[str, int] | None:
    """A zip-based file's parts and what each unpacks to, from its directory alone, nothing inflated
    (None: not a readable zip). The evidence check and the import's spreadsheet check both read it."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: info.file_size for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None


def unzipped_size(data: bytes) -> int | None:
    """What a zip-based file says it unpacks to, from its directory alone (None: not a readable zip)."""
    parts = zip_directory(data)
    return None if parts is None else sum(parts.values())


def _office(data: bytes) -> tuple[str, str] | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
                return None
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or archive.testzip() is not None:
                return None
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    return next((kind for part, kind in OFFICE_PARTS.items() if part in names), None)


def _read(upload) -> bytes:
    """The upload's bytes, refused when larger than EVIDENCE_MAX_BYTES or empty."""
    name = upload.name or "file"
    limit = settings.EVIDENCE_MAX_BYTES
    too_large = _("'%(name)s' is larger than %(mb)s MB.") % {"name": name, "mb": limit // (1024 * 1024)}
    if upload.size is not None and upload.size > limit:
        raise ValidationError(too_large)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(too_large)
    if not data:
        raise ValidationError(_("'%(name)s' is empty.") % {"name": name})
    return data


def _checked(name: str, data: bytes) -> CheckedFile:
    if any(marker in data[:1024].lower() for marker in HTML_MARKERS):
        raise ValidationError(
            _("'%(name)s' looks like a web page; upload %(accepted)s.") % {"name": name, "accepted": ACCEPTED}
        )
    if _pdf(data):
        return CheckedFile(data, name, "application/pdf", "pdf")
    kind = _image(data) or _office(data)
    if kind:
        return CheckedFile(data, name, *kind)
    raise ValidationError(
        _("'%(name)s' is not a %(accepted)s file (checked from its content, not its name).")
        % {"name": name, "accepted": ACCEPTED}
    )


def check_upload(upload) -> CheckedFile:
    """Read one uploaded file and say what it is, or raise ValidationError naming the file and the reason."""
    return _checked(upload.name or "file", _read(upload))


def check_uploads(uploads) -> tuple[list[CheckedFile], list[str]]:
    """Check the files of one request, within the per-request bounds; the good files and the refusals.

    Every refusal names its file. The count is checked before any file is read, and the unpacked size of
    every office document before any of them is unpacked, so one request costs at most
    EVIDENCE_MAX_UNZIPPED_BYTES of unpacking, whatever it carries.
    """
    max_files, budget = settings.EVIDENCE_MAX_FILES, settings.EVIDENCE_MAX_UNZIPPED_BYTES
    if len(uploads) > max_files:
        return [], [
            _("Choose at most %(max)s files at once (you chose %(count)s); add the others afterwards.")
            % {"max": max_files, "count": len(uploads)}
        ]
    errors, readable = [], []
    for upload in uploads:
        try:
            readable.append((upload.name or "file", _read(upload)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    to_check, unzipped = [], 0
    for name, data in readable:
        size = unzipped_size(data) or 0
        if size > MAX_UNZIPPED_BYTES:
            errors.append(
                _("'%(name)s' unpacks to more than %(mb)s MB; it is refused unopened.")
                % {"name": name, "mb": MAX_UNZIPPED_BYTES // (1024 * 1024)}
            )
        elif unzipped + size > budget:
            errors.append(
                _(
                    "'%(name)s' was not checked: the office documents of one upload may unpack to at most "
                    "%(mb)s MB together. Add it on its own."
                )
                % {"name": name, "mb": budget // (1024 * 1024)}
            )
        else:
            unzipped += size
            to_check.append((name, data))
    checked = []
    for name, data in to_check:
        try:
            checked.append(_checked(name, data))
        except ValidationError as exc:
            errors.extend(exc.messages)
    return checked, errors


def store_evidence(*, record, files: list[CheckedFile], user) -> list[Evidence]:
    """Store checked files for a record: all of them or, if anything fails, none (no file, no row)."""
    stored: list[str] = []
    content_type = ContentType.objects.get_for_model(record)
    try:
        with transaction.atomic():
            rows = []
            for checked in files:
                row = Evidence(
                    content_type=content_type,
                    object_id=record.pk,
                    original_name=checked.original_name[:255],
                    mime_type=checked.mime_type,
                    extension=checked.extension,
                    size=len(checked.data),
                    sha256=hashlib.sha256(checked.data).hexdigest(),
                    uploaded_by=user,
                    uploaded_at=timezone.now(),
                )
                name = evidence_path(row, checked.original_name)
                stored.append(name)  # before writing: a half-written file (disk full) is removed too
                row.file.name = default_storage.save(name, io.BytesIO(checked.data))
                row.save()
                rows.append(row)
            return rows
    except Exception as exc:
        for name in stored:
            try:
                default_storage.delete(name)
            except OSError:  # pragma: no cover - nothing more we can do; logged for the operator
                log.exception("Could not remove %s after a failed upload", name)
        if isinstance(exc, OSError):
            log.exception("Evidence upload failed while storing")
            raise ValidationError(
                _("The file could not be stored (the server's disk may be full); nothing was saved.")
            ) from exc
        raise


def remove_evidence(*, evidence: Evidence, user) -> None:
    """Hide a file from the record; the file and its row stay as the trace."""
    evidence.removed_at = timezone.now()
    evidence.removed_by = user
    evidence.save(update_fields=["removed_at", "removed_by"])
