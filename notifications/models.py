"""What the product tells people: notifications (the bell and e-mail), the e-mails that carry them, each
person's choice per kind (immediately, daily digest, off) and their calendar feed.

A notification is made once: its `key` names the thing and the moment ("returned:agreement:12:<when>"),
unique per person, so `send_reminders` run again finds it there and adds nothing. An e-mail (`Mail`) is
sent by the background worker; it is claimed before sending, so two workers never send it twice, and a
failing mail server is tried again later (notifications.delivery).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("In a daily digest")
    OFF = "off", _("Off")


class Mail(models.Model):
    """One e-mail to one person: a single notification, or the day's digest (`digest_day`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    digest_day = models.DateField(
        null=True,
        blank=True,
        help_text=_("Set for a daily digest: the day it is for."),
        verbose_name=_("digest day"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    enqueued_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When it was last given to the worker."),
        verbose_name=_("enqueued at"),
    )
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When a worker started sending it."), verbose_name=_("claimed at")
    )
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    next_try_at = models.DateTimeField(default=timezone.now, verbose_name=_("next try at"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "digest_day"], condition=Q(digest_day__isnull=False), name="one_digest_a_day"
            )
        ]
        indexes = [models.Index(fields=["sent_at", "next_try_at"], name="mail_to_send")]

    def __str__(self):
        return f"mail {self.pk} to {self.user_id}"


class NotificationQuerySet(models.QuerySet):
    def of(self, user):
        """The person's own notifications: nobody sees or opens another's (a 404)."""
        return self.filter(user=user)

    def unread(self):
        """Those not opened yet (nor marked read with "Mark all as read")."""
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing one person should know, with the link to it. Its words are made when it is shown
    (notifications.kinds), in the reader's language, from `params`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    project = models.ForeignKey(
        "consortium.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(
        max_length=200,
        help_text=_("What and when, unique per person: a rerun adds nothing."),
        verbose_name=_("key"),
    )
    params = models.JSONField(default=dict, blank=True, verbose_name=_("params"))
    url = models.CharField(
        max_length=500, blank=True, help_text=_("The page of the thing (a path)."), verbose_name=_("url")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))
    delivery = models.CharField(
        max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE, verbose_name=_("delivery")
    )
    mail = models.ForeignKey(
        Mail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("mail"),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "mail"], name="notification_to_mail"),
        ]

    def __str__(self):
        return f"{self.kind} to {self.user_id}"


class Preference(models.Model):
    """A person's choice for one kind; without a row, the kind's default (notifications.kinds)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    kind = models.CharField(max_length=40, verbose_name=_("kind"))
    delivery = models.CharField(max_length=10, choices=Delivery.choices, verbose_name=_("delivery"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.delivery}"


class CalendarFeed(models.Model):
    """A person's calendar link. Only the SHA-256 of its secret is kept (the link is shown once, when it is
    made); making a new link or revoking deletes the old one, and its URL stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))

    def __str__(self):
        return f"calendar of {self.user_id}"
