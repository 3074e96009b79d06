"""The personal calendar feed (issue 17): the page where a person makes and revokes their link, and the
feed the link opens.

The link is the credential: whoever holds it reads the person's deadlines (no session, no second step: a
calendar program has neither). Only the SHA-256 of its secret is stored, so the link is shown once, when
it is made; a new link replaces the old one, and revoking deletes it: the old URL answers 404 at once.
"""

import secrets
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.middleware import opened_by_token
from accounts.models import token_digest
from accounts.security_events import security_event
from consortium.models import Membership
from notifications.calendar import feed_bytes
from notifications.models import CalendarFeed

# Calendar programs fetch every hour or so; a proxy or the program itself may keep a copy this long. It
# is private: the feed is one person's.
MAX_AGE = 15 * 60
# When the feed was last read is written at most this often: a calendar polling every few minutes
# would otherwise cost a write each time.
USED_EVERY = timedelta(hours=1)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request):
    link = replaced = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "new":
            link, replaced = _new_link(request)
        elif action == "revoke":
            deleted, _rows = CalendarFeed.objects.filter(user=request.user).delete()
            if deleted:
                security_event("calendar_link_revoked", request)
                messages.success(request, _("Your calendar link was revoked: the old link no longer works."))
            else:
                messages.info(request, _("You had no calendar link: there was nothing to revoke."))
            return redirect("notifications:calendar")
        else:
            return HttpResponseBadRequest(_("Action: choose “new” or “revoke”."))
    feed = CalendarFeed.objects.filter(user=request.user).first()
    memberships = Membership.objects.filter(user=request.user).select_related("project", "partner")
    context = {
        "feed": feed,
        "link": link,
        "replaced": replaced,
        "memberships": memberships,
        "refresh_minutes": MAX_AGE // 60,
    }
    return render(request, "notifications/calendar.html", context)


def _new_link(request) -> tuple[str, bool]:
    """A new secret for the person's feed, replacing the old one (whose URL stops working at once): its
    URL, and whether there was an old one."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        replaced, _rows = CalendarFeed.objects.filter(user=request.user).delete()
        CalendarFeed.objects.create(user=request.user, token_hash=token_digest(token))
    security_event("calendar_link_made", request, replaced=bool(replaced))
    return request.build_absolute_uri(reverse("notifications:feed", args=[token])), bool(replaced)


@opened_by_token
@require_safe  # GET and HEAD: some calendar programs ask HEAD first
def feed(request, token):
    found = CalendarFeed.objects.filter(token_hash=token_digest(token)).select_related("user").first()
    if found is None or not found.user.is_active:
        raise Http404  # unknown, replaced or revoked: the same answer, no hint which
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at >= USED_EVERY:
        CalendarFeed.objects.filter(pk=found.pk).update(last_used_at=now)
    site = request.build_absolute_uri("/")
    response = HttpResponse(feed_bytes(found.user, site=site), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = f"private, max-age={MAX_AGE}"
    response["X-Robots-Tag"] = "noindex"
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response
