"""The organisation directory, the picker's type-ahead and "add a new one" without leaving the form."""

import pytest
from django.urls import reverse

from consortium.models import Organisation
from consortium.names import normalise_name
from tests.factories import OrganisationFactory

PICK = reverse("organisations:organisation_pick")
ADD = reverse("organisations:organisation_quick_add")


def test_names_compare_without_case_accents_or_punctuation():
    assert normalise_name("Clúster  de Automoción-MAV") == normalise_name("cluster de automocion mav")


def test_type_ahead_offers_matching_organisations_of_the_project(client, mav_staff, project, outsider):
    OrganisationFactory(project=project, name="Cluster Chile", country="CL")
    OrganisationFactory(project=project, name="Michigan Cluster", acronym="GLC")
    OrganisationFactory(project=outsider.memberships.get().project, name="Chile elsewhere")
    client.force_login(mav_staff)

    html = client.get(
        PICK, {"project": "ELCA", "field": "organisation", "organisation__q": "chil"}
    ).content.decode()

    assert "Cluster Chile (CL)" in html and "Michigan" not in html and "elsewhere" not in html
    by_acronym = client.get(PICK, {"project": "ELCA", "field": "organisation", "organisation__q": "glc"})
    assert "Michigan Cluster" in by_acronym.content.decode()


def test_type_ahead_keeps_the_current_choice(client, mav_staff, project):
    current = OrganisationFactory(project=project, name="Already chosen")
    client.force_login(mav_staff)

    html = client.get(
        PICK,
        {"project": "ELCA", "field": "organisation", "organisation__q": "zzz", "organisation": current.pk},
    ).content.decode()

    assert f'<option value="{current.pk}" selected>Already chosen</option>' in html


def test_type_ahead_of_another_project_is_404(client, outsider, project):
    client.force_login(outsider)

    assert client.get(PICK, {"project": "ELCA", "organisation__q": "a"}).status_code == 404


def quick_add(client, name, country="CL", confirm=False, field="organisation"):
    data = {
        "project": "ELCA",
        "field": field,
        f"{field}__new_name": name,
        f"{field}__new_country": country,
        f"{field}__new_type": "sme",
    }
    if confirm:
        data[f"{field}__confirm"] = "1"
    return client.post(ADD, data)


def test_quick_add_creates_and_selects_the_new_organisation(client, mav_staff, mav):
    client.force_login(mav_staff)

    html = quick_add(client, "Andes Composites").content.decode()

    org = Organisation.objects.get(name="Andes Composites")
    assert (org.country.code, org.type, org.owner) == ("CL", "sme", mav)
    assert f'<option value="{org.pk}" selected>Andes Composites (CL)</option>' in html
    assert "Added “Andes Composites” and selected it." in html


def test_quick_add_warns_about_a_similar_organisation_and_adds_only_when_confirmed(
    client, mav_staff, project
):
    OrganisationFactory(project=project, name="Clúster Automoción", country="CL")
    client.force_login(mav_staff)

    warned = quick_add(client, "cluster automocion").content.decode()
    assert (
        "A similar organisation is already in the directory" in warned and "Clúster Automoción (CL)" in warned
    )
    assert Organisation.objects.count() == 1

    quick_add(client, "cluster automocion", confirm=True)
    assert Organisation.objects.count() == 2


def test_same_name_in_another_country_is_not_similar(client, mav_staff, project):
    OrganisationFactory(project=project, name="Automotive Cluster", country="DE")
    client.force_login(mav_staff)

    quick_add(client, "Automotive Clúster", country="IN")

    assert Organisation.objects.count() == 2


def test_quick_add_without_a_name_says_so_and_adds_nothing(client, mav_staff):
    client.force_login(mav_staff)

    html = quick_add(client, "").content.decode()

    assert "Name: This field is required." in html and Organisation.objects.count() == 0


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_quick_add_refused_for_readers_and_outsiders(client, request, project, who):
    client.force_login(request.getfixturevalue(who))

    assert quick_add(client, "Sneaky Ltd").status_code in (403, 404)
    assert Organisation.objects.count() == 0


def test_quick_add_anonymous_goes_to_login(client, db):
    assert quick_add(client, "Sneaky Ltd").status_code == 302
    assert Organisation.objects.count() == 0


def test_organisation_form_warns_about_a_similar_one(client, mav_staff, project):
    OrganisationFactory(project=project, name="Clúster MAV", country="ES")
    client.force_login(mav_staff)
    url = reverse("organisations:organisation_create")

    response = client.post(url, {"name": "cluster mav", "type": "cluster", "country": "ES"})
    assert response.context["form"].errors["name"] == [
        "A similar organisation is already in the directory: Clúster MAV (ES). "
        "Pick it, or tick “Add it anyway” below."
    ]
    assert Organisation.objects.count() == 1

    client.post(url, {"name": "cluster mav", "type": "cluster", "country": "ES", "confirm_similar": "on"})
    assert Organisation.objects.count() == 2


def test_organisation_form_refuses_an_exact_duplicate(client, mav_staff, project):
    OrganisationFactory(project=project, name="EBTC", country="")
    client.force_login(mav_staff)

    response = client.post(reverse("organisations:organisation_create"), {"name": "ebtc", "type": "other"})

    assert response.context["form"].errors["name"] == ["“EBTC” is already in the directory: pick it instead."]


def test_agreement_form_carries_the_picker(client, mav_staff):
    client.force_login(mav_staff)

    html = client.get(reverse("agreements:agreement_create")).content.decode()

    assert f'hx-get="{PICK}"' in html and f'hx-post="{ADD}"' in html
    assert 'name="organisation__q"' in html and 'name="other_organisation__q"' in html
