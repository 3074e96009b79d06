"""Recording an agreement: the form, its messages, who may, and what nobody can set by posting it."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Agreement
from tests.workspace.conftest import upload
from workspace.models import Evidence

URL = reverse("agreements:agreement_create")


def valid(**extra):
    return {
        "kind": "sme_sme",
        "status": "signed",
        "name": "MaiCom & Chile SME",
        "signed_date": "Nov 2022",
        **extra,
    }


def test_staff_records_a_signed_agreement_with_a_vague_date_and_a_pdf(client, mav_staff, mav):
    client.force_login(mav_staff)

    response = client.post(URL, valid(evidence=upload("agreement.pdf")))

    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    assert (agreement.signed_start, agreement.signed_end, str(agreement.signed_date)) == (
        date(2022, 11, 1),
        date(2022, 11, 30),
        "Nov 2022",
    )
    assert list(agreement.responsible.all()) == [mav]  # the creator's own partner
    assert agreement.review_status == "submitted" and agreement.version == 1
    assert Evidence.objects.get().record == agreement
    assert agreement.history.get().history_user == mav_staff


def test_the_new_record_page_shows_it_as_the_seeds_write_dates(client, mav_staff):
    client.force_login(mav_staff)

    page = client.post(URL, valid(), follow=True).content.decode()

    assert '<h1 class="h3 mb-0 me-auto text-break">MaiCom &amp; Chile SME</h1>' in page
    assert "Nov 2022" in page and "Awaiting review" in page


def test_r5_posting_partner_review_and_version_fields_changes_nothing(client, mav_staff, mav, amz, project):
    client.force_login(mav_staff)
    assert 'name="responsible"' not in client.get(URL).content.decode()  # staff are not offered the choice

    client.post(
        URL,
        valid(
            responsible=[amz.pk],
            consortium_led="on",
            review_status="verified",
            reviewed_by=mav_staff.pk,
            version=99,
            project=999,
            created_at="2000-01-01",
        ),
    )

    agreement = Agreement.objects.get()
    assert list(agreement.responsible.all()) == [mav]
    assert (agreement.consortium_led, agreement.review_status, agreement.reviewed_by, agreement.version) == (
        False,
        "submitted",
        None,
        1,
    )
    assert agreement.project == project


def test_the_coordinator_chooses_the_partners(client, coordinator, mav, amz):
    client.force_login(coordinator)
    checkboxes = client.get(URL).context["form"]["responsible"]
    assert [(c.data["value"], c.choice_label) for c in checkboxes] == [(amz.pk, "AMZ"), (mav.pk, "MAV")]
    assert f'name="responsible" value="{mav.pk}"' in str(checkboxes)

    client.post(URL, valid(responsible=[mav.pk, amz.pk]))

    assert sorted(p.short_name for p in Agreement.objects.get().responsible.all()) == ["AMZ", "MAV"]


def test_the_coordinator_must_choose_someone(client, coordinator):
    client.force_login(coordinator)

    response = client.post(URL, valid())

    assert response.context["form"].errors["responsible"] == [
        "Choose at least one partner, or tick the consortium as a whole."
    ]
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("signed_date", "31.02.2022", "'31.02.2022' is not a date"),
        (
            "expected_date",
            "next spring",
            "'next spring' is not a date: write a year (2021), a month (11.2022, Nov 2022, Okt 2022, "
            "2022-11), a day (04.02.2022, 2022-02-04, 4 Feb 2022, 4. Februar 2022), or a range "
            "(4-8.02.2022, 03.09.2021 - 19.10.2021, Nov 2022 - Feb 2023)",
        ),
        ("name", "", "This field is required."),
        ("kind", "friendship", "Select a valid choice. friendship is not one of the available choices."),
        ("status", "", "This field is required."),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(client, mav_staff, media, field, value, message):
    client.force_login(mav_staff)

    response = client.post(URL, valid(**{field: value}, evidence=upload("agreement.pdf")))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert Agreement.objects.count() == 0 and Evidence.objects.count() == 0
    assert not any(media.rglob("*.pdf"))


def test_a_signature_date_needs_the_signed_status(client, mav_staff):
    client.force_login(mav_staff)

    response = client.post(URL, valid(status="negotiating"))

    assert response.context["form"].errors["signed_date"] == [
        "Only a signed agreement has a signature date: set the status to Signed or leave the date empty."
    ]
    assert Agreement.objects.count() == 0


def test_a_bad_evidence_file_keeps_the_agreement_unsaved(client, mav_staff, media):
    client.force_login(mav_staff)

    response = client.post(URL, valid(evidence=upload("fake.pdf")))

    assert response.context["form"].errors["evidence"][0].startswith("'fake.pdf' is not a PDF, PNG, JPEG")
    assert Agreement.objects.count() == 0 and Evidence.objects.count() == 0


def test_viewer_may_not_record(client, viewer):
    client.force_login(viewer)

    assert client.get(URL).status_code == 403
    assert client.post(URL, valid()).status_code == 403
    assert Agreement.objects.count() == 0


def test_outsider_records_in_their_own_project_only(client, outsider, project):
    client.force_login(outsider)

    client.post(URL, valid(project="ELCA"))

    assert Agreement.objects.get().project.acronym == "OTHER"


def test_anonymous_is_sent_to_login(client, db):
    response = client.post(URL, valid())

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Agreement.objects.count() == 0


def test_form_offers_only_the_projects_organisations(client, mav_staff, organisation, outsider):
    from tests.factories import OrganisationFactory

    OrganisationFactory(project=outsider.memberships.get().project, name="Someone else's")
    client.force_login(mav_staff)

    html = client.get(URL).content.decode()

    assert "Cluster Chile (CL)" in html and "Someone else&#x27;s" not in html
