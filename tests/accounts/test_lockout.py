"""Password lockout behind the documented proxy (issue 12, item 7): 5 failures lock one user name from one
client address, and that address is the client's, not the proxy's, whatever the client writes itself.

The proxy is simulated as nginx with `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for` does it:
REMOTE_ADDR is the proxy (127.0.0.1) and X-Forwarded-For ends with the address the proxy was called from,
after whatever the client sent in that header.
"""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from elca.settings import _client_address

PASSWORD = "secret-password-1"
PROXY = "127.0.0.1"
HOME, OFFICE, STRANGER = "203.0.113.7", "198.51.100.20", "192.0.2.66"


@pytest.fixture
def behind_one_proxy(settings):
    """What settings.py sets with BEHIND_TLS_PROXY=1 (PROXY_COUNT=1), django-axes switched on."""
    settings.AXES_ENABLED = True
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_IPWARE_PROXY_COUNT = _client_address(1)


def through_proxy(client, address, username, password, *, forged=None):
    """A login form post from `address`, through the proxy; `forged`: what the client wrote in the header."""
    chain = f"{forged}, {address}" if forged else address
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=chain,
    )


def fail_five_times(client, address, username, **kwargs):
    answers = [through_proxy(client, address, username, "wrong", **kwargs).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]


def test_five_failures_lock_the_user_from_that_address_only(client, amz_staff, behind_one_proxy):
    fail_five_times(client, HOME, "amz")

    assert through_proxy(client, HOME, "amz", PASSWORD).status_code == 429
    assert through_proxy(client, OFFICE, "amz", PASSWORD).status_code == 302  # logged in from the office


def test_a_stranger_cannot_lock_a_colleague_out(client, amz_staff, behind_one_proxy):
    fail_five_times(client, STRANGER, "amz")

    assert through_proxy(client, HOME, "amz", PASSWORD).status_code == 302


def test_the_lock_is_recorded_with_the_clients_address_not_the_proxys(client, amz_staff, behind_one_proxy):
    fail_five_times(client, HOME, "amz")

    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("amz", HOME)]


def test_a_forged_forwarded_for_cannot_choose_the_address(client, amz_staff, behind_one_proxy):
    # The stranger writes the victim's address (and more hops than there are proxies) into the header;
    # the proxy appends the stranger's real one, and that right-most entry is the one taken.
    fail_five_times(client, STRANGER, "amz", forged=f"10.9.8.7, {HOME}")

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [STRANGER]
    assert through_proxy(client, HOME, "amz", PASSWORD).status_code == 302


def test_changing_the_forged_part_does_not_escape_the_lock(client, amz_staff, behind_one_proxy):
    for number in range(4):
        through_proxy(client, STRANGER, "amz", "wrong", forged=f"10.0.0.{number}")

    assert through_proxy(client, STRANGER, "amz", "wrong", forged="10.0.0.99").status_code == 429


def test_behind_two_proxies_the_entry_before_the_nearer_one_is_the_client(client, amz_staff, settings):
    settings.AXES_ENABLED = True
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_IPWARE_PROXY_COUNT = _client_address(2)
    outer_proxy = "10.0.0.2"  # e.g. a load balancer in front of nginx

    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": "amz", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"{HOME}, {STRANGER}, {outer_proxy}",
        )

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [STRANGER]


def test_without_a_proxy_the_header_is_not_read(client, amz_staff, settings):
    settings.AXES_ENABLED = True
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_IPWARE_PROXY_COUNT = _client_address(0)

    client.post(
        reverse("login"),
        {"username": "amz", "password": "wrong"},
        REMOTE_ADDR=STRANGER,
        HTTP_X_FORWARDED_FOR=HOME,
    )

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [STRANGER]
