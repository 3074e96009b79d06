"""The start page: the user's projects, their partners and how many records each keeps."""

import pytest
from django.urls import reverse

from tests.factories import AgreementFactory, EventFactory, MissionFactory


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_login_page_logs_in_and_shows_the_start_page(client, amz_staff):
    response = client.post(
        reverse("login"), {"username": "amz", "password": "secret-password-1"}, follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    assert response.context["user"] == amz_staff
    assert "ELCA" in response.content.decode()


def test_wrong_password_says_so_and_stays_on_login(client, amz_staff):
    response = client.post(reverse("login"), {"username": "amz", "password": "wrong"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_start_page_shows_partners_and_their_record_counts(client, project, amz, mav, amz_staff):
    AgreementFactory(project=project, responsible=[amz])
    AgreementFactory(project=project, status="signed", responsible=[amz, mav])
    EventFactory(project=project, responsible=[mav])
    MissionFactory(project=project, consortium_led=True, participants=[amz, mav])
    client.force_login(amz_staff)

    response = client.get(reverse("portal:home"))

    (elca,) = response.context["projects"]
    assert (elca.n_agreements, elca.n_signed_agreements, elca.n_events, elca.n_missions) == (2, 1, 1, 1)
    rows = {p.short_name: (p.n_agreements, p.n_events, p.n_missions) for p in elca.partner_rows}
    assert rows == {"AMZ": (2, 0, 1), "MAV": (1, 1, 1)}
    html = response.content.decode()
    assert 'data-partner="AMZ"' in html and 'data-partner="MAV"' in html
    assert elca.membership.get_role_display() == "Partner staff"
    for page in ("kpis:dashboard", "kpis:timeline", "reports:index"):
        assert f'href="{reverse(page, args=["ELCA"])}"' in html


def test_outsider_sees_only_their_own_project(client, project, amz, outsider):
    AgreementFactory(project=project, responsible=[amz])
    client.force_login(outsider)

    response = client.get(reverse("portal:home"))

    assert [p.acronym for p in response.context["projects"]] == ["OTHER"]
    assert "ELCA" not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_start_page_query_count_does_not_grow_with_records(
    client, project, amz, mav, amz_staff, rows, django_assert_num_queries
):
    for _ in range(rows):
        AgreementFactory(project=project, responsible=[amz, mav])
        EventFactory(project=project, responsible=[mav])
        MissionFactory(project=project, participants=[amz])
    client.force_login(amz_staff)

    # 1 session, 2 user, 3 projects with their record counts, 4 partners with theirs, 5 the user's
    # memberships, 6-8 the partner's returned, undated and latest records (one UNION over the kinds each),
    # 9-10 the user's permissions and their groups' (Django's has_perm: the "New project" link, issue 15)
    with django_assert_num_queries(10):
        response = client.get(reverse("portal:home"))

    assert response.context["projects"][0].n_agreements == rows
