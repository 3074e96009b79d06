"""The agreement and cooperation-case forms ask for what the progress report's case tables need (issue 14):
the third-country party, the objective and the sector, and refuse a party on the wrong side."""

from django.urls import reverse

from agreements.models import Agreement, CooperationCase
from tests.factories import OrganisationFactory

AGREEMENT_URL = reverse("agreements:agreement_create")
CASE_URL = reverse("agreements:cooperation_case_create")


def test_the_agreement_form_asks_for_the_third_country_party_objective_and_sector(client, mav_staff):
    client.force_login(mav_staff)

    html = client.get(AGREEMENT_URL).content.decode()

    for name in ("partner_organisation", "objective", "sector_technology", "case_type"):
        assert f'name="{name}"' in html, name
    assert "Third-country party" in html
    assert "The organisation in the third country the agreement is with" in html
    assert "the progress report says not recorded" in html


def test_an_agreements_third_country_party_cannot_be_recorded_in_europe(client, mav_staff, project):
    european = OrganisationFactory(project=project, name="Catalan SME", type="sme", country="ES")
    client.force_login(mav_staff)

    response = client.post(
        AGREEMENT_URL,
        {"kind": "business", "status": "signed", "name": "Deal", "partner_organisation": european.pk},
    )

    assert response.status_code == 200
    assert "Catalan SME is recorded in Spain, not in a third country" in response.content.decode()
    assert Agreement.objects.count() == 0


def test_an_agreement_records_its_chilean_party_and_sector(client, mav_staff, project):
    chilean = OrganisationFactory(project=project, name="Santiago SME", type="sme", country="CL")
    client.force_login(mav_staff)

    client.post(
        AGREEMENT_URL,
        {
            "kind": "business",
            "status": "signed",
            "name": "Deal",
            "partner_organisation": chilean.pk,
            "sector_technology": "Composites",
            "objective": 3,
        },
    )

    agreement = Agreement.objects.get()
    assert (agreement.partner_organisation, agreement.sector_technology, agreement.objective) == (
        chilean,
        "Composites",
        3,
    )


def test_a_case_by_an_sme_names_the_sme_not_its_cluster(client, mav_staff, project):
    cluster = OrganisationFactory(project=project, name="Catalan cluster", type="cluster", country="ES")
    client.force_login(mav_staff)

    response = client.post(
        CASE_URL,
        {
            "by": "sme",
            "name": "Visit",
            "eu_organisation": cluster.pk,
            "partner_country": "CL",
            "case_type": 1,
            "objective": 13,
        },
    )

    assert "names the SME, not the cluster acting for it (Catalan cluster is a cluster)" in (
        response.content.decode()
    )
    assert CooperationCase.objects.count() == 0


def test_the_organisation_form_asks_for_its_scope(client, mav_staff):
    client.force_login(mav_staff)

    html = client.get(reverse("organisations:organisation_create")).content.decode()

    assert 'name="scope"' in html and "EU-level initiative or network" in html
