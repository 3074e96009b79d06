import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consortium.models import Membership


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

    requested_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("requested at"))
    ip = models.GenericIPAddressField(null=True, verbose_name=_("ip"))
    email_digest = models.CharField(max_length=64, verbose_name=_("email digest"))

    objects = PasswordResetRequestQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["ip", "requested_at"], name="reset_request_by_ip"),
            models.Index(fields=["email_digest", "requested_at"], name="reset_request_by_email"),
        ]

    def __str__(self):
        return f"{self.requested_at:%Y-%m-%d %H:%M} {self.ip}"


def token_digest(token: str) -> str:
    """What is stored of an invitation's link: its SHA-256. The link itself is only in the mail (or on the
    coordinator's screen once), so a copy of the database opens no account."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Invitations neither accepted nor revoked (expired ones too: the coordinator may resend them)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def for_people_page(self, project):
        """The project's pending invitations, oldest first, with their partner and sender."""
        return (
            self.pending()
            .filter(project=project)
            .select_related("partner", "created_by")
            .order_by("created_at", "pk")
        )


class Invitation(models.Model):
    """A coordinator's invitation of a person, by e-mail, to a role in one project.

    The link works once, until `expires_at` (INVITATION_VALID_DAYS after it was last sent); resending
    makes a new link and the old one stops working. Accepting it gives the role to the account with this
    e-mail address, or to a new account if there is none (accounts.people.services).
    """

    project = models.ForeignKey(
        "consortium.Project", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("project")
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    # The language of the mail, and of the account it makes (accounts.Language): the inviter's choice.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    partner = models.ForeignKey(
        "consortium.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("partner"),
    )
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One open invitation per address and project: a second one is a resend.
            models.UniqueConstraint(
                fields=["project", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_pending_invitation_per_address",
            ),
            models.CheckConstraint(
                condition=Membership.PARTNER_RULE, name="invitation_with_role_has_partner"
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()}, {self.project})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Whether its link still works: not accepted, not revoked, not expired."""
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


class Language(models.Model):
    """The language a person chose for the pages and their e-mails (README "Languages"). No row: the
    browser's language on pages, the site's (LANGUAGE_CODE) in e-mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="language",
        verbose_name=_("user"),
    )
    code = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    changed_at = models.DateTimeField(auto_now=True, verbose_name=_("changed at"))

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return f"{self.user} ({self.code})"


def language_of(user) -> str:
    """The language to write to this person in: their choice, else the site's."""
    try:
        return user.language.code
    except Language.DoesNotExist:
        return settings.LANGUAGE_CODE
