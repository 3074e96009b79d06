"""Evidence: the files that back a record (signed PDF, agenda, photo list), several per record."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def evidence_path(instance, filename: str) -> str:
    """A generated name: the uploader's file name is kept only as data, never as a path."""
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class EvidenceQuerySet(models.QuerySet):
    def for_record(self, record):
        """The files attached to one record, newest first (removed ones left out)."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk, removed_at=None
        ).select_related("uploaded_by")


class Evidence(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    record = GenericForeignKey("content_type", "object_id")

    file = models.FileField(upload_to=evidence_path, max_length=200, verbose_name=_("file"))
    original_name = models.CharField(
        max_length=255, help_text=_("The name the file had when uploaded."), verbose_name=_("original name")
    )
    mime_type = models.CharField(
        max_length=100, help_text=_("Detected from the content, not the name."), verbose_name=_("mime type")
    )
    extension = models.CharField(max_length=8, verbose_name=_("extension"))
    size = models.PositiveBigIntegerField(verbose_name=_("size"))
    sha256 = models.CharField(max_length=64, verbose_name=_("sha256"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("uploaded at"))
    # Removing a file hides it; the file and the row stay, so nothing is deleted without a trace.
    removed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("removed at"))
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name_plural = "evidence"
        constraints = [models.CheckConstraint(condition=models.Q(size__gt=0), name="evidence_not_empty")]

    def __str__(self):
        return self.original_name


class FormSubmission(models.Model):
    """A saved form's one-time token (issue 12, daily work 5).

    Every record form carries a fresh token; saving it stores the token here in the same transaction as
    the record. The same form posted again (a double click on Save, a reload of the answer) finds its
    token and is sent to the record it saved instead of creating a second one. The unique (user, token) makes
    two posts arriving together safe too: the second one's insert waits for the first and then fails.
    Rows older than a day are removed (workspace/submissions.py).
    """

    token = models.UUIDField(verbose_name=_("token"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("created at"))

    class Meta:
        # Per user: a token copied into someone else's form is just a new token for them.
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="form_submission_once_per_user")
        ]

    def __str__(self):
        return str(self.token)


class PendingUpload(models.Model):
    """An evidence file chosen on a create form that came back with an error or a warning (daily work 2).

    It was checked like any upload, and waits here, in the database (never on a public path, no file on
    disk that a failure could leave behind), for the same user's same form (its one-time token) to be
    saved. Saved: it becomes Evidence and the row goes; left: it goes after a day.
    """

    token = models.UUIDField(db_index=True, verbose_name=_("token"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    original_name = models.CharField(max_length=255, verbose_name=_("original name"))
    mime_type = models.CharField(max_length=100, verbose_name=_("mime type"))
    extension = models.CharField(max_length=8, verbose_name=_("extension"))
    size = models.PositiveBigIntegerField(verbose_name=_("size"))
    data = models.BinaryField(verbose_name=_("data"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name
