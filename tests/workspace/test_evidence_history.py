"""Issue 12, S6: evidence cannot be swapped after verification without a trace. Adding or removing a file
is a change of the record: a new version, a history row by the user naming the files, and a verified
record goes back to review unless a reviewer (task leader, coordinator) changed it."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from tests.workspace.conftest import upload
from workspace.models import Evidence
from workspace.saving import record_verify


def add(client, record, *names):
    return client.post(
        reverse("agreements:agreement_evidence", args=[record.pk]),
        {"evidence": [upload(n, upload("agreement.pdf").read()) for n in names]},
    )


def remove(client, evidence):
    return client.post(reverse("workspace:evidence_remove", args=[evidence.pk]))


def verified(record, reviewer):
    record_verify(record=record, user=reviewer)
    record.refresh_from_db()
    return record


def test_adding_files_is_one_change_in_the_records_history(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)

    add(client, mav_agreement, "invoice.pdf", "minutes.pdf")

    mav_agreement.refresh_from_db()
    last = mav_agreement.history.first()
    assert (mav_agreement.version, mav_agreement.history.count()) == (2, 2)
    assert (last.history_change_reason, last.history_user) == (
        "Evidence added: invoice.pdf, minutes.pdf",
        mav_staff,
    )
    history = client.get(mav_agreement.get_absolute_url()).content.decode().split('id="history"')[1]
    assert (
        "Evidence added: invoice.pdf, minutes.pdf" in history and "<strong>Changed</strong> by mav" in history
    )


def test_removing_a_file_is_one_change_in_the_records_history(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)
    add(client, mav_agreement, "invoice.pdf")

    remove(client, Evidence.objects.get())

    mav_agreement.refresh_from_db()
    last = mav_agreement.history.first()
    assert (mav_agreement.version, last.history_change_reason, last.history_user) == (
        3,
        "Evidence removed: invoice.pdf",
        mav_staff,
    )
    page = client.get(mav_agreement.get_absolute_url()).content.decode()
    assert "Evidence removed: invoice.pdf" in page.split('id="history"')[1]


@pytest.mark.parametrize("change", ["add", "remove"])
def test_staff_changing_the_files_of_a_verified_record_send_it_back_to_review(
    client, mav_staff, task_leader, mav_agreement, change
):
    client.force_login(mav_staff)
    add(client, mav_agreement, "invoice.pdf")
    verified(mav_agreement, task_leader)

    if change == "add":
        add(client, mav_agreement, "other-invoice.pdf")
    else:
        remove(client, Evidence.objects.get())

    mav_agreement.refresh_from_db()
    assert mav_agreement.review_status == "submitted"
    history = client.get(mav_agreement.get_absolute_url()).content.decode().split('id="history"')[1]
    assert "Review status: <del>Verified</del> → Awaiting review" in history


@pytest.mark.parametrize("change", ["add", "remove"])
def test_a_reviewer_changing_the_files_keeps_it_verified(client, task_leader, mav_agreement, change):
    client.force_login(task_leader)
    add(client, mav_agreement, "invoice.pdf")
    verified(mav_agreement, task_leader)

    if change == "add":
        add(client, mav_agreement, "countersigned.pdf")
    else:
        remove(client, Evidence.objects.get())

    mav_agreement.refresh_from_db()
    assert mav_agreement.review_status == "verified"
    assert mav_agreement.history.first().history_user == task_leader


def test_an_editor_who_opened_the_record_before_the_files_changed_gets_a_conflict(
    client, mav_staff, task_leader, mav_agreement
):
    editor = type(client)()
    editor.force_login(task_leader)
    assert 'name="version" value="1"' in editor.get(f"/agreements/{mav_agreement.pk}/edit/").content.decode()
    client.force_login(mav_staff)
    add(client, mav_agreement, "invoice.pdf")

    response = editor.post(
        f"/agreements/{mav_agreement.pk}/edit/",
        {"kind": mav_agreement.kind, "status": mav_agreement.status, "name": "Late edit", "version": 1},
    )

    assert response.status_code == 200 and 'id="conflict"' in response.content.decode()
    assert "mav changed this record at " in response.content.decode()
    mav_agreement.refresh_from_db()
    assert (mav_agreement.name, mav_agreement.version) == ("MAV-Chile SME agreement", 2)


def test_a_refused_file_changes_neither_the_version_nor_the_history(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)

    client.post(
        reverse("agreements:agreement_evidence", args=[mav_agreement.pk]), {"evidence": upload("fake.pdf")}
    )

    mav_agreement.refresh_from_db()
    assert (mav_agreement.version, mav_agreement.history.count()) == (1, 1)


def test_a_disk_full_while_storing_undoes_the_version_too(client, mav_staff, mav_agreement, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    def full(self, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    client.force_login(mav_staff)

    add(client, mav_agreement, "invoice.pdf")

    mav_agreement.refresh_from_db()
    assert (mav_agreement.version, mav_agreement.history.count(), Evidence.objects.count()) == (1, 1, 0)


def test_a_new_record_names_the_files_it_came_with(client, mav_staff):
    client.force_login(mav_staff)

    client.post(
        reverse("agreements:agreement_create"),
        {
            "kind": "sme_sme",
            "status": "identified",
            "name": "With files",
            "evidence": upload("agreement.pdf"),
        },
    )

    created = Agreement.objects.get().history.get()
    assert (created.history_type, created.history_change_reason) == ("+", "Evidence added: agreement.pdf")


def test_the_reason_is_cut_to_what_history_keeps(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)

    add(client, mav_agreement, *(f"a-rather-long-file-name-of-an-invoice-{n}.pdf" for n in range(4)))

    reason = Agreement.objects.get().history.first().history_change_reason
    assert len(reason) == 100 and reason.startswith("Evidence added: a-rather-long") and reason.endswith("…")
