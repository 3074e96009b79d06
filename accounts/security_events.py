"""Security events (RELIABILITY.md R6, R7): one JSON line per event on the `elca.security` logger.

Every line carries the time, the event, the user name, the client address and the path; some add a
detail (the refused user name, the role given, why a request was refused). Passwords and codes are never
passed here, so they cannot end up in a log.

The logging configuration imports this module before the apps are ready: models are imported inside the
receivers only.
"""

import json
import logging
from datetime import UTC, datetime

logger = logging.getLogger("elca.security")

# Receivers connected in AccountsConfig.ready(); each says which Django or django-axes signal it answers.


def client_ip(request) -> str | None:
    """The client's address as django-axes sees it: behind PROXY_COUNT proxies, from X-Forwarded-For."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request)


def security_event(event: str, request=None, *, user=None, level=logging.INFO, **detail) -> None:
    """Log `event` for `user` (default: the request's user) with the request's address and path."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    username = user if isinstance(user, str) else getattr(user, "username", None) or None
    fields = {
        "event": event,
        "user": username,
        "ip": client_ip(request),
        "path": getattr(request, "path", None),
        **detail,
    }
    logger.log(level, event, extra={"security": fields})


class JsonLineFormatter(logging.Formatter):
    """`{"time": ..., "level": ..., "event": ..., "user": ..., "ip": ..., "path": ..., ...}` on one line."""

    def format(self, record):
        fields = getattr(record, "security", None) or {"event": record.getMessage()}
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            **fields,
        }
        return json.dumps(line, ensure_ascii=False, default=str)


def on_login(sender, request, user, **kwargs):
    """`user_logged_in`."""
    security_event("login_succeeded", request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    """`user_login_failed`: Django has already masked the password; only the user name is kept."""
    security_event(
        "login_failed", request, user=str(credentials.get("username") or ""), level=logging.WARNING
    )


def on_logout(sender, request, user, **kwargs):
    """`user_logged_out` (user is None when the session had already ended)."""
    security_event("logout", request, user=user)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """django-axes `user_locked_out`: 5 wrong passwords for this user name from this address."""
    security_event("login_locked_out", request, user=username, level=logging.WARNING)


def on_membership_saved(sender, instance, created, **kwargs):
    """`post_save` of Membership: who was given which role, and by whom (the request simple-history saw)."""
    security_event(
        "membership_created" if created else "membership_changed",
        _current_request(),
        user=_actor(),
        member=instance.user.username,
        project=instance.project.acronym,
        role=instance.role,
        partner=instance.partner.short_name if instance.partner_id else None,
    )


def on_membership_deleted(sender, instance, **kwargs):
    """`post_delete` of Membership."""
    security_event(
        "membership_deleted",
        _current_request(),
        user=_actor(),
        member=instance.user.username,
        project=instance.project.acronym,
        role=instance.role,
    )


def _current_request():
    # django-simple-history's middleware keeps the request of the running thread; outside a request
    # (load_demo, the shell) there is none and the actor is "system".
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def _actor():
    request = _current_request()
    user = getattr(request, "user", None)
    return user.username if user is not None and user.is_authenticated else "system"
