"""R15: the disk fills up while an evidence file is being written: a clear message, 0 rows, 0 orphan bytes.

The fault sits under Django's FileSystemStorage, at the file it writes to: the disk takes the bytes it
has room for, then refuses the rest with ENOSPC, so a partial file is really on disk (RELIABILITY.md: the
storage leaves it there) and the upload code has to remove it.
"""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.storage import filesystem as filesystem_storage
from django.urls import reverse

from agreements.models import Agreement
from tests.factories import AgreementFactory
from tests.workspace.conftest import CORPUS, upload
from workspace.models import Evidence

MESSAGE = "The file could not be stored (the server's disk may be full); nothing was saved."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def bytes_under(root) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


class Disk:
    """The disk under MEDIA_ROOT with `free` bytes left; remembers the partial files the storage deleted."""

    def __init__(self, monkeypatch, free: int):
        self.free, self.deleted_sizes = free, []
        real_fdopen, real_delete = os.fdopen, FileSystemStorage.delete
        disk = self

        class File:
            def __init__(self, handle):
                self.handle = handle

            def write(self, data):
                room = max(disk.free, 0)
                if len(data) > room:
                    self.handle.write(data[:room])
                    self.handle.flush()
                    disk.free = 0
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                disk.free -= len(data)
                return self.handle.write(data)

            def close(self):
                self.handle.close()

        def fdopen(fd, *args, **kwargs):
            return File(real_fdopen(fd, *args, **kwargs))

        def delete(storage, name):
            path = storage.path(name)
            disk.deleted_sizes.append(os.path.getsize(path) if os.path.exists(path) else None)
            real_delete(storage, name)

        # Only the storage module's view of os.fdopen: nothing else in the process sees a full disk.
        monkeypatch.setattr(filesystem_storage, "os", _OsWith(fdopen))
        monkeypatch.setattr(FileSystemStorage, "delete", delete)


class _OsWith:
    def __init__(self, fdopen):
        self.fdopen = fdopen

    def __getattr__(self, name):
        return getattr(os, name)


@pytest.fixture
def record(project, mav):
    return AgreementFactory(project=project, name="MAV-Chile SME agreement", responsible=[mav])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_r15_disk_fills_halfway_through_an_upload(client, mav_staff, record, media, monkeypatch):
    pdf = CORPUS["agreement.pdf"][0]()
    disk = Disk(monkeypatch, free=len(pdf) // 2)
    client.force_login(mav_staff)

    response = client.post(
        reverse("agreements:agreement_evidence", args=[record.pk]),
        {"evidence": upload("agreement.pdf", pdf)},
        follow=True,
    )

    assert disk.deleted_sizes == [len(pdf) // 2]  # a half-written file was on disk, and was removed
    assert messages_of(response) == [MESSAGE]
    assert (Evidence.objects.count(), bytes_under(media)) == (0, 0)


def test_r15_second_file_fills_the_disk_the_first_is_removed_too(
    client, mav_staff, record, media, monkeypatch
):
    pdf, png = CORPUS["agreement.pdf"][0](), CORPUS["photo.png"][0]()
    disk = Disk(monkeypatch, free=len(pdf) + 10)
    client.force_login(mav_staff)

    response = client.post(
        reverse("agreements:agreement_evidence", args=[record.pk]),
        {"evidence": [upload("agreement.pdf", pdf), upload("photo.png", png)]},
        follow=True,
    )

    assert disk.deleted_sizes == [len(pdf), 10]
    assert messages_of(response) == [MESSAGE]
    assert (Evidence.objects.count(), bytes_under(media)) == (0, 0)


def test_r15_disk_full_while_creating_a_record_with_evidence_saves_no_record(
    client, mav_staff, mav, media, monkeypatch
):
    pdf = CORPUS["agreement.pdf"][0]()
    disk = Disk(monkeypatch, free=100)
    client.force_login(mav_staff)

    response = client.post(
        reverse("agreements:agreement_create"),
        {
            "kind": "sme_sme",
            "status": "signed",
            "name": "With a PDF",
            "evidence": upload("agreement.pdf", pdf),
        },
    )

    assert response.status_code == 200 and MESSAGE in response.content.decode().replace("&#x27;", "'")
    assert disk.deleted_sizes == [100]
    assert (Agreement.objects.count(), Evidence.objects.count(), bytes_under(media)) == (0, 0, 0)
