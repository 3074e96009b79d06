"""Sending one e-mail, in the background worker (never in a request)."""

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from notifications.mails import compose
from notifications.models import Mail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Minutes before the next try after the nth failure: a mail server down for a night is tried until morning.
RETRY_MINUTES = (1, 5, 15, 60, 180, 360, 720)
# A mail handed to the worker and neither sent nor failed after this long is handed over again.
REQUEUE_AFTER = timedelta(minutes=30)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=RETRY_MINUTES[min(attempts, len(RETRY_MINUTES)) - 1])


@task()
def send_mail(mail_id: int) -> str:
    """Send the mail unless it was sent or another worker is sending it; a failure is tried again later."""
    now = timezone.now()
    claimed = (
        Mail.objects.filter(pk=mail_id, sent_at=None)
        .filter(Q(claimed_at=None) | Q(claimed_at__lt=now - REQUEUE_AFTER))
        .update(claimed_at=now)
    )
    if not claimed:
        return "not claimed"
    mail = Mail.objects.select_related("user__language").get(pk=mail_id)
    notifications = list(
        mail.notifications.select_related("project").order_by("project__acronym", "created_at")
    )
    try:
        if notifications:
            compose(mail.user, notifications, digest=mail.digest_day is not None).send()
    except Exception as exc:  # the mail server refused or did not answer: try again later
        attempts = mail.attempts + 1
        log.warning("mail %s to user %s failed (attempt %d): %s", mail_id, mail.user_id, attempts, exc)
        Mail.objects.filter(pk=mail_id).update(
            attempts=attempts,
            claimed_at=None,
            enqueued_at=None,
            next_try_at=now + retry_delay(attempts),
            last_error=str(exc)[:1000],
        )
        return "failed"
    Mail.objects.filter(pk=mail_id).update(sent_at=timezone.now(), last_error="")
    return "sent"
