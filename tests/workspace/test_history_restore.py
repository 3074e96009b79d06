"""History of every change, deleting with a trace, and the coordinator's restore (R17)."""

from django.urls import reverse

from agreements.models import Agreement
from tests.workspace.conftest import upload
from workspace.models import Evidence


def delete_url(record):
    return reverse("agreements:agreement_delete", args=[record.pk])


def test_detail_shows_who_changed_what_and_when(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)
    client.post(
        reverse("agreements:agreement_edit", args=[mav_agreement.pk]),
        {"kind": "sme_sme", "status": "signed", "name": "Renamed", "signed_date": "2021", "version": 1},
    )

    history = client.get(mav_agreement.get_absolute_url()).content.decode().split('id="history"')[1]

    assert "Changed</strong> by mav" in history
    assert "Name: <del>MAV-Chile SME agreement</del> → Renamed" in history
    assert "Status: <del>Identified</del> → Signed" in history
    assert "Signed end: <del>—</del> → 31.12.2021" in history
    assert "Version" not in history  # bookkeeping is not news


def test_history_names_a_replaced_organisation_not_its_number(client, project, mav_staff, mav_agreement):
    from tests.factories import OrganisationFactory

    first = OrganisationFactory(project=project, name="Cluster Chile", country="CL")
    second = OrganisationFactory(project=project, name="Clúster Andino", country="CL")
    edit = reverse("agreements:agreement_edit", args=[mav_agreement.pk])
    client.force_login(mav_staff)
    data = {"kind": "sme_sme", "status": "identified", "name": mav_agreement.name}
    assert client.post(edit, {**data, "organisation": first.pk, "version": 1}).status_code == 302
    assert client.post(edit, {**data, "organisation": second.pk, "version": 2}).status_code == 302

    history = client.get(mav_agreement.get_absolute_url()).content.decode().split('id="history"')[1]

    assert "Organisation: <del>—</del> → Cluster Chile (CL)" in history
    assert "Organisation: <del>Cluster Chile (CL)</del> → Clúster Andino (CL)" in history


def test_staff_deletes_their_record_and_the_trace_stays(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)
    assert "will disappear from lists" in client.get(delete_url(mav_agreement)).content.decode()

    response = client.post(delete_url(mav_agreement))

    assert response["Location"] == reverse("agreements:agreement_list")
    assert not Agreement.objects.filter(pk=mav_agreement.pk).exists()
    deleted = Agreement.history.get(id=mav_agreement.pk, history_type="-")
    assert deleted.history_user == mav_staff and deleted.history_change_reason == "Deleted; responsible: MAV"


def test_other_partner_viewer_outsider_anonymous_cannot_delete(
    client, amz_staff, viewer, outsider, mav_agreement
):
    assert client.post(delete_url(mav_agreement)).status_code == 302  # to login
    for user, status in [(amz_staff, 403), (viewer, 403), (outsider, 404)]:
        client.force_login(user)
        assert client.post(delete_url(mav_agreement)).status_code == status
    assert Agreement.objects.filter(pk=mav_agreement.pk).exists()


def test_coordinator_restores_a_deleted_record_with_its_partners_and_files(
    client, mav_staff, coordinator, mav_agreement
):
    client.force_login(mav_staff)
    client.post(
        reverse("agreements:agreement_evidence", args=[mav_agreement.pk]),
        {"evidence": upload("agreement.pdf")},
    )
    client.post(delete_url(mav_agreement))
    client.force_login(coordinator)

    deleted_page = client.get(reverse("agreements:agreement_deleted")).content.decode()
    assert "MAV-Chile SME agreement" in deleted_page and ">mav<" in deleted_page
    row = Agreement.history.get(id=mav_agreement.pk, history_type="-")
    response = client.post(reverse("agreements:agreement_restore", args=[row.history_id]))

    restored = Agreement.objects.get(pk=mav_agreement.pk)
    assert response["Location"] == restored.get_absolute_url()
    assert [p.short_name for p in restored.responsible.all()] == ["MAV"]
    assert Evidence.objects.for_record(restored).count() == 1
    assert client.get(reverse("agreements:agreement_deleted")).context["rows"] == []
    assert list(restored.history.values_list("history_type", flat=True)[:2]) == ["+", "-"]


def test_only_the_coordinator_sees_and_restores_deleted_records(
    client, mav_staff, task_leader, mav_agreement
):
    client.force_login(mav_staff)
    client.post(delete_url(mav_agreement))
    row = Agreement.history.get(id=mav_agreement.pk, history_type="-")

    for user in (mav_staff, task_leader):
        client.force_login(user)
        assert client.get(reverse("agreements:agreement_deleted")).status_code == 403
        assert client.post(reverse("agreements:agreement_restore", args=[row.history_id])).status_code == 404
    assert not Agreement.objects.filter(pk=mav_agreement.pk).exists()
