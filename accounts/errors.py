"""Error views: a refusal (403) is logged as a security event, then shown with the usual page."""

import logging

from django.views.defaults import permission_denied as django_permission_denied

from accounts.security_events import security_event


def permission_denied(request, exception):
    security_event("permission_denied", request, level=logging.WARNING, reason=str(exception) or None)
    return django_permission_denied(request, exception)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form posted without its token (or from another site) is refused and logged."""
    from django.views.csrf import csrf_failure as django_csrf_failure

    security_event("csrf_refused", request, level=logging.WARNING, reason=reason)
    return django_csrf_failure(request, reason)
