"""Until a session that needs the second step is confirmed, only the login, logout and code pages open
(and the URLs that carry their own secret, accounts.middleware.opened_by_token: a calendar feed).

Pages redirect to the code page (or to setting up an authenticator, for someone who has none yet); the
API answers 403 with a JSON body; htmx requests are told to load the code page in full. Static files
never get here (whitenoise answers them first). A confirmed session costs nothing: one look in the session.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import urlencode
from django.utils.translation import gettext
from django_htmx.http import HttpResponseClientRedirect

from accounts.twostep import policy

OPEN_VIEWS = {"login", "logout", "twostep:enrol", "twostep:verify"}


class TwoStepMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MFA_REQUIRED or not request.user.is_authenticated or policy.is_verified(request):
            return None
        needed = request.session.get(policy.NEEDED)
        if needed is None:  # a session opened before two-step login was switched on
            needed = request.session[policy.NEEDED] = policy.needs_second_step(request.user)
        if not needed or request.resolver_match.view_name in OPEN_VIEWS:
            return None
        if getattr(view_func, "opened_by_token", False):  # accounts.middleware.opened_by_token
            return None
        has_authenticator = policy.authenticator(request.user) is not None
        target = resolve_url("twostep:verify" if has_authenticator else "twostep:enrol")
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": gettext("finish the two-step login first (%(url)s)") % {"url": target}}, status=403
            )
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)
