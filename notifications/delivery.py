"""From drafts to notifications to e-mails, each step safe to repeat.

1. `record(drafts)` makes the notifications whose (person, key) is new, each with the person's delivery for
   its kind (notifications.kinds.deliveries; no e-mail address: off). A rerun makes nothing.
2. `queue_mails(now)` gives each notification to be mailed at once its own `Mail`, and, from the digest hour
   on, each person's waiting digest notifications one `Mail` for the day (one per person and day: a
   database constraint). A notification is attached to a mail by a conditional UPDATE, so it is never in
   two.
3. `enqueue_due(now)` hands unsent mails to the background worker (notifications.tasks.send_mail), again
   after a failure once its next try is due, and again if a worker took it and vanished.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from notifications import situations
from notifications.kinds import KINDS
from notifications.models import Delivery, Mail, Notification, Preference
from notifications.tasks import MAX_ATTEMPTS, REQUEUE_AFTER, send_mail


def _deliveries(user_ids) -> dict[int, dict[str, str]]:
    """Per person, their delivery per kind (two queries for everyone)."""
    chosen = defaultdict(dict)
    for user_id, kind, delivery in Preference.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "kind", "delivery"
    ):
        chosen[user_id][kind] = delivery
    with_address = set(
        get_user_model().objects.filter(pk__in=user_ids).exclude(email="").values_list("pk", flat=True)
    )
    result = {}
    for user_id in user_ids:
        if user_id not in with_address:
            result[user_id] = defaultdict(lambda: Delivery.OFF)
            continue
        result[user_id] = {
            kind.slug: Delivery.IMMEDIATE if kind.security else chosen[user_id].get(kind.slug, kind.default)
            for kind in KINDS
        }
    return result


def record(drafts, *, now=None) -> int:
    """Make the notifications of `drafts` that do not exist yet; returns how many were made."""
    unique = {(draft.user_id, draft.key): draft for draft in drafts}
    if not unique:
        return 0
    existing = set()
    keys = sorted({key for _user, key in unique})
    for start in range(0, len(keys), 500):  # well below every database's limit of query parameters
        existing |= set(
            Notification.objects.filter(key__in=keys[start : start + 500]).values_list("user_id", "key")
        )
    new = [draft for pair, draft in unique.items() if pair not in existing]
    deliveries = _deliveries({draft.user_id for draft in new})
    now = now or timezone.now()
    rows = [
        Notification(
            user_id=draft.user_id,
            project_id=draft.project_id,
            kind=draft.kind,
            key=draft.key,
            params=draft.params,
            url=draft.url,
            created_at=now,
            delivery=deliveries[draft.user_id].get(draft.kind, Delivery.IMMEDIATE),
        )
        for draft in new
    ]
    # A run at the same moment may have made some of them: the unique (person, key) keeps one of each.
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def queue_mails(now=None, *, notifications=None) -> int:
    """Attach waiting notifications to mails (see the module's docstring); returns how many mails were made.
    `notifications` (a QuerySet) limits it to these immediate ones (the receivers of notifications.events)."""
    now = now or timezone.now()
    made = 0
    immediate = Notification.objects.filter(delivery=Delivery.IMMEDIATE, mail=None)
    if notifications is not None:
        immediate = immediate.filter(pk__in=notifications.values("pk"))
    for pk, user_id in immediate.values_list("pk", "user_id"):
        with transaction.atomic():
            mail = Mail.objects.create(user_id=user_id, created_at=now, next_try_at=now)
            if Notification.objects.filter(pk=pk, mail=None).update(mail=mail):
                made += 1
            else:  # another run attached it first
                mail.delete()
    if notifications is None and timezone.localtime(now).hour >= settings.NOTIFICATIONS_DIGEST_HOUR:
        made += _queue_digests(now)
    return made


def _queue_digests(now) -> int:
    day = timezone.localdate(now)
    waiting = (
        Notification.objects.filter(delivery=Delivery.DIGEST, mail=None)
        .exclude(user__in=Mail.objects.filter(digest_day=day).values("user"))
        .values_list("user_id", flat=True)
        .distinct()
    )
    made = 0
    for user_id in list(waiting):
        try:
            with transaction.atomic():
                mail = Mail.objects.create(user_id=user_id, digest_day=day, created_at=now, next_try_at=now)
                Notification.objects.filter(user_id=user_id, delivery=Delivery.DIGEST, mail=None).update(
                    mail=mail
                )
            made += 1
        except IntegrityError:  # today's digest was made by a run at the same moment
            continue
    return made


def enqueue_due(now=None) -> int:
    """Hand the mails due to the worker; returns how many."""
    now = now or timezone.now()
    due = Mail.objects.filter(sent_at=None, attempts__lt=MAX_ATTEMPTS, next_try_at__lte=now).filter(
        Q(enqueued_at=None) | Q(enqueued_at__lt=now - REQUEUE_AFTER)
    )
    handed = 0
    for pk in list(due.values_list("pk", flat=True)):
        if Mail.objects.filter(pk=pk, sent_at=None).update(enqueued_at=now):
            transaction.on_commit(lambda pk=pk: send_mail.enqueue(pk))
            handed += 1
    return handed


def notify_now(drafts) -> None:
    """Make these notifications and mail the ones whose delivery says "immediately" (the worker sends them):
    the receivers of things that happen in a request (notifications.events) call it once the change is
    committed. Drafts to a person or project deleted meanwhile are dropped."""
    users = set(
        get_user_model().objects.filter(pk__in={d.user_id for d in drafts}).values_list("pk", flat=True)
    )
    drafts = [draft for draft in drafts if draft.user_id in users]
    record(drafts)
    made = Notification.objects.filter(
        user_id__in={d.user_id for d in drafts}, key__in={d.key for d in drafts}
    )
    if queue_mails(notifications=made):
        enqueue_due()


def prune(now) -> int:
    """Forget notifications and mails older than NOTIFICATIONS_KEEP_DAYS (a year by default); returns how
    many notifications went. Safe: every situation looks back NOTIFICATIONS_LOOKBACK_DAYS at most, so a
    forgotten one is never made again."""
    before = now - timedelta(days=settings.NOTIFICATIONS_KEEP_DAYS)
    removed, _by_model = Notification.objects.filter(created_at__lt=before).delete()
    Mail.objects.filter(created_at__lt=before).delete()
    return removed


def run(now=None) -> dict:
    """One run of `send_reminders`: what is waiting becomes notifications, their e-mails go to the worker,
    and what is older than a year is forgotten."""
    now = now or timezone.now()
    drafts = situations.all_drafts(now, timezone.localdate(now))
    made = record(drafts, now=now)
    return {
        "situations": len(drafts),
        "made": made,
        "mails": queue_mails(now),
        "handed": enqueue_due(now),
        "pruned": prune(now),
    }
