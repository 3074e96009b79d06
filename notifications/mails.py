"""The e-mail of one notification or of a day's digest: plain text and HTML, short, the project in the
subject, every link absolute (SITE_URL), and the link to the person's settings for each kind it carries."""

from itertools import groupby
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from accounts.models import language_of
from notifications import kinds

SUBJECT_LENGTH = 150


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path.startswith("/") else path


def settings_url(kind: str = "") -> str:
    url = reverse("notifications:settings")
    if kind:
        url = f"{url}?{urlencode({'kind': kind})}#kind-{kind}"
    return absolute(url)


def _subject(notifications, digest: bool) -> str:
    acronyms = sorted({n.project.acronym for n in notifications if n.project_id})
    prefix = f"[{', '.join(acronyms) or gettext('KPI tracker')}]"
    if digest:
        text = ngettext(
            "%(count)s notification of the day", "%(count)s notifications of the day", len(notifications)
        ) % {"count": len(notifications)}
    else:
        text = kinds.line(notifications[0])
    subject = f"{prefix} {text}".replace("\n", " ")
    return subject if len(subject) <= SUBJECT_LENGTH else subject[: SUBJECT_LENGTH - 1] + "…"


def compose(user, notifications, *, digest: bool) -> EmailMultiAlternatives:
    """The message for `user` carrying `notifications` (ordered by project), in the language they chose
    (accounts.language; the site's without a choice)."""
    with translation.override(language_of(user)):
        groups = [
            {
                "project": acronym,
                "items": [
                    {
                        "line": kinds.line(n),
                        "details": kinds.details(n),
                        "url": absolute(n.url) if n.url else "",
                        "settings": settings_url(n.kind),
                    }
                    for n in items
                ],
            }
            for acronym, items in groupby(
                notifications, key=lambda n: n.project.acronym if n.project_id else ""
            )
        ]
        context = {
            "name": user.get_full_name() or user.get_username(),
            "groups": groups,
            "digest": digest,
            "settings_url": settings_url("" if digest else notifications[0].kind),
            "list_url": absolute(reverse("notifications:list")),
        }
        message = EmailMultiAlternatives(
            subject=_subject(notifications, digest),
            body=render_to_string("notifications/email/message.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers={
                # An automatic message (RFC 3834): out-of-office replies are not sent back to it.
                "Auto-Submitted": "auto-generated",
                "List-Unsubscribe": f"<{context['settings_url']}>",
            },
        )
        message.attach_alternative(render_to_string("notifications/email/message.html", context), "text/html")
    return message
