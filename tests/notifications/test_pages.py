"""The bell's pages (issue 17, "Where", in the app): the list, the unread count, opening a notification,
marking all read, and the choice per kind. A notification is its person's only: another's is a 404."""

import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import LAST_SEEN
from consortium.dates import format_datetime
from notifications import kinds
from notifications.models import Delivery, Notification, Preference
from tests.factories import ProjectFactory

LIST = reverse("notifications:list")
COUNT = reverse("notifications:count")
READ_ALL = reverse("notifications:read_all")
SETTINGS = reverse("notifications:settings")


def notify(user, project, key="a", *, read=False, url="/agreements/", kind="record_returned", **params):
    return Notification.objects.create(
        user=user,
        project=project,
        kind=kind,
        key=key,
        params=params or {"record_kind": "Agreement", "name": f"Agreement {key}", "by": "Task Leader"},
        url=url,
        read_at=timezone.now() if read else None,
    )


def open_url(notification) -> str:
    return reverse("notifications:open", args=[notification.pk])


# -- the list ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count(client, project, mav_staff, rows, django_assert_num_queries):
    for number in range(rows):
        notify(mav_staff, project, key=f"k{number}", read=number == 0)
    client.force_login(mav_staff)
    # session, user, the person's projects, the count of their notifications, the page of them (with project)
    with django_assert_num_queries(5):
        page = client.get(LIST).content.decode()
    assert page.count("data-notification=") == rows
    assert page.count("data-unread") == rows - 1


def test_list_shows_the_line_details_project_and_time_newest_first(client, project, mav_staff, settings):
    settings.TIME_ZONE = "Europe/Brussels"
    older = notify(mav_staff, project, key="old")
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - timezone.timedelta(days=2))
    newer = notify(
        mav_staff,
        project,
        key="new",
        kind="period_ending",
        url="/projects/ELCA/",
        period=2,
        end_on="2021-08-31",
        items=[["undated", 3]],
    )
    client.force_login(mav_staff)

    page = client.get(LIST).content.decode()

    assert page.index(f'data-notification="{newer.pk}"') < page.index(f'data-notification="{older.pk}"')
    assert "Reporting period 2 ends on 31.08.2021." in page
    assert "3 records of your partner have no date." in page
    assert "Agreement “Agreement old” was returned for changes by Task Leader." in page
    assert ">ELCA</span>" in page
    newer.refresh_from_db()
    assert format_datetime(newer.created_at) in page


def test_unread_ones_are_bold_and_say_new(client, project, mav_staff):
    notify(mav_staff, project, key="unread")
    notify(mav_staff, project, key="read", read=True)
    client.force_login(mav_staff)

    page = client.get(LIST).content.decode()

    assert page.count('<span class="badge text-bg-primary">New</span>') == 1
    assert page.count('<p class="mb-0 fw-bold">') == 1


def test_list_shows_only_the_persons_own(client, project, mav_staff, amz_staff):
    notify(mav_staff, project, key="mine", name="Mine")
    notify(amz_staff, project, key="theirs", name="Theirs")
    client.force_login(mav_staff)

    page = client.get(LIST).content.decode()

    assert "“Mine”" in page and "“Theirs”" not in page


def test_unread_only_filter(client, project, mav_staff):
    notify(mav_staff, project, key="unread", name="Unread one")
    notify(mav_staff, project, key="read", name="Read one", read=True)
    client.force_login(mav_staff)

    page = client.get(LIST + "?unread=1").content.decode()

    assert "“Unread one”" in page and "“Read one”" not in page


def test_project_filter_takes_only_the_persons_projects(client, project, mav_staff, outsider):
    from consortium.models import Membership
    from tests.factories import MembershipFactory

    second = ProjectFactory(acronym="SECOND")
    MembershipFactory(user=mav_staff, project=second, partner=None, role=Membership.Role.VIEWER)
    notify(mav_staff, project, key="elca", name="In ELCA")
    notify(mav_staff, second, key="second", name="In SECOND")
    other = Membership.objects.get(user=outsider).project
    client.force_login(mav_staff)

    chosen = client.get(LIST + "?project=SECOND").content.decode()
    ignored = client.get(LIST + f"?project={other.acronym}").content.decode()

    assert "“In SECOND”" in chosen and "“In ELCA”" not in chosen
    assert "“In SECOND”" in ignored and "“In ELCA”" in ignored  # not a member: the filter is ignored
    assert f'<option value="{other.acronym}"' not in ignored


def test_an_empty_list_says_so(client, project, mav_staff):
    client.force_login(mav_staff)

    page = client.get(LIST).content.decode()
    filtered = client.get(LIST + "?unread=1").content.decode()

    assert "You have no notifications yet." in page
    assert "No notifications match these filters." in filtered


def test_list_links_to_the_settings_and_the_calendar(client, project, mav_staff):
    client.force_login(mav_staff)

    page = client.get(LIST).content.decode()

    assert f'href="{SETTINGS}"' in page and f'href="{reverse("notifications:calendar")}"' in page


def test_list_pages_by_fifty(client, project, mav_staff):
    Notification.objects.bulk_create(
        Notification(user=mav_staff, project=project, kind="record_returned", key=f"k{n}", params={})
        for n in range(51)
    )
    client.force_login(mav_staff)

    first = client.get(LIST + "?unread=1").content.decode()
    second = client.get(LIST + "?unread=1&page=2").content.decode()

    assert first.count("data-notification=") == 50 and second.count("data-notification=") == 1
    assert 'href="?unread=1&amp;page=2"' in first


# -- the count -----------------------------------------------------------------------------------------
def test_count_query_count(client, project, mav_staff, django_assert_num_queries):
    for number in range(3):
        notify(mav_staff, project, key=f"k{number}")
    client.force_login(mav_staff)
    # session, user, the count
    with django_assert_num_queries(3):
        response = client.get(COUNT)
    assert 'data-bell-count="3"' in response.content.decode()


@pytest.mark.parametrize(
    ("unread", "shown", "said"),
    [
        (1, ">1<", "1 unread notification<"),
        (3, ">3<", "3 unread notifications<"),
        (100, ">99+<", "100 unread"),
    ],
)
def test_count_shows_the_number_and_says_it_in_words(client, project, mav_staff, unread, shown, said):
    Notification.objects.bulk_create(
        Notification(user=mav_staff, project=project, kind="record_returned", key=f"k{n}")
        for n in range(unread)
    )
    notify(mav_staff, project, key="read", read=True)
    client.force_login(mav_staff)

    fragment = client.get(COUNT).content.decode()

    assert shown in fragment and said in fragment


def test_count_shows_nothing_when_all_is_read(client, project, mav_staff, amz_staff):
    notify(mav_staff, project, key="read", read=True)
    notify(amz_staff, project, key="someone else's")
    client.force_login(mav_staff)

    fragment = client.get(COUNT).content.decode().strip()

    assert fragment == '<span data-bell-count="0"></span>'


def test_count_does_not_restart_the_idle_clock(client, mav_staff):
    """The page asks for it every two minutes by itself: an open tab must still be signed out when idle."""
    client.force_login(mav_staff)
    session = client.session
    session[LAST_SEEN] = idle_since = time.time() - 20 * 60
    session.save()

    assert client.get(COUNT).status_code == 200
    assert client.session[LAST_SEEN] == idle_since
    client.get(LIST)
    assert time.time() - client.session[LAST_SEEN] < 5  # a page the person opens does


def test_every_page_loads_the_bell_after_itself(client, project, mav_staff):
    client.force_login(mav_staff)

    page = client.get(reverse("portal:home")).content.decode()

    assert f'hx-get="{COUNT}" hx-trigger="load, every 120s" hx-swap="innerHTML"' in page
    assert f'<a class="nav-link bell-link" href="{LIST}" aria-label="Notifications"' in page
    assert "{#" not in page and "{% comment" not in page  # the template's note stays out of the page


# -- opening one, marking all read ------------------------------------------------------------------------
def test_open_marks_read_and_goes_to_its_page(client, project, mav_staff):
    notification = notify(mav_staff, project, url="/projects/ELCA/dashboard/")
    client.force_login(mav_staff)

    response = client.post(open_url(notification))

    assert response.status_code == 302 and response["Location"] == "/projects/ELCA/dashboard/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_open_of_another_persons_notification_is_404(client, project, mav_staff, amz_staff):
    theirs = notify(amz_staff, project)
    client.force_login(mav_staff)

    assert client.post(open_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_open_with_an_address_elsewhere_goes_to_the_list(client, project, mav_staff, url):
    notification = notify(mav_staff, project, url=url)
    client.force_login(mav_staff)

    response = client.post(open_url(notification))

    assert response["Location"] == LIST


def test_open_keeps_the_first_reading_time(client, project, mav_staff):
    notification = notify(mav_staff, project, read=True)
    first = notification.read_at
    client.force_login(mav_staff)

    client.post(open_url(notification))

    notification.refresh_from_db()
    assert notification.read_at == first


def test_read_all_marks_only_the_persons_unread(client, project, mav_staff, amz_staff):
    mine = [notify(mav_staff, project, key=f"k{n}") for n in range(2)]
    theirs = notify(amz_staff, project, key="theirs")
    client.force_login(mav_staff)

    response = client.post(READ_ALL, follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "2 notifications marked as read." in response.content.decode()
    assert Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_all_with_nothing_unread_says_so(client, project, mav_staff):
    client.force_login(mav_staff)

    response = client.post(READ_ALL, follow=True)

    assert "There was nothing unread." in response.content.decode()


# -- the settings --------------------------------------------------------------------------------------
@pytest.mark.parametrize("rows", [1, 3])
def test_settings_query_count(client, mav_staff, rows, django_assert_num_queries):
    for kind in ["due_soon", "due_today", "overdue"][:rows]:
        Preference.objects.create(user=mav_staff, kind=kind, delivery=Delivery.OFF)
    client.force_login(mav_staff)
    # session, user, the person's preferences
    with django_assert_num_queries(3):
        page = client.get(SETTINGS).content.decode()
    assert len(re.findall(r'value="off" id="id_\w+" checked', page)) == rows
    assert page.count(" checked") == len(kinds.KINDS) - len(kinds.SECURITY)  # one choice per editable kind


def _choices(user) -> dict:
    return kinds.deliveries(user)


def _all(delivery) -> dict:
    return {kind.slug: delivery for kind in kinds.KINDS if not kind.security}


def test_settings_saved(client, mav_staff):
    client.force_login(mav_staff)

    response = client.post(SETTINGS, {**_all(Delivery.IMMEDIATE), "due_soon": Delivery.OFF}, follow=True)

    assert response.redirect_chain == [(SETTINGS, 302)]
    assert "Saved." in response.content.decode()
    chosen = _choices(mav_staff)
    assert chosen["due_soon"] == Delivery.OFF and chosen["writing_accepted"] == Delivery.IMMEDIATE
    assert 'name="due_soon" value="off" id="id_due_soon_2" checked' in response.content.decode()


def test_settings_saved_again_changes_the_same_row(client, mav_staff):
    client.force_login(mav_staff)

    client.post(SETTINGS, {"due_soon": Delivery.OFF})
    client.post(SETTINGS, {"due_soon": Delivery.DIGEST})

    assert list(Preference.objects.filter(user=mav_staff).values_list("kind", "delivery")) == [
        ("due_soon", Delivery.DIGEST)
    ]


def test_a_security_kind_cannot_be_turned_off(client, mav_staff):
    client.force_login(mav_staff)

    response = client.post(SETTINGS, {**_all(Delivery.DIGEST), "role_changed": Delivery.OFF})

    assert response.status_code == 302
    assert not Preference.objects.filter(user=mav_staff, kind__in=kinds.SECURITY).exists()
    assert _choices(mav_staff)["role_changed"] == Delivery.IMMEDIATE
    page = client.get(SETTINGS).content.decode()
    row = page.split('id="kind-role_changed"')[1].split("</tr>")[0]
    assert 'type="radio"' not in row and "cannot be turned off" in row and "Immediately" in row


def test_an_invalid_value_names_the_kind_and_saves_nothing(client, mav_staff):
    client.force_login(mav_staff)

    response = client.post(SETTINGS, {"due_soon": Delivery.OFF, "overdue": "weekly"})

    assert response.status_code == 400
    assert (
        "A deliverable or milestone is overdue: choose Immediately, In a daily digest or Off."
        in response.content.decode()
    )
    assert not Preference.objects.filter(user=mav_staff).exists()


def test_the_kind_of_a_mails_link_is_highlighted(client, mav_staff):
    client.force_login(mav_staff)

    page = client.get(SETTINGS + "?kind=overdue").content.decode()

    assert '<tr id="kind-overdue" data-kind="overdue" class="kind-chosen" data-chosen-kind>' in page
    assert page.count("data-chosen-kind") == 1


def test_settings_say_when_the_digest_is_sent(client, mav_staff, settings):
    settings.NOTIFICATIONS_DIGEST_HOUR = 6
    settings.TIME_ZONE = "Europe/Brussels"
    client.force_login(mav_staff)

    page = client.get(SETTINGS).content.decode()

    assert "The daily digest is sent once a day, from 06:00 (Europe/Brussels time)" in page


# -- who gets in ---------------------------------------------------------------------------------------
def _every_url(notification):
    return [
        ("get", LIST),
        ("get", COUNT),
        ("post", open_url(notification)),
        ("post", READ_ALL),
        ("get", SETTINGS),
        ("post", SETTINGS),
    ]


def test_anonymous_is_sent_to_login_from_every_page(client, project, mav_staff):
    notification = notify(mav_staff, project)
    for method, url in _every_url(notification):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={url}", url
    notification.refresh_from_db()
    assert notification.read_at is None


def test_get_on_what_only_posts_is_refused(client, project, mav_staff):
    notification = notify(mav_staff, project)
    client.force_login(mav_staff)

    assert [client.get(url).status_code for url in (open_url(notification), READ_ALL)] == [405, 405]
    assert [client.post(url).status_code for url in (LIST, COUNT)] == [405, 405]
    notification.refresh_from_db()
    assert notification.read_at is None
