"""Evidence: the files that back a record (signed PDF, agenda, photo list), several per record."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


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
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")

    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=255, help_text="The name the file had when uploaded.")
    mime_type = models.CharField(max_length=100, help_text="Detected from the content, not the name.")
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Removing a file hides it; the file and the row stay, so nothing is deleted without a trace.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name_plural = "evidence"
        constraints = [models.CheckConstraint(condition=models.Q(size__gt=0), name="evidence_not_empty")]

    def __str__(self):
        return self.original_name
