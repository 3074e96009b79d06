"""Things that happen in a request notify once committed, at once, whatever the person chose: a role given,
changed or taken away, and a change of two-step login (security kinds cannot be turned off)."""

import pytest
from django.core import mail

from accounts.people import services
from accounts.twostep import policy
from consortium.models import Membership
from notifications.models import Delivery, Notification, Preference
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(project, amz, with_addresses, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = UserFactory(username="newcomer", email="newcomer@example.org")
        membership = MembershipFactory(user=user, project=project, partner=amz, role=Membership.Role.STAFF)
    return membership


def test_a_role_given_is_told_at_once(member):
    assert [m.to for m in mail.outbox] == [["newcomer@example.org"]]
    assert mail.outbox[0].subject == "[ELCA] You now have the role Partner staff in ELCA."
    assert "tell your coordinator at once" in mail.outbox[0].body


def test_a_role_changed_is_told_even_to_someone_who_turned_it_off(member, django_capture_on_commit_callbacks):
    Preference.objects.create(user=member.user, kind="role_changed", delivery=Delivery.OFF)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_change(
            membership=member, role=Membership.Role.TASK_LEADER, partner=member.partner
        )
    assert [m.subject for m in mail.outbox] == [
        "[ELCA] Your role in ELCA is now Task leader (it was Partner staff)."
    ]
    assert Notification.objects.filter(user=member.user, kind="role_changed").count() == 2


def test_a_save_that_changes_nothing_tells_nothing(member, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        member.save()
    assert mail.outbox == []


def test_a_role_taken_away_is_told_without_linking_to_the_project(member, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_remove(membership=member)
    notification = Notification.objects.get(user=member.user, params__variant="removed")
    assert notification.project is None and notification.url == ""
    assert [m.subject for m in mail.outbox] == ["[KPI tracker] You no longer have a role in ELCA."]


def test_a_change_rolled_back_tells_no_one(member, django_capture_on_commit_callbacks):
    from django.db import transaction

    mail.outbox.clear()
    with (  # noqa: PT012
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.membership_change(membership=member, role=Membership.Role.VIEWER, partner=None)
        raise RuntimeError
    assert mail.outbox == []
    assert not Notification.objects.filter(params__variant="changed").exists()


def test_a_deleted_account_is_not_notified_of_losing_its_role(member, django_capture_on_commit_callbacks):
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        member.user.delete()
    assert Notification.objects.count() == before - 1  # its own went with it; none was made


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("enrol", "Two-step login was set up for your account with an authenticator app."),
        ("codes", "New backup codes were made for your account; the old ones no longer work."),
        ("remove", "The authenticator of your account was removed; set up two-step login again."),
    ],
)
def test_two_step_changes_are_told_at_once(member, django_capture_on_commit_callbacks, change, words):
    user = member.user
    device = policy.pending_authenticator(user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        policy.confirm_authenticator(device)
    if change != "enrol":
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            if change == "codes":
                policy.new_backup_codes(user)
            else:
                device.delete()
    # One mail: setting up says nothing of the backup codes made with it.
    assert [m.subject for m in mail.outbox] == [f"[KPI tracker] {words}"]
    assert mail.outbox[0].to == ["newcomer@example.org"]
