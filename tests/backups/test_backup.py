"""Backup and restore give back every table identically (RELIABILITY.md R19), on SQLite and PostgreSQL."""

import pytest
from django.core.management import call_command

from agreements.models import Agreement
from backups.archive import table_fingerprints
from demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_round_trip_restores_identical_tables_and_media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "signed.pdf").write_bytes(b"%PDF-1.4 evidence")
    load_demo()
    before = table_fingerprints()
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive))
    Agreement.objects.filter(status="signed").delete()  # a disaster after the backup
    (settings.MEDIA_ROOT / "evidence" / "signed.pdf").unlink()
    call_command("restore", str(archive), "--yes")

    assert table_fingerprints() == before
    assert before["agreements_agreement"]["rows"] == 54
    assert (settings.MEDIA_ROOT / "evidence" / "signed.pdf").read_bytes() == b"%PDF-1.4 evidence"


def test_restore_of_a_missing_file_says_so(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nothing.tar.gz"), "--yes")
