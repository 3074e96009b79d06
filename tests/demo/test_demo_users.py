"""`load_demo` plants published credentials, so it runs only with DEBUG on and never touches a user it did
not create (issue 12, item 2). The deploy check that refuses such a database is in tests/accounts/."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo_credentials import DEMO_TOTP_KEY
from accounts.models import DemoAccount
from consortium.models import Membership, Project
from demo.loader import DEMO_PASSWORD, load_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OWN_PASSWORD = "her-own-password-7"
OWN_KEY = "31323334353637383930313233343536373839"


@pytest.fixture
def real_coordinator():
    """A real installation's `coordinator`, with her own password and authenticator, made before the demo."""
    user = UserFactory(username="coordinator", password=OWN_PASSWORD, email="k.s@example.org")
    TOTPDevice.objects.create(user=user, name="Her phone", key=OWN_KEY, confirmed=True)
    return user


def test_the_command_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError) as refused:
        call_command("load_demo")

    message = str(refused.value)
    assert "only runs with DEBUG on" in message
    assert "throwaway database" in message and "DEBUG=1" in message
    assert (get_user_model().objects.count(), Project.objects.count()) == (0, 0)


def test_the_command_loads_with_debug_on_and_marks_the_users_it_created(settings, capsys):
    settings.DEBUG = True

    call_command("load_demo")

    made = set(DemoAccount.objects.values_list("user__username", flat=True))
    assert made == set(get_user_model().objects.values_list("username", flat=True))
    assert {"coordinator", "viewer", "amz", "admin"} <= made
    assert DEMO_PASSWORD in capsys.readouterr().out


def test_an_existing_user_of_a_demo_name_keeps_password_authenticator_and_roles(real_coordinator):
    result = load_demo()

    real_coordinator.refresh_from_db()
    assert real_coordinator.check_password(OWN_PASSWORD)
    assert not real_coordinator.check_password(DEMO_PASSWORD)
    assert list(TOTPDevice.objects.filter(user=real_coordinator).values_list("name", "key")) == [
        ("Her phone", OWN_KEY)
    ]
    assert not Membership.objects.filter(user=real_coordinator).exists()
    assert not DemoAccount.objects.filter(user=real_coordinator).exists()
    assert result.untouched_users == ["coordinator"]


def test_the_other_demo_users_are_created_beside_her(real_coordinator):
    load_demo()

    taskleader = get_user_model().objects.get(username="taskleader")
    assert taskleader.check_password(DEMO_PASSWORD)
    assert TOTPDevice.objects.get(user=taskleader).key == DEMO_TOTP_KEY
    assert DemoAccount.objects.filter(user=taskleader).exists()


def test_a_second_run_still_leaves_her_alone_and_says_so(real_coordinator, settings, capsys):
    settings.DEBUG = True
    load_demo()

    call_command("load_demo")

    out = capsys.readouterr().out
    assert "Left alone: coordinator already existed and were not created by the demo" in out
    assert TOTPDevice.objects.filter(user=real_coordinator).count() == 1
    assert not Membership.objects.filter(user=real_coordinator).exists()


def test_a_second_run_brings_demo_created_users_up_to_date(settings):
    load_demo()
    coordinator = get_user_model().objects.get(username="coordinator")
    TOTPDevice.objects.filter(user=coordinator).delete()
    Membership.objects.filter(user=coordinator).delete()

    result = load_demo()

    assert TOTPDevice.objects.get(user=coordinator).key == DEMO_TOTP_KEY
    assert Membership.objects.get(user=coordinator).role == Membership.Role.COORDINATOR
    assert result.untouched_users == []
