"""The task leader's "Awaiting your review" (issue 12, daily work 4): the newest first, how many in all,
and a link per record kind to its list filtered to the records awaiting this user's review."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from events.models import Event
from tests.factories import AgreementFactory, EventFactory

HOME = reverse("portal:home")
AGREEMENTS_TO_REVIEW = "/agreements/?review=submitted&reviewer=me"


def _awaiting_panel(html: str) -> str:
    return html.split('id="awaiting"')[1].split("</section>")[0]


@pytest.fixture
def twenty_five_awaiting(project, mav):
    """23 agreements and 2 events awaiting review, one day apart: "Agreement 0" is the oldest."""
    now = timezone.now()
    for n in range(23):
        agreement = AgreementFactory(project=project, name=f"Agreement {n}", responsible=[mav])
        Agreement.objects.filter(pk=agreement.pk).update(updated_at=now - timedelta(days=100 - n))
    for n in range(2):
        event = EventFactory(project=project, name=f"Event {n}", responsible=[mav])
        Event.objects.filter(pk=event.pk).update(updated_at=now - timedelta(days=50 - n))


def test_awaiting_review_shows_the_newest_first_with_the_count(client, task_leader, twenty_five_awaiting):
    client.force_login(task_leader)

    response = client.get(HOME)

    names = [row["name"] for row in response.context["workspace"]["awaiting"]]
    assert names == ["Event 1", "Event 0", *[f"Agreement {n}" for n in range(22, 4, -1)]]
    panel = _awaiting_panel(response.content.decode())
    assert '<span class="badge text-bg-primary" data-count="awaiting">25</span>' in panel
    assert "The newest 20 of 25." in panel


def test_awaiting_review_links_to_each_kind_filtered_to_what_awaits_the_user(
    client, task_leader, twenty_five_awaiting
):
    client.force_login(task_leader)

    panel = _awaiting_panel(client.get(HOME).content.decode())

    assert f'<a href="{AGREEMENTS_TO_REVIEW.replace("&", "&amp;")}">Agreements (23)</a>' in panel
    assert '<a href="/events/?review=submitted&amp;reviewer=me">Events (2)</a>' in panel


def test_the_full_list_shows_every_record_awaiting_the_users_review(client, task_leader, project, mav):
    for n in range(3):
        AgreementFactory(project=project, name=f"Awaiting {n}", responsible=[mav])
    verified = AgreementFactory(project=project, name="Verified already", responsible=[mav])
    Agreement.objects.filter(pk=verified.pk).update(review_status="verified")
    client.force_login(task_leader)

    response = client.get(AGREEMENTS_TO_REVIEW)

    assert sorted(r.record.name for r in response.context["table"].page.object_list) == [
        "Awaiting 0",
        "Awaiting 1",
        "Awaiting 2",
    ]


def test_records_the_user_may_not_review_are_not_in_the_reviewers_list(client, mav_staff, project, mav):
    AgreementFactory(project=project, name="Awaiting", responsible=[mav])
    client.force_login(mav_staff)  # partner staff see the record but do not review it

    assert client.get("/agreements/?review=submitted").context["table"].paginator.count == 1
    assert client.get(AGREEMENTS_TO_REVIEW).context["table"].paginator.count == 0


def test_a_short_queue_shows_no_partial_count(client, task_leader, project, mav):
    AgreementFactory(project=project, name="Only one", responsible=[mav])
    client.force_login(task_leader)

    panel = _awaiting_panel(client.get(HOME).content.decode())

    assert '<span class="badge text-bg-primary" data-count="awaiting">1</span>' in panel
    assert "The newest" not in panel


@pytest.mark.parametrize("rows", [1, 3])
def test_reviewers_list_query_count_does_not_grow(
    client, task_leader, project, mav, rows, django_assert_num_queries
):
    for _ in range(rows):
        AgreementFactory(project=project, responsible=[mav])
    client.force_login(task_leader)

    # 1 session, 2 user, 3 the count (the reviewer filter is a subquery in it), 4 the user's roles (may they
    # add?), the filter form's 5 partners, 6 sectors, 7 missions, 8 periods and 9 the countries present in
    # the listed agreements, 10 the page of agreements, 11 their responsible partners
    with django_assert_num_queries(11):
        response = client.get(AGREEMENTS_TO_REVIEW)

    assert response.context["table"].paginator.count == rows
