"""The dissemination log's pages: list, form, record page; who may change an activity; what is refused."""

import pytest

from communication.models import CommunicationActivity
from tests.communication.conftest import activity

pytestmark = pytest.mark.usefixtures("db")

VALID = {
    "name": "Article in the regional business newspaper",
    "kind": "article",
    "channel": "Sächsische Zeitung",
    "link": "https://example.org/elca-article",
    "date": "03.2021",
    "audience_smes": "120",
    "audience_policy": "4",
}


@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_does_not_grow(client, project, mav, mav_staff, rows, django_assert_num_queries):
    for n in range(rows):
        activity(project, "03.2021", name=f"Post {n}", responsible=[mav], audience_smes=10 * (n + 1))
    client.force_login(mav_staff)

    # session, user, the user's roles, count, the page of rows, their responsible partners, the partners
    # and the periods the filters offer.
    with django_assert_num_queries(8):
        response = client.get("/dissemination/")

    table = response.context["table"]
    assert table.paginator.count == rows
    assert [row.get_cell("audience") for row in table.page.object_list] == [10 * (n + 1) for n in range(rows)]


@pytest.mark.parametrize("rows", [1, 3])
def test_new_form_query_count_does_not_grow(client, project, mav, mav_staff, rows, django_assert_num_queries):
    for n in range(rows):
        activity(project, name=f"Post {n}", responsible=[mav])
    client.force_login(mav_staff)

    # session, user, the projects where the user may add, their membership.
    with django_assert_num_queries(4):
        response = client.get("/dissemination/new/")

    assert list(response.context["form"].fields)[:4] == ["name", "kind", "date", "channel"]


def test_staff_add_an_activity_for_their_partner_with_its_audience(client, mav, mav_staff):
    client.force_login(mav_staff)

    response = client.post("/dissemination/new/", VALID)

    assert response.status_code == 302, response.context["form"].errors
    saved = CommunicationActivity.objects.get()
    assert (saved.kind, saved.link, str(saved.date)) == (
        "article",
        "https://example.org/elca-article",
        "Mar 2021",
    )
    assert (saved.audience_smes, saved.audience_rtos, saved.audience_policy, saved.audience_total) == (
        120,
        None,
        4,
        124,
    )
    assert list(saved.responsible.all()) == [mav]
    assert saved.history.count() == 1


def test_the_record_page_shows_the_audience_by_kind_and_the_link(client, project, mav, viewer):
    record = activity(
        project,
        "03.2021",
        responsible=[mav],
        link="https://example.org/post",
        audience_smes=12,
        audience_rtos=3,
    )
    client.force_login(viewer)

    shown = {f.label: f.text for f in client.get(record.get_absolute_url()).context["fields"]}

    assert shown["Link"] == "https://example.org/post"
    assert (shown["Audience: SMEs"], shown["Audience: research and technology organisations"]) == ("12", "3")
    assert shown["Audience: policy makers"] == "—"  # not known, not zero
    assert shown["Kind of activity"] == "Article or press release"


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://example.org/file", "file:///etc/passwd", "not a link at all"]
)
def test_a_link_that_is_not_a_web_address_is_refused_and_nothing_saved(client, mav_staff, link):
    client.force_login(mav_staff)

    response = client.post("/dissemination/new/", VALID | {"link": link})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["link"]
    assert not CommunicationActivity.objects.exists()


def test_a_negative_audience_is_refused_naming_the_field(client, mav_staff):
    client.force_login(mav_staff)

    response = client.post("/dissemination/new/", VALID | {"audience_rtos": "-5"})

    assert response.context["form"].errors == {
        "audience_rtos": ["Ensure this value is greater than or equal to 0."]
    }
    assert not CommunicationActivity.objects.exists()


def test_a_link_without_its_scheme_is_read_as_https(client, mav_staff):
    client.force_login(mav_staff)

    client.post("/dissemination/new/", VALID | {"link": "example.org/news"})

    assert CommunicationActivity.objects.get().link == "https://example.org/news"


# -- who may change an activity (DESIGN.md §6) ------------------------------------------------------------
@pytest.fixture
def mav_activity(project, mav):
    return activity(project, "03.2021", name="MAV newsletter", kind="newsletter", responsible=[mav])


def edit(client, record, **changes):
    return client.post(f"/dissemination/{record.pk}/edit/", VALID | {"version": record.version} | changes)


def test_its_partner_edits_it(client, mav_staff, mav_activity):
    client.force_login(mav_staff)

    response = edit(client, mav_activity, name="MAV newsletter, March")

    assert response.status_code == 302
    mav_activity.refresh_from_db()
    assert mav_activity.name == "MAV newsletter, March"


def test_another_partner_may_not_edit_it(client, amz_staff, mav_activity):
    client.force_login(amz_staff)

    assert edit(client, mav_activity, name="Taken over").status_code == 403
    mav_activity.refresh_from_db()
    assert mav_activity.name == "MAV newsletter"


def test_another_project_does_not_see_it(client, outsider, mav_activity):
    client.force_login(outsider)

    assert client.get(mav_activity.get_absolute_url()).status_code == 404
    assert edit(client, mav_activity, name="Taken over").status_code == 404


def test_a_viewer_reads_it_but_may_not_edit_it(client, viewer, mav_activity):
    client.force_login(viewer)

    assert client.get(mav_activity.get_absolute_url()).context["record"] == mav_activity
    assert edit(client, mav_activity, name="Taken over").status_code == 403
    mav_activity.refresh_from_db()
    assert mav_activity.name == "MAV newsletter"


def test_anonymous_is_sent_to_login(client, mav_activity):
    for url in ("/dissemination/", "/dissemination/new/", f"/dissemination/{mav_activity.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={url}"


def test_the_kind_filter_lists_only_that_kind(client, project, mav, viewer, mav_activity):
    activity(project, "04.2021", name="Press release", kind="article", responsible=[mav])
    client.force_login(viewer)

    response = client.get("/dissemination/", {"kind": "article"})

    assert [row.record.name for row in response.context["table"].page.object_list] == ["Press release"]
