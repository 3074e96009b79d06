from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe


@require_safe
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links: send them to the static one
    (a temporary redirect: its hashed name changes with its content)."""
    return redirect(static("img/favicon.ico"))


PAGES = (
    "portal",
    "notifications",
    "kpis",
    "imports",
    "reports",
    "narrative",
    "organisations",
    "missions",
    "events",
    "communication",
    "agreements",
    "workspace",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
    # Django's account pages, with our login and password reset (e-mail, rate limit): accounts/urls.py.
    path("accounts/", include("accounts.urls")),
    path("accounts/two-step/", include("accounts.twostep.urls")),
    # A project's People page and the invitation link (README "Inviting people").
    path("", include("accounts.people.urls")),
    # A new project and a project's frame (README "Setting up a project").
    path("", include("setup.urls")),
    path("api/", include("kpis.api_urls")),
    # Each app's pages under its own names ("kpis:dashboard"); the record pages come from the workspace's
    # generic views (issue 3), evidence downloads from the workspace itself.
    *(path("", include(f"{app}.urls")) for app in PAGES),
]

# Refusals are logged as security events before Django's own 403 page (templates/403.html) is shown.
handler403 = "accounts.errors.permission_denied"
