"""The bell's pages: the person's notifications, the unread count the top bar loads after each page, opening
one (marks it read), marking all read, and the choice per kind of how to be told.

A notification is only ever its person's: every lookup goes through `Notification.objects.of(user)`, so
another's is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.middleware import background
from consortium.models import Project
from notifications import kinds
from notifications.forms import PreferencesForm
from notifications.models import Notification, Preference

PER_PAGE = 50


@login_required
@require_GET
def notification_list(request):
    projects = list(Project.objects.visible_to(request.user).only("pk", "acronym").order_by("acronym"))
    # A project the person is not a member of (or no such project) is ignored, not an error.
    chosen = next((p for p in projects if p.acronym == request.GET.get("project")), None)
    unread_only = request.GET.get("unread") == "1"
    rows = Notification.objects.of(request.user).select_related("project")
    if unread_only:
        rows = rows.unread()
    if chosen is not None:
        rows = rows.filter(project=chosen)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    filters = {}  # kept in the links to other pages
    if unread_only:
        filters["unread"] = "1"
    if chosen is not None:
        filters["project"] = chosen.acronym
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "items": [
                {
                    "notification": n,
                    "line": kinds.line(n),
                    "details": kinds.details(n),
                    "when": date_format(timezone.localtime(n.created_at), "SHORT_DATETIME_FORMAT"),
                }
                for n in page.object_list
            ],
            "projects": projects,
            "chosen": chosen,
            "unread_only": unread_only,
            "filters": urlencode(filters),
        },
    )


@background
@login_required
@require_GET
def unread_count(request):
    """The bell's badge (an htmx fragment): one query, and not counted as activity of the session."""
    count = Notification.objects.of(request.user).unread().count()
    return render(request, "notifications/_badge.html", {"count": count})


def _local(url: str) -> bool:
    """A path of this site ("/projects/..."), never another site's address (an open redirect)."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


@login_required
@require_POST
def notification_open(request, pk):
    notification = get_object_or_404(Notification.objects.of(request.user), pk=pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return redirect(notification.url if _local(notification.url) else reverse("notifications:list"))


@login_required
@require_POST
def read_all(request):
    marked = Notification.objects.of(request.user).unread().update(read_at=timezone.now())
    if marked:
        text = ngettext(
            "%(count)s notification marked as read.", "%(count)s notifications marked as read.", marked
        )
        messages.success(request, text % {"count": marked})
    else:
        messages.info(request, _("There was nothing unread."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = kinds.deliveries(request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for slug, delivery in form.chosen().items():
                Preference.objects.update_or_create(
                    user=request.user, kind=slug, defaults={"delivery": delivery}
                )
        messages.success(request, _("Saved."))
        return redirect("notifications:settings")
    highlighted = request.GET.get("kind")
    rows = [
        {
            "kind": kind,
            "field": None if kind.security else form[kind.slug],
            "highlighted": kind.slug == highlighted,
        }
        for kind in kinds.KINDS
    ]
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "rows": rows,
            "digest_hour": f"{settings.NOTIFICATIONS_DIGEST_HOUR:02d}:00",
            "time_zone": settings.TIME_ZONE,
        },
        status=400 if form.errors else 200,
    )
