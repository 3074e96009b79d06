from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class DemoAccount(models.Model):
    """A user the demo loader created: the only users a later demo load may change.

    The loader writes this row in the transaction that creates the user; no page, form or admin screen
    writes it. So it can be trusted where a user name cannot: a real `coordinator` that existed before
    the demo was loaded has no row here and is left alone (README "Demo logins").
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="demo_account",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo account")
        verbose_name_plural = _("demo accounts")

    def __str__(self):
        return str(self.user)


def email_digest(email: str) -> str:
    """A keyed digest of an e-mail address: the limit can count by address without storing any."""
    return salted_hmac("accounts.password-reset-limit", email.strip().lower()).hexdigest()


class PasswordResetRequestQuerySet(models.QuerySet):
    def admit(self, *, ip: str | None, email: str) -> bool:
        """Count a reset request from `ip` for `email`, unless either already had PASSWORD_RESET_LIMIT
        within PASSWORD_RESET_WINDOW.

        Three queries: one count for both limits, one insert, one delete of rows older than the window
        (so the table holds at most one window of requests). Refused requests are not stored, so someone
        hammering the form cannot grow the table. Two requests at the same instant may both pass at the
        limit (the count and the insert are not one statement): a soft limit, enough against abuse.
        """
        digest = email_digest(email)
        cutoff = timezone.now() - settings.PASSWORD_RESET_WINDOW
        counts = self.filter(requested_at__gte=cutoff).aggregate(
            by_ip=Count("pk", filter=Q(ip=ip)), by_email=Count("pk", filter=Q(email_digest=digest))
        )
        if max(counts["by_ip"], counts["by_email"]) >= settings.PASSWORD_RESET_LIMIT:
            return False
        self.create(ip=ip, email_digest=digest)
        self.filter(requested_at__lt=cutoff).delete()
        return True


class PasswordResetRequest(models.Model):
    """One admitted request of the password-reset form, kept for the rate limit's window only.

    In the database rather than Django's cache: the default cache is per process (gunicorn's 3 workers
    would each allow the limit) and per machine, and the database cache needs `createcachetable`, a step
    `migrate` does not take. Sessions and login lockouts live in the database for the same reason.
    """

    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(null=True)
    email_digest = models.CharField(max_length=64)

    objects = PasswordResetRequestQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["ip", "requested_at"], name="reset_request_by_ip"),
            models.Index(fields=["email_digest", "requested_at"], name="reset_request_by_email"),
        ]

    def __str__(self):
        return f"{self.requested_at:%Y-%m-%d %H:%M} {self.ip}"
