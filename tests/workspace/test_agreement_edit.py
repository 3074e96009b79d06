"""Editing an agreement: who may, what is kept, and what a refused edit leaves behind."""

from django.urls import reverse

from agreements.models import Agreement


def edit_url(record):
    return reverse("agreements:agreement_edit", args=[record.pk])


def post_data(record, **extra):
    return {
        "kind": record.kind,
        "status": record.status,
        "name": record.name,
        "version": record.version,
        **extra,
    }


def snapshot(record):
    return Agreement.objects.filter(pk=record.pk).values().get(), record.history.count()


def test_staff_edits_their_partners_agreement(client, mav_staff, mav_agreement, mav):
    client.force_login(mav_staff)
    form = client.get(edit_url(mav_agreement)).content.decode()
    assert 'value="MAV-Chile SME agreement"' in form and 'name="version" value="1"' in form

    response = client.post(
        edit_url(mav_agreement),
        post_data(mav_agreement, name="Renamed", status="signed", signed_date="4-8.02.2022"),
    )

    assert response.status_code == 302
    mav_agreement.refresh_from_db()
    assert (mav_agreement.name, str(mav_agreement.signed_date), mav_agreement.version) == (
        "Renamed",
        "4-8.02.2022",
        2,
    )
    assert list(mav_agreement.responsible.all()) == [mav]  # kept: staff cannot move it to another partner
    assert mav_agreement.history.first().history_user == mav_staff


def test_other_partners_staff_is_refused_and_nothing_changes(client, amz_staff, mav_agreement):
    client.force_login(amz_staff)
    before = snapshot(mav_agreement)

    assert client.get(edit_url(mav_agreement)).status_code == 403
    assert client.post(edit_url(mav_agreement), post_data(mav_agreement, name="Hijacked")).status_code == 403

    assert snapshot(mav_agreement) == before


def test_task_leader_edits_only_their_own_partners(client, task_leader, mav_agreement, amz_agreement):
    client.force_login(task_leader)

    page = client.get(edit_url(mav_agreement))
    assert page.status_code == 200 and page.context["form"].instance == mav_agreement
    assert client.get(edit_url(amz_agreement)).status_code == 403


def test_coordinator_edits_every_partners(client, coordinator, mav_agreement, mav):
    client.force_login(coordinator)

    client.post(edit_url(mav_agreement), post_data(mav_agreement, name="Fixed by AMZ", responsible=[mav.pk]))

    mav_agreement.refresh_from_db()
    assert mav_agreement.name == "Fixed by AMZ"


def test_viewer_is_refused(client, viewer, mav_agreement):
    client.force_login(viewer)
    before = snapshot(mav_agreement)

    assert client.post(edit_url(mav_agreement), post_data(mav_agreement, name="No")).status_code == 403
    assert snapshot(mav_agreement) == before


def test_outsider_gets_404(client, outsider, mav_agreement):
    client.force_login(outsider)

    assert client.get(edit_url(mav_agreement)).status_code == 404
    assert client.get(mav_agreement.get_absolute_url()).status_code == 404


def test_anonymous_is_sent_to_login(client, mav_agreement):
    before = snapshot(mav_agreement)

    response = client.post(edit_url(mav_agreement), post_data(mav_agreement, name="No"))

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert snapshot(mav_agreement) == before


def test_bad_date_on_edit_names_the_field_and_changes_nothing(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)
    before = snapshot(mav_agreement)

    response = client.post(
        edit_url(mav_agreement), post_data(mav_agreement, status="signed", signed_date="31.02.2022")
    )

    assert response.context["form"].errors["signed_date"] == ["'31.02.2022' is not a date"]
    assert snapshot(mav_agreement) == before


def test_r5_posting_review_fields_on_edit_changes_nothing(client, mav_staff, mav_agreement, amz):
    client.force_login(mav_staff)

    client.post(
        edit_url(mav_agreement), post_data(mav_agreement, review_status="verified", responsible=[amz.pk])
    )

    mav_agreement.refresh_from_db()
    assert mav_agreement.review_status == "submitted"
    assert [p.short_name for p in mav_agreement.responsible.all()] == ["MAV"]


def test_a_verified_record_changed_by_its_partner_awaits_review_again(client, mav_staff, mav_agreement):
    Agreement.objects.filter(pk=mav_agreement.pk).update(review_status="verified")
    client.force_login(mav_staff)

    client.post(edit_url(mav_agreement), post_data(mav_agreement, name="Changed after verification"))

    mav_agreement.refresh_from_db()
    assert mav_agreement.review_status == "submitted"
