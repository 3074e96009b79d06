"""Issue 12, daily work 6: "Stay signed in" posts to the keepalive view, which restarts the session's idle
clock; every page says how long its session has left (data-session-* on <body>, read by static/js/site.js)."""

import time

from django.test import Client
from django.urls import reverse

from accounts.middleware import LAST_SEEN, STARTED

KEEPALIVE = reverse("keepalive")


def test_keepalive_answers_204_and_restarts_the_idle_clock(client, mav_staff):
    client.force_login(mav_staff)
    session = client.session
    session[LAST_SEEN] = time.time() - 20 * 60  # 20 minutes without a request
    session.save()

    response = client.post(KEEPALIVE)

    assert response.status_code == 204 and response.content == b""
    assert time.time() - client.session[LAST_SEEN] < 5


def test_a_read_only_member_may_stay_signed_in_too(client, viewer):
    client.force_login(viewer)

    assert client.post(KEEPALIVE).status_code == 204


def test_keepalive_sends_anonymous_to_login_and_refuses_get(client, mav_staff):
    assert client.post(KEEPALIVE)["Location"] == f"/accounts/login/?next={KEEPALIVE}"
    client.force_login(mav_staff)
    assert client.get(KEEPALIVE).status_code == 405


def test_keepalive_needs_the_csrf_token(mav_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mav_staff)

    assert client.post(KEEPALIVE).status_code == 403


def test_every_page_says_how_long_its_session_has_left(client, mav_staff, settings):
    settings.SESSION_IDLE_SECONDS = 1800
    settings.SESSION_WARN_SECONDS = 300
    client.force_login(mav_staff)
    session = client.session
    session[LAST_SEEN] = time.time() - 30  # the clock is kept to the minute: this page does not restart it
    session.save()

    html = client.get(reverse("portal:home")).content.decode()

    left = int(html.split('data-session-left="')[1].split('"')[0])
    assert 1765 <= left <= 1770  # 30 minutes idle, 30 seconds of them gone
    assert 'data-session-idle="1800"' in html and 'data-session-warn="300"' in html
    assert f'data-keepalive-url="{KEEPALIVE}"' in html


def test_the_login_page_has_no_session_clock(client, db):
    html = client.get(reverse("login")).content.decode()

    assert "data-session-left" not in html and 'id="session-warning"' not in html


def test_near_the_12_hour_limit_the_page_says_what_is_left_of_it(client, mav_staff):
    client.force_login(mav_staff)
    session = client.session
    session[STARTED] = time.time() - (12 * 60 * 60 - 200)
    session.save()

    html = client.get(reverse("portal:home")).content.decode()

    assert int(html.split('data-session-left="')[1].split('"')[0]) in range(195, 201)
    assert int(html.split('data-session-absolute-left="')[1].split('"')[0]) in range(195, 201)


def test_log_in_again_after_the_session_ended_keeps_where_to_go(client, mav_staff):
    client.force_login(mav_staff)
    session = client.session
    session[LAST_SEEN] = time.time() - 31 * 60
    session.save()

    response = client.get("/accounts/login/?next=/agreements/new/")

    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    assert '<input type="hidden" name="next" value="/agreements/new/">' in response.content.decode()
