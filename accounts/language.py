"""Each person's language (README "Languages"): the top bar and the login page offer the six; the choice is
kept in a cookie (so a page costs no query for it) and on the account (so the next login on another
browser, and the e-mails, use it). Without a choice, the browser's Accept-Language decides."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Language

CHOSEN = "_language_chosen"  # session: chosen on the login page, to keep for the account at login
REMEMBER = "language_to_remember"  # request attribute: the cookie to write on this response


def _set_cookie(response, code):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LanguageMiddleware(LocaleMiddleware):
    """Django's: the cookie, else the browser's language; and, after a login, the account's choice."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        code = getattr(request, REMEMBER, None)
        if code:
            _set_cookie(response, code)
        return response


def language_at_login(sender, request, user, **kwargs):
    """Receiver of `user_logged_in`: a language chosen on the login page becomes the account's; else the
    account's choice, made on another browser, is taken on this one."""
    if request is None:
        return
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if request.session.pop(CHOSEN, False) and chosen in dict(settings.LANGUAGES):
        Language.objects.update_or_create(user=user, defaults={"code": chosen})
        return
    code = Language.objects.filter(user=user).values_list("code", flat=True).first()
    if code and code != chosen:
        setattr(request, REMEMBER, code)
        translation.activate(code)
        request.LANGUAGE_CODE = code


@require_POST
def choose_language(request):
    """The chooser's form: `language` and `next` (a page of this site)."""
    code = request.POST.get("language", "")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if code not in dict(settings.LANGUAGES):
        messages.error(
            request, _("Language: “%(code)s” is not one of the languages offered here.") % {"code": code}
        )
        return response
    _set_cookie(response, code)
    if request.user.is_authenticated:
        Language.objects.update_or_create(user=request.user, defaults={"code": code})
    else:
        request.session[CHOSEN] = True
    return response
