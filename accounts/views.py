"""Login and password reset: Django's views, with what this installation adds to them.

- The login page offers "Forgot your password?" only where a reset mail can be sent.
- Without e-mail the reset page says whom to ask, instead of a form whose mail could never leave.
- The reset form is limited per client address and per e-mail address. A limited request gets the same
  "if the address is known, a mail is on its way" page as any other, so the answers never tell which
  addresses have accounts; it is logged as a security event instead.
"""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import PasswordResetRequest
from accounts.security_events import client_ip, security_event


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "password_reset_offered": settings.PASSWORD_RESET_BY_EMAIL
        }


class PasswordResetView(auth_views.PasswordResetView):
    @property
    def extra_email_context(self):
        """The mail says how long its link works (PASSWORD_RESET_TIMEOUT), in whole hours."""
        return {"valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not PasswordResetRequest.objects.admit(ip=client_ip(self.request), email=email):
            security_event("password_reset_limited", self.request, level=logging.WARNING, email=email)
            return HttpResponseRedirect(self.get_success_url())
        security_event("password_reset_requested", self.request, email=email)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        security_event("password_reset_completed", self.request, user=form.user)
        return response


_password_reset_by_email = PasswordResetView.as_view()


@require_http_methods(["GET", "POST"])
def password_reset(request):
    if not settings.PASSWORD_RESET_BY_EMAIL:
        return render(request, "registration/password_reset_unavailable.html")
    return _password_reset_by_email(request)


@login_required
@require_POST
def keepalive(request):
    """ "Stay signed in" (static/js/site.js): a request like any other, so the session's idle clock starts
    again (accounts.middleware.SessionTimeoutMiddleware); the 12-hour limit from login still holds."""
    return HttpResponse(status=204)
