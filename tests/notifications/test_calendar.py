"""The personal calendar feed (issue 17): the page that makes and revokes the link, and the feed itself."""

from datetime import date, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import token_digest
from consortium.models import Deliverable, DueDateChange, Membership, Milestone
from notifications.calendar import build_feed
from notifications.models import CalendarFeed
from tests.factories import EventFactory, MembershipFactory, PartnerFactory, PeriodFactory, ProjectFactory

PAGE = reverse("notifications:calendar")


def _link(user, token=None) -> str:
    """A calendar link of `user` (made as the page makes it, with a known secret); its path."""
    token = token or f"secret-of-{user.username}"
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": token_digest(token)})
    return reverse("notifications:feed", args=[token])


def _read(response) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(response.content)


def _events(calendar) -> dict:
    """{uid: VEVENT} of a calendar."""
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def _day(vevent, name="dtstart") -> date:
    return vevent.decoded(name)


@pytest.fixture
def plan(project, periods, amz, mav):
    """A small plan as the demo has: a deliverable pending and one submitted, a milestone, two periods,
    an event of AMZ's dated to the day, one of MAV's, one of AMZ's known only to the month."""
    pending = Deliverable.objects.create(
        project=project, code="D3.2", title="Cooperation report", due_month=6, lead=amz
    )
    submitted = Deliverable.objects.create(
        project=project,
        code="D1.1",
        title="Branding",
        due_month=3,
        status=Deliverable.Status.SUBMITTED,
        submitted_on=date(2020, 11, 20),
    )
    undated = Deliverable.objects.create(project=project, code="D9.9", title="No month yet")
    milestone = Milestone.objects.create(project=project, number=2, title="Strategy agreed", due_month=12)
    workshop = EventFactory(
        project=project,
        name="Workshop in Bilbao",
        responsible=[amz],
        date_start=date(2021, 3, 4),
        date_end=date(2021, 3, 5),
        date_precision="day",
        location="Bilbao",
    )
    mav_event = EventFactory(
        project=project,
        name="Fair in Madrid",
        responsible=[mav],
        date_start=date(2021, 5, 10),
        date_end=date(2021, 5, 10),
        date_precision="day",
    )
    vague = EventFactory(
        project=project,
        name="Some time in June",
        responsible=[amz],
        date_start=date(2021, 6, 1),
        date_end=date(2021, 6, 30),
        date_precision="month",
    )
    return {
        "pending": pending,
        "submitted": submitted,
        "undated": undated,
        "milestone": milestone,
        "workshop": workshop,
        "mav_event": mav_event,
        "vague": vague,
        "periods": periods,
    }


# -- the feed ----------------------------------------------------------------------------------------------
def test_the_feed_holds_the_coordinators_deadlines_and_their_partners_events(client, coordinator, plan):
    response = client.get(_link(coordinator))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=900"
    assert response["X-Robots-Tag"] == "noindex"
    events = _events(_read(response))
    p1, p2 = plan["periods"]
    assert sorted(events) == sorted(
        [
            f"deliverable-{plan['pending'].pk}@testserver",
            f"deliverable-{plan['submitted'].pk}@testserver",
            f"milestone-{plan['milestone'].pk}@testserver",
            f"period-{p1.pk}@testserver",
            f"period-{p2.pk}@testserver",
            f"event-{plan['workshop'].pk}@testserver",
        ]
    )
    pending = events[f"deliverable-{plan['pending'].pk}@testserver"]
    assert str(pending["summary"]) == "[ELCA] D3.2 due: Cooperation report"
    assert _day(pending) == date(2021, 2, 28)  # the end of M6 (the project starts in September 2020)
    assert _day(pending, "dtend") == date(2021, 3, 1)
    assert pending["dtstart"].params["VALUE"] == "DATE"  # an all-day event
    assert [str(c) for c in pending["categories"].cats] == ["Deliverable"]
    assert pending["description"].splitlines() == [
        "Deliverable D3.2 of ELCA, due at the end of project month M6.",
        "Not submitted yet.",
        "http://testserver/projects/ELCA/deliverables/#deliverables",
    ]
    submitted = events[f"deliverable-{plan['submitted'].pk}@testserver"]
    assert str(submitted["summary"]) == "[ELCA] D1.1 due: Branding (submitted)"
    assert "Submitted on 20.11.2020." in submitted["description"].splitlines()
    milestone = events[f"milestone-{plan['milestone'].pk}@testserver"]
    assert str(milestone["summary"]) == "[ELCA] MS2 due: Strategy agreed"
    assert _day(milestone) == date(2021, 8, 31)
    assert (
        milestone["description"].splitlines()[-1]
        == "http://testserver/projects/ELCA/deliverables/#milestones"
    )
    period = events[f"period-{p2.pk}@testserver"]
    assert str(period["summary"]) == "[ELCA] Reporting period 2 ends"
    assert _day(period) == date(2021, 8, 31)
    assert period["description"].splitlines()[-1] == "http://testserver/projects/ELCA/report-texts/2/"
    workshop = events[f"event-{plan['workshop'].pk}@testserver"]
    assert str(workshop["summary"]) == "[ELCA] Workshop in Bilbao"
    assert (_day(workshop), _day(workshop, "dtend")) == (date(2021, 3, 4), date(2021, 3, 6))
    assert str(workshop["location"]) == "Bilbao"
    assert str(workshop["url"]) == f"http://testserver/events/{plan['workshop'].pk}/"


def test_a_moved_due_date_is_the_moved_one(client, project, coordinator, plan):
    pending = plan["pending"]
    DueDateChange.objects.create(
        project=project, deliverable=pending, from_month=6, to_month=8, reason="Late"
    )
    DueDateChange.objects.create(project=project, milestone=plan["milestone"], to_month=14, reason="Later")

    events = _events(_read(client.get(_link(coordinator))))

    moved = events[f"deliverable-{pending.pk}@testserver"]
    assert _day(moved) == date(2021, 4, 30)  # the end of M8, not of M6
    assert moved["description"].splitlines()[:2] == [
        "Deliverable D3.2 of ELCA, due at the end of project month M8.",
        "Moved from M6.",
    ]
    assert _day(events[f"milestone-{plan['milestone'].pk}@testserver"]) == date(2021, 10, 31)


def test_staff_get_their_own_partners_events_only(client, mav_staff, plan):
    uids = set(_events(_read(client.get(_link(mav_staff)))))
    assert f"event-{plan['mav_event'].pk}@testserver" in uids
    assert f"event-{plan['workshop'].pk}@testserver" not in uids


def test_a_viewer_gets_the_deadlines_and_no_events(client, viewer, plan):
    uids = set(_events(_read(client.get(_link(viewer)))))
    assert len(uids) == 5
    assert [uid for uid in uids if uid.startswith("event-")] == []


def test_another_projects_deadlines_are_absent(client, outsider, plan):
    other = Membership.objects.get(user=outsider).project
    own = Deliverable.objects.create(project=other, code="D1.1", title="Theirs", due_month=2)

    events = _events(_read(client.get(_link(outsider))))

    assert sorted(events) == [f"deliverable-{own.pk}@testserver"]
    assert str(events[f"deliverable-{own.pk}@testserver"]["summary"]) == "[OTHER] D1.1 due: Theirs"


def test_someone_who_left_a_project_no_longer_gets_its_dates(client, amz_staff, plan):
    url = _link(amz_staff)
    assert len(_events(_read(client.get(url)))) == 6
    Membership.objects.filter(user=amz_staff).delete()
    assert _events(_read(client.get(url))) == {}


def test_uids_stay_the_same_from_one_fetch_to_the_next(client, coordinator, plan):
    url = _link(coordinator)
    assert sorted(_events(_read(client.get(url)))) == sorted(_events(_read(client.get(url))))


def test_the_builder_takes_the_site_for_links_and_uids(coordinator, plan):
    calendar = build_feed(coordinator, site="https://kpi.example.org/")
    pending = _events(calendar)[f"deliverable-{plan['pending'].pk}@kpi.example.org"]
    assert str(pending["url"]) == "https://kpi.example.org/projects/ELCA/deliverables/#deliverables"
    assert str(calendar["x-wr-calname"]) == "Project deadlines"


def test_an_unknown_token_is_a_404(client, coordinator, plan):
    _link(coordinator)
    assert client.get(reverse("notifications:feed", args=["not-the-secret"])).status_code == 404


def test_a_revoked_link_is_a_404(client, coordinator, plan):
    url = _link(coordinator)
    CalendarFeed.objects.filter(user=coordinator).delete()
    assert client.get(url).status_code == 404


def test_an_inactive_persons_link_is_a_404(client, coordinator, plan):
    url = _link(coordinator)
    coordinator.is_active = False
    coordinator.save()
    assert client.get(url).status_code == 404


def test_the_feed_answers_get_and_head_only(client, coordinator):
    url = _link(coordinator)
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_last_used_is_written_at_most_once_an_hour(client, coordinator, plan):
    url = _link(coordinator)
    client.get(url)
    first = CalendarFeed.objects.get(user=coordinator).last_used_at
    assert first is not None
    client.get(url)
    assert CalendarFeed.objects.get(user=coordinator).last_used_at == first
    CalendarFeed.objects.filter(user=coordinator).update(last_used_at=first - timedelta(minutes=61))
    client.get(url)
    assert CalendarFeed.objects.get(user=coordinator).last_used_at > first


def test_the_feed_opens_in_a_session_still_waiting_for_its_second_step(client, settings, coordinator, plan):
    """Someone half logged in (password given, code not yet) who opens their link gets the feed, not the
    code page: the link is its own credential."""
    settings.MFA_REQUIRED = True
    client.post(reverse("login"), {"username": "coordinator", "password": "secret-password-1"})
    assert client.get(reverse("portal:home")).status_code == 302  # the code page first
    response = client.get(_link(coordinator))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_the_feed_opens_in_a_session_that_timed_out(client, settings, amz_staff, plan):
    client.force_login(amz_staff)
    settings.SESSION_IDLE_SECONDS = -1  # every session has been idle too long
    response = client.get(_link(amz_staff))
    assert response.status_code == 200
    assert len(_events(_read(response))) == 6


# -- the page ------------------------------------------------------------------------------------------
def test_anonymous_is_sent_to_login(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={PAGE}"
    assert client.post(PAGE, {"action": "new"})["Location"].startswith(reverse("login"))
    assert CalendarFeed.objects.count() == 0


def test_the_page_says_what_the_feed_holds_and_that_there_is_no_link(client, coordinator, viewer):
    client.force_login(coordinator)
    page = client.get(PAGE).content.decode()
    assert "ELCA · Coordinator: its deadlines, and the events of AMZ" in page
    assert "You have no calendar link." in page
    assert "Revoke the link" not in page
    client.force_login(viewer)
    page = client.get(PAGE).content.decode()
    assert "ELCA · Viewer (read only): its deadlines (you work for no partner there, so no events)" in page


def test_new_makes_a_link_shown_once_and_stores_only_its_hash(client, coordinator, plan):
    client.force_login(coordinator)
    response = client.post(PAGE, {"action": "new"})

    assert response.status_code == 200
    link = response.context["link"]
    assert link.startswith("http://testserver/calendar/") and link.endswith(".ics")
    token = link.removeprefix("http://testserver/calendar/").removesuffix(".ics")
    assert len(token) >= 43  # 32 random bytes
    assert f'value="{link}"' in response.content.decode()
    feed = CalendarFeed.objects.get(user=coordinator)
    assert feed.token_hash == token_digest(token)
    assert token not in feed.token_hash
    assert client.get(link).status_code == 200
    # Later visits say that a link exists, not what it is.
    page = client.get(PAGE).content.decode()
    assert token not in page
    assert "You have a calendar link, made on" in page
    assert "No calendar has read it yet." not in page  # the GET above read it


def test_a_new_link_replaces_the_old_one(client, coordinator, plan):
    client.force_login(coordinator)
    old = client.post(PAGE, {"action": "new"}).context["link"]
    response = client.post(PAGE, {"action": "new"})
    new = response.context["link"]

    assert new != old
    assert "The link you had before no longer works." in response.content.decode()
    assert CalendarFeed.objects.filter(user=coordinator).count() == 1
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_revoke_deletes_the_link(client, coordinator, plan):
    client.force_login(coordinator)
    link = client.post(PAGE, {"action": "new"}).context["link"]

    response = client.post(PAGE, {"action": "revoke"}, follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    page = response.content.decode()
    assert "Your calendar link was revoked: the old link no longer works." in page
    assert "You have no calendar link." in page
    assert not CalendarFeed.objects.filter(user=coordinator).exists()
    assert client.get(link).status_code == 404


def test_new_and_revoke_touch_only_the_persons_own_link(client, coordinator, amz_staff, plan):
    theirs = _link(amz_staff)
    client.force_login(coordinator)
    client.post(PAGE, {"action": "new"})
    client.post(PAGE, {"action": "revoke"})
    assert client.get(theirs).status_code == 200
    assert list(CalendarFeed.objects.values_list("user__username", flat=True)) == ["amz"]


def test_an_unknown_action_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(PAGE, {"action": "share"})
    assert response.status_code == 400
    assert CalendarFeed.objects.count() == 0


def test_the_copy_button_is_in_a_static_script_and_hidden_without_it(client, coordinator):
    client.force_login(coordinator)
    page = client.post(PAGE, {"action": "new"}).content.decode()
    assert "/static/js/copy-link.js" in page
    assert 'data-copy="calendar-link"' in page and "hidden>Copy</button>" in page
    assert "<script>" not in page


# -- query counts ----------------------------------------------------------------------------------------
def _projects(user, rows):
    """`user` in `rows` projects, each with `rows` deliverables (one moved), milestones, periods and events
    of the user's partner."""
    for n in range(rows):
        project = ProjectFactory(acronym=f"Q{n}", start_date=date(2024, 1, 1))
        partner = PartnerFactory(project=project)
        MembershipFactory(user=user, project=project, partner=partner, role=Membership.Role.STAFF)
        for i in range(rows):
            item = Deliverable.objects.create(project=project, code=f"D{i}", title="D", due_month=i + 1)
            DueDateChange.objects.create(project=project, deliverable=item, to_month=i + 2)
            Milestone.objects.create(project=project, number=i + 1, title="M", due_month=i + 1)
            PeriodFactory(
                project=project,
                number=i + 1,
                start_date=date(2024 + i, 1, 1),
                end_date=date(2024 + i, 12, 31),
            )
            day = date(2024, 3, i + 1)
            EventFactory(
                project=project, responsible=[partner], date_start=day, date_end=day, date_precision="day"
            )


@pytest.mark.parametrize("rows", [1, 3])
def test_feed_query_count(client, db, rows, django_assert_num_queries):
    from tests.factories import UserFactory

    user = UserFactory(username="counted")
    _projects(user, rows)
    url = _link(user)
    CalendarFeed.objects.filter(user=user).update(last_used_at=timezone.now())  # read a minute ago
    # The link and its person; the memberships with their projects and partners; deliverables and their
    # due-date changes; milestones and theirs; periods; events of the person's partners.
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(_events(_read(response))) == 4 * rows * rows


@pytest.mark.parametrize("rows", [1, 3])
def test_page_query_count(client, db, rows, django_assert_num_queries):
    from tests.factories import UserFactory

    user = UserFactory(username="counted")
    _projects(user, rows)
    _link(user)
    client.force_login(user)
    # The session, the user, their link, their memberships with projects and partners.
    with django_assert_num_queries(4):
        page = client.get(PAGE).content.decode()
    assert page.count("<li data-project=") == rows
