"""Review: the task leader and coordinator verify or return; the partner resubmits; who and when is kept."""

import pytest
from django.urls import reverse

from agreements.models import Agreement


def review(client, record, action, comment=""):
    return client.post(
        reverse("agreements:agreement_review", args=[record.pk]), {"action": action, "comment": comment}
    )


def state(record):
    return (
        Agreement.objects.filter(pk=record.pk)
        .values_list("review_status", "reviewed_by", "review_comment")
        .get()
    )


def test_task_leader_verifies_and_who_and_when_are_kept(client, task_leader, amz_agreement):
    client.force_login(task_leader)

    review(client, amz_agreement, "verify")

    amz_agreement.refresh_from_db()
    assert (amz_agreement.review_status, amz_agreement.reviewed_by) == ("verified", task_leader)
    assert amz_agreement.reviewed_at is not None and amz_agreement.version == 2
    page = client.get(amz_agreement.get_absolute_url()).content.decode()
    assert 'data-review="verified"' in page and "by taskleader" in page


def test_return_needs_a_comment(client, task_leader, mav_agreement):
    client.force_login(task_leader)

    response = review(client, mav_agreement, "return", "  ")

    assert state(mav_agreement) == ("submitted", None, "")
    assert "a returned record needs a comment" in client.get(response["Location"]).content.decode()


def test_returned_record_shows_on_the_partners_home_until_resubmitted(
    client, task_leader, mav_staff, mav_agreement
):
    client.force_login(task_leader)
    review(client, mav_agreement, "return", "Please attach the signed PDF.")

    client.force_login(mav_staff)
    home = client.get(reverse("portal:home")).content.decode()
    returned = home.split('id="returned"')[1].split("</section>")[0]
    assert "MAV-Chile SME agreement" in returned and "Please attach the signed PDF." in returned

    review(client, mav_agreement, "resubmit")

    assert state(mav_agreement)[0] == "submitted"
    home = client.get(reverse("portal:home")).content.decode()
    assert "MAV-Chile SME agreement" not in home.split('id="returned"')[1].split("</section>")[0]


def test_staff_cannot_verify(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)

    assert review(client, mav_agreement, "verify").status_code == 403
    assert state(mav_agreement) == ("submitted", None, "")


def test_other_partner_cannot_resubmit(client, task_leader, amz_staff, mav_agreement):
    client.force_login(task_leader)
    review(client, mav_agreement, "return", "Fix the date")
    client.force_login(amz_staff)

    assert review(client, mav_agreement, "resubmit").status_code == 403
    assert state(mav_agreement)[0] == "returned"


def test_viewer_cannot_review(client, viewer, mav_agreement):
    client.force_login(viewer)

    assert review(client, mav_agreement, "verify").status_code == 403
    assert state(mav_agreement) == ("submitted", None, "")


def test_outsider_gets_404_and_anonymous_goes_to_login(client, outsider, mav_agreement):
    assert review(client, mav_agreement, "verify").status_code == 302
    client.force_login(outsider)
    assert review(client, mav_agreement, "verify").status_code == 404
    assert state(mav_agreement) == ("submitted", None, "")


def test_coordinator_returns_and_the_history_says_so(client, coordinator, mav_agreement):
    client.force_login(coordinator)

    review(client, mav_agreement, "return", "Wrong kind")

    page = client.get(mav_agreement.get_absolute_url()).content.decode()
    history = page.split('id="history"')[1]
    assert "Changed</strong> by coordinator" in history
    assert "Review status: <del>Awaiting review</del> → Returned for changes" in history


def test_task_leader_sees_what_awaits_review_on_home(client, task_leader, mav_agreement, amz_agreement):
    client.force_login(task_leader)
    review(client, amz_agreement, "verify")

    awaiting = (
        client.get(reverse("portal:home")).content.decode().split('id="awaiting"')[1].split("</section>")[0]
    )

    assert "MAV-Chile SME agreement" in awaiting and "AMZ-Michigan cluster MoU" not in awaiting


# -- one rule for every path that changes a record (issue 12, S1) ------------------------------------------
@pytest.mark.parametrize(
    ("status", "reviewer", "after"),
    [
        ("verified", False, "submitted"),
        ("verified", True, "verified"),
        ("returned", False, "returned"),
        ("submitted", False, "submitted"),
    ],
)
def test_a_change_sends_only_a_verified_record_changed_by_a_non_reviewer_back(status, reviewer, after):
    record = Agreement(review_status=status)

    sent_back = record.reopen_review(changed_by_reviewer=reviewer)

    assert (record.review_status, sent_back) == (after, after != status)
