"""Evidence files: checked from their content, stored under generated names, downloaded only through
a permission-checked view (RELIABILITY.md R8, R9, R15)."""

import pytest
from django.urls import reverse

from tests.workspace.conftest import CORPUS, stored_bytes, upload
from workspace.models import Evidence

ACCEPTED = sorted(name for name, (_, ok) in CORPUS.items() if ok)
REJECTED = sorted(name for name, (_, ok) in CORPUS.items() if not ok)


def evidence_url(record):
    return reverse("agreements:agreement_evidence", args=[record.pk])


@pytest.mark.parametrize("name", ACCEPTED)
def test_r8_allowed_files_are_stored_under_a_generated_name(client, mav_staff, mav_agreement, media, name):
    client.force_login(mav_staff)

    response = client.post(evidence_url(mav_agreement), {"evidence": upload(name)})

    assert response.status_code == 302
    (row,) = Evidence.objects.all()
    assert row.original_name == name
    assert row.record == mav_agreement
    assert name not in row.file.name and row.file.name.startswith("evidence/")
    assert row.file.name.endswith("." + row.extension)
    assert stored_bytes(media) == row.size > 0


@pytest.mark.parametrize("name", REJECTED)
def test_r8_rejected_files_leave_no_row_and_no_byte(client, mav_staff, mav_agreement, media, name):
    client.force_login(mav_staff)

    response = client.post(evidence_url(mav_agreement), {"evidence": upload(name)}, follow=True)

    assert Evidence.objects.count() == 0
    assert stored_bytes(media) == 0
    message = [str(m) for m in response.context["messages"]][0]
    assert message.startswith("Nothing was added: ") and f"'{name}'" in message


def test_r8_one_bad_file_among_good_ones_stores_none(client, mav_staff, mav_agreement, media):
    client.force_login(mav_staff)

    client.post(evidence_url(mav_agreement), {"evidence": [upload("agreement.pdf"), upload("setup.pdf")]})

    assert Evidence.objects.count() == 0
    assert stored_bytes(media) == 0


def test_r8_several_files_at_once(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)

    client.post(evidence_url(mav_agreement), {"evidence": [upload("agreement.pdf"), upload("photo.png")]})

    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["agreement.pdf", "photo.png"]


def test_r15_disk_full_while_writing_leaves_no_row_and_no_partial_file(
    client, mav_staff, mav_agreement, media, monkeypatch
):
    from django.core.files.storage import FileSystemStorage

    def write_half_then_fail(self, name, content):
        path = self.path(name)
        import os

        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(b"%PDF-half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", write_half_then_fail)
    client.force_login(mav_staff)

    response = client.post(evidence_url(mav_agreement), {"evidence": upload("agreement.pdf")}, follow=True)

    assert Evidence.objects.count() == 0
    assert stored_bytes(media) == 0
    assert "could not be stored" in [str(m) for m in response.context["messages"]][0]


def test_other_partner_cannot_add_files(client, amz_staff, mav_agreement, media):
    client.force_login(amz_staff)

    response = client.post(evidence_url(mav_agreement), {"evidence": upload("agreement.pdf")})

    assert response.status_code == 403
    assert Evidence.objects.count() == 0 and stored_bytes(media) == 0


def test_viewer_cannot_add_files(client, viewer, mav_agreement):
    client.force_login(viewer)

    assert client.post(evidence_url(mav_agreement), {"evidence": upload("agreement.pdf")}).status_code == 403
    assert Evidence.objects.count() == 0


def test_anonymous_upload_is_sent_to_login(client, mav_agreement):
    response = client.post(evidence_url(mav_agreement), {"evidence": upload("agreement.pdf")})

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Evidence.objects.count() == 0


@pytest.fixture
def stored(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)
    client.post(evidence_url(mav_agreement), {"evidence": upload("agreement.pdf")})
    client.logout()
    return Evidence.objects.get()


def test_r9_download_is_an_attachment_with_nosniff(client, viewer, stored):
    client.force_login(viewer)

    response = client.get(reverse("workspace:evidence_download", args=[stored.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="agreement.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_r9_outsider_gets_404_and_anonymous_goes_to_login(client, outsider, stored):
    url = reverse("workspace:evidence_download", args=[stored.pk])

    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_r9_no_public_media_path(client, viewer, stored):
    client.force_login(viewer)

    assert client.get("/media/" + stored.file.name).status_code == 404


def test_detail_page_lists_files_and_removing_keeps_the_trace(client, mav_staff, stored, mav_agreement):
    client.force_login(mav_staff)
    page = client.get(mav_agreement.get_absolute_url()).content.decode()
    assert "agreement.pdf" in page and reverse("workspace:evidence_download", args=[stored.pk]) in page

    client.post(reverse("workspace:evidence_remove", args=[stored.pk]))

    stored.refresh_from_db()
    assert stored.removed_by == mav_staff and stored.file.storage.exists(stored.file.name)
    page = client.get(mav_agreement.get_absolute_url()).content.decode()
    assert "No evidence yet." in page and "download" not in page.split('id="evidence"')[1].split("</ul>")[0]
    assert client.get(reverse("workspace:evidence_download", args=[stored.pk])).status_code == 404


def test_other_partner_cannot_remove_a_file(client, amz_staff, stored):
    client.force_login(amz_staff)

    assert client.post(reverse("workspace:evidence_remove", args=[stored.pk])).status_code == 403
    stored.refresh_from_db()
    assert stored.removed_at is None
