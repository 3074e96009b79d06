"""The navbar's Dashboard and Reports: straight into the only project, else a page to choose one."""

import pytest
from django.urls import reverse

from consortium.models import Membership
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

CHOOSERS = [("kpis:dashboard_index", "kpis:dashboard"), ("reports:home", "reports:index")]


def member_of(count: int):
    user = UserFactory(username="many")
    for number in range(count):
        project = ProjectFactory(acronym=f"P{number}", title=f"Project {number}")
        MembershipFactory(user=user, project=project, partner=None, role=Membership.Role.VIEWER)
    return user


@pytest.mark.parametrize(("chooser", "target"), CHOOSERS)
def test_one_project_goes_straight_to_it(client, db, chooser, target):
    client.force_login(member_of(1))
    response = client.get(reverse(chooser))
    assert response.status_code == 302
    assert response["Location"] == reverse(target, args=["P0"])


@pytest.mark.parametrize(("chooser", "target"), CHOOSERS)
def test_several_projects_are_listed_each_linking_to_its_page(client, db, chooser, target):
    client.force_login(member_of(3))
    html = client.get(reverse(chooser)).content.decode()
    for number in range(3):
        assert f'href="{reverse(target, args=[f"P{number}"])}"' in html
        assert f"Project {number}" in html


@pytest.mark.parametrize(("chooser", "target"), CHOOSERS)
def test_no_project_says_to_ask_the_coordinator(client, db, chooser, target):
    client.force_login(UserFactory(username="nobody"))
    response = client.get(reverse(chooser))
    assert (
        response.status_code == 200 and "You are not a member of any project yet" in response.content.decode()
    )


@pytest.mark.parametrize("chooser", [chooser for chooser, _ in CHOOSERS])
@pytest.mark.parametrize("projects", [2, 3])
def test_chooser_query_count_does_not_grow(client, db, chooser, projects, django_assert_num_queries):
    client.force_login(member_of(projects))
    with django_assert_num_queries(3):  # session, user, the projects
        response = client.get(reverse(chooser))
    assert response.status_code == 200 and f"Project {projects - 1}" in response.content.decode()


@pytest.mark.parametrize("chooser", [chooser for chooser, _ in CHOOSERS])
def test_anonymous_is_sent_to_login(client, db, chooser):
    response = client.get(reverse(chooser))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
