"""The invitation mail, through Django's e-mail settings (README "E-mail").

The rule for "can a mail leave?" is the password reset's: EMAIL_CONFIGURED (EMAIL_URL or EMAIL_HOST set),
or DEBUG, whose mail is printed on the console. Only EMAIL_CONFIGURED means it reaches a mailbox, so
without it the coordinator's page shows the link to pass on by hand; a mail server that fails also does.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Invitation
from accounts.security_events import security_event

logger = logging.getLogger(__name__)


def accept_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("people:accept", args=[token]))


def mail_leaves() -> bool:
    return settings.EMAIL_CONFIGURED or settings.DEBUG


def link_shown() -> bool:
    """Whether the coordinator's page shows the link: where no mail reaches a mailbox."""
    return not settings.EMAIL_CONFIGURED


def send_invitation(request, invitation: Invitation, link: str) -> bool:
    """Mail the invitation (plain text and HTML), in the language the inviter chose for it; whether it was
    handed to the mail server."""
    if not mail_leaves():
        return False
    with translation.override(invitation.language):
        message = _message(request, invitation, link)
    try:
        message.send()
    except OSError:  # smtplib's errors are OSErrors: the server refused or could not be reached
        logger.exception("invitation mail to %s not sent", invitation.email)
        return False
    return True


def _message(request, invitation: Invitation, link: str) -> EmailMultiAlternatives:
    context = {
        "invitation": invitation,
        "project": invitation.project,
        "link": link,
        "inviter": invitation.created_by,
        "sender": request.user,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    subject = gettext("Invitation to %(project)s on the KPI tracker") % {
        "project": invitation.project.acronym
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("accounts/people/invitation_email.txt", context, request=request),
        to=[invitation.email],
    )
    message.attach_alternative(
        render_to_string("accounts/people/invitation_email.html", context, request=request), "text/html"
    )
    return message


def invitation_deliver(request, invitation: Invitation, token: str, *, resent: bool = False) -> dict:
    """Mail a new (or resent) invitation's link and log it as a security event; what the page after it
    shows: whether it was mailed, and the link where no mail reaches a mailbox (else None)."""
    link = accept_url(request, token)
    mailed = send_invitation(request, invitation, link)
    security_event(
        "invitation_resent" if resent else "invitation_created",
        request,
        invited=invitation.email,
        project=invitation.project.acronym,
        role=invitation.role,
        partner=invitation.partner.short_name if invitation.partner_id else None,
        mailed=mailed,
    )
    return {
        "invitation": invitation,
        "mailed": mailed,
        "link": link if (link_shown() or not mailed) else None,
    }
