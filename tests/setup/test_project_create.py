"""A new project: superusers and users given consortium.add_project create it, with its periods, its
coordinating partner and its coordinator (an existing account, or an invitation)."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.models import Invitation
from consortium.models import Membership, Project
from setup.services import period_spans

URL = reverse("setup:project_create")


def data(**changes):
    values = {
        "acronym": "NOVA",
        "title": "Nova clusters go international",
        "programme": "COSME",
        "call_identifier": "COS-CLUSINT-2021",
        "call_title": "Clusters go international",
        "grant_number": "101000001",
        "start_date": "2021-01-01",
        "duration_months": "24",
        "extension_months": "0",
        "period_months": "6",
        "partner_short_name": "NOV",
        "partner_legal_name": "Nova Cluster Association",
        "partner_country": "PT",
        "coordinator": "coordinator",
    }
    return values | changes


def test_periods_cover_the_months_and_the_last_one_is_shorter():
    spans = period_spans(months=20, length=6)
    assert [(s.number, s.first_month, s.last_month) for s in spans] == [
        (1, 1, 6),
        (2, 7, 12),
        (3, 13, 18),
        (4, 19, 20),
    ]


def test_superuser_creates_a_project_with_periods_partner_and_coordinator(client, admin_user, coordinator):
    client.force_login(admin_user)
    response = client.post(URL, data(duration_months="20"))
    project = Project.objects.get(acronym="NOVA")
    assert response.status_code == 302
    assert response["Location"] == reverse("setup:index", args=["NOVA"])
    assert [(p.number, p.start_date, p.end_date) for p in project.periods.order_by("number")] == [
        (1, date(2021, 1, 1), date(2021, 6, 30)),
        (2, date(2021, 7, 1), date(2021, 12, 31)),
        (3, date(2022, 1, 1), date(2022, 6, 30)),
        (4, date(2022, 7, 1), date(2022, 8, 31)),
    ]
    lead = project.partners.get()
    assert (lead.number, lead.short_name, lead.is_coordinator, lead.country.code) == (1, "NOV", True, "PT")
    membership = Membership.objects.get(project=project)
    assert (membership.user, membership.partner, membership.role) == (coordinator, lead, "coordinator")
    assert project.history.get().history_user == admin_user


def test_a_user_given_the_right_creates_a_project(client, viewer, coordinator):
    viewer.user_permissions.add(
        Permission.objects.get(codename="add_project", content_type__app_label="consortium")
    )
    client.force_login(viewer)
    assertContains(client.get(URL), '<h1 class="h3 mb-3">New project</h1>', html=False)
    response = client.post(URL, data())
    assert response["Location"] == "/"  # the set-up is the coordinator's, not theirs
    assert Project.objects.filter(acronym="NOVA").exists()


def test_an_unknown_email_is_invited_to_coordinate(client, admin_user):
    client.force_login(admin_user)
    response = client.post(URL, data(coordinator="Nina@Example.org"))
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.partner.short_name) == (
        "nina@example.org",
        "coordinator",
        "NOV",
    )
    assert invitation.project.acronym == "NOVA"
    assert "/accounts/invitation/" in response.content.decode()


def test_errors_name_the_field(client, admin_user, project):
    client.force_login(admin_user)
    response = client.post(URL, data(acronym="ELCA", coordinator="nobody", duration_months="0"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["acronym"] == ["Acronym: another project already has this acronym."]
    assert errors["coordinator"] == [
        "Coordinator: no account is called nobody; give an e-mail address to invite."
    ]
    assert errors["duration_months"] == ["Duration (months): a project lasts at least one month."]
    assert 'class="form-control is-invalid"' in response.content.decode()
    assert not Project.objects.filter(acronym="NOVA").exists()


@pytest.mark.parametrize("persona", ["coordinator", "task_leader", "amz_staff", "viewer", "outsider"])
def test_members_without_the_right_are_refused(client, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data(coordinator=user.username)).status_code == 403
    assert not Project.objects.filter(acronym="NOVA").exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.post(URL, data())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_home_offers_new_project_to_those_with_the_right(client, admin_user, coordinator):
    client.force_login(coordinator)
    assert URL not in client.get(reverse("portal:home")).content.decode()
    client.force_login(admin_user)
    assert URL in client.get(reverse("portal:home")).content.decode()


def test_home_links_the_coordinator_to_the_set_up(client, coordinator, amz_staff):
    client.force_login(coordinator)
    setup_url = reverse("setup:index", args=["ELCA"])
    assert setup_url in client.get(reverse("portal:home")).content.decode()
    client.force_login(amz_staff)
    assert setup_url not in client.get(reverse("portal:home")).content.decode()
