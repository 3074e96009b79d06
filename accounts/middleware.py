"""Session limits (RELIABILITY.md R3): 30 minutes idle, 12 hours from login, whatever the activity; and
no stored copies of a signed-in user's pages (R2).

The times are written at login and refreshed at most once a minute, so an ordinary request costs no
session write (every page's query count stays what its test pins).
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

STARTED = "_session_started_at"
MAY_RECORD = "_may_record"  # has an editing role in some project: the menu offers "Import"
LAST_SEEN = "_session_last_seen_at"
REFRESH_EVERY = 60  # seconds: the idle limit is kept to the minute


def opened_by_token(view):
    """Marks a view whose URL carries its own secret (a calendar feed): it answers whoever holds the link,
    with or without a session, so neither the session clock nor the second step sends the caller to the
    login or code page (a calendar program would take that page for the feed)."""
    view.opened_by_token = True
    return view


def _opened_by_token(request) -> bool:
    try:
        return getattr(resolve(request.path_info).func, "opened_by_token", False)
    except Resolver404:
        return False


def background(view):
    """Marks a view that pages ask by themselves, on a timer (the bell's unread count): its requests are
    not activity, so they do not restart the idle clock (else an open tab would never be signed out).
    An ended session still ends on them."""
    view.session_background = True
    return view


def stamp_login(sender, request, user, **kwargs):
    """Receiver of `user_logged_in` (connected in AccountsConfig.ready): the session's clock starts."""
    now = time.time()
    request.session[STARTED] = request.session[LAST_SEEN] = now
    request.session[MAY_RECORD] = _may_record(user)


def _may_record(user) -> bool:
    from consortium.access import rights

    return rights(user).record


def navigation(request) -> dict:
    """Context processor: what the menu offers. Asked once per login (stamp_login) and kept in the session,
    so pages cost no query for it; a role changed since shows in the menu at the next login (the pages
    themselves always check the role)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if MAY_RECORD not in request.session:  # a session opened before the menu asked
        request.session[MAY_RECORD] = _may_record(user)
    return {"may_record": request.session[MAY_RECORD]}


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(STARTED)
            last_seen = request.session.get(LAST_SEEN)
            if started is None or last_seen is None:
                request.session[STARTED] = request.session[LAST_SEEN] = started = last_seen = now
            if (
                now - started > settings.SESSION_ABSOLUTE_SECONDS
                or now - last_seen > settings.SESSION_IDLE_SECONDS
            ):
                logout(request)  # flushes the session: nothing of it survives
                if request.path == resolve_url(settings.LOGIN_URL) or _opened_by_token(request):
                    # "Log in again" after the session ended: the login page itself, with its own `next`;
                    # or a link that carries its own secret, answered as to anyone without a session.
                    return self.get_response(request)
                return redirect(f"{settings.LOGIN_URL}?next={request.path}")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """The idle clock starts again here, where the view is known: not for a `background` view's."""
        if not request.user.is_authenticated or getattr(view_func, "session_background", False):
            return None
        now = time.time()
        if now - request.session.get(LAST_SEEN, now) > REFRESH_EVERY:
            request.session[LAST_SEEN] = now
        return None


def session_clock(request) -> dict:
    """Context processor: how long the signed-in user's session has left, for the warning before it ends
    (static/js/site.js). Reads the times the middleware keeps in the session: no query of its own."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or STARTED not in request.session:
        return {}
    now = time.time()
    idle_left = settings.SESSION_IDLE_SECONDS - (now - request.session.get(LAST_SEEN, now))
    absolute_left = settings.SESSION_ABSOLUTE_SECONDS - (now - request.session[STARTED])
    return {
        "session_clock": {
            "left": max(0, int(min(idle_left, absolute_left))),
            "idle": settings.SESSION_IDLE_SECONDS,
            "absolute_left": max(0, int(absolute_left)),
            "warn": min(settings.SESSION_WARN_SECONDS, settings.SESSION_IDLE_SECONDS),
        }
    }


class NoStoreMiddleware:
    """What a signed-in user is shown (pages, evidence, exports) is kept by no browser or proxy cache: the
    back button after logout, or the next user of a shared computer, finds nothing (R2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
