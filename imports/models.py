"""What the import pages remember: each import run (for preview, confirm, the list and undo) and the
column mapping a project used last time for a kind. The tables keep the names they had when these models
were kpis' (kpis_importrun, kpis_importmapping): moving the models renamed no table (migrations imports 0001).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The kind of a set-up workbook's run (imports.setup_book): it has its own pages, no undo, and is not
# among the record imports (the list, the run pages).
SETUP_KIND = "setup"


class ImportRunQuerySet(models.QuerySet):
    def of_records(self):
        """Runs of record kinds and participant lists: not the set-up workbook's (SETUP_KIND)."""
        return self.exclude(kind=SETUP_KIND)

    def for_list(self, project):
        """The project's runs, newest first, with who ran and who undid them (one query)."""
        return (
            self.of_records()
            .filter(project=project)
            .exclude(status=ImportRun.Status.UPLOADED)
            .select_related("project", "user", "undone_by", "event")
            .defer("data", "before")
            .order_by("-created_at", "-pk")
        )


class ImportRun(models.Model):
    """One file brought in (or being brought in) through the import pages or `import_records`.

    The uploaded file is kept in `data` between the steps (upload, columns, preview, confirm): in the
    database, tied to this row, so a crash leaves no orphan file on disk and any application server can
    answer the next step. It is emptied when the import is confirmed, cancelled or fails.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Columns to match")
        CHECKING = "checking", _("Being checked")
        PREVIEWED = "previewed", _("Previewed, not imported")
        APPLYING = "applying", _("Being imported")
        APPLIED = "applied", _("Imported")
        UNDONE = "undone", _("Undone")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    project = models.ForeignKey(
        "consortium.Project", on_delete=models.CASCADE, related_name="import_runs", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.CharField(
        max_length=40, help_text=_("A kind of imports.kinds, or 'participants'."), verbose_name=_("kind")
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The matchmaking event a participant list goes into."),
        verbose_name=_("event"),
    )
    filename = models.CharField(max_length=255, verbose_name=_("filename"))
    update = models.BooleanField(
        default=False, help_text=_("Add or update (else add only)."), verbose_name=_("update")
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.UPLOADED, verbose_name=_("status")
    )
    data = models.BinaryField(blank=True, default=b"", editable=False, verbose_name=_("data"))
    mapping = models.JSONField(
        default=dict, blank=True, help_text=_("File header -> template header."), verbose_name=_("mapping")
    )
    rows = models.PositiveIntegerField(default=0, verbose_name=_("rows"))
    rows_checked = models.PositiveIntegerField(
        default=0,
        help_text=_("Rows checked so far by the background import (its progress)."),
        verbose_name=_("rows checked"),
    )
    created = models.PositiveIntegerField(default=0, verbose_name=_("created"))
    updated = models.PositiveIntegerField(default=0, verbose_name=_("updated"))
    skipped = models.PositiveIntegerField(default=0, verbose_name=_("skipped"))
    problems = models.JSONField(
        default=list, blank=True, verbose_name=_("problems")
    )  # [[row, column, value, message], ...]
    unused_columns = models.JSONField(default=list, blank=True, verbose_name=_("unused columns"))
    notes = models.JSONField(
        default=list, blank=True, verbose_name=_("notes")
    )  # extra preview lines (participant lists)
    created_ids = models.JSONField(default=list, blank=True, verbose_name=_("created ids"))
    updated_ids = models.JSONField(default=list, blank=True, verbose_name=_("updated ids"))
    created_organisations = models.JSONField(
        default=list, blank=True, verbose_name=_("created organisations")
    )
    before = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Updated rows as they were, for undo."),
        verbose_name=_("before"),
    )
    message = models.TextField(blank=True, verbose_name=_("message"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    applying_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the import was handed to the background worker."),
        verbose_name=_("applying since"),
    )
    applied_at = models.DateTimeField(null=True, blank=True, verbose_name=_("applied at"))
    undone_at = models.DateTimeField(null=True, blank=True, verbose_name=_("undone at"))
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        db_table = "kpis_importrun"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["applied", "undone"]) | models.Q(applied_at__isnull=True),
                name="import_run_applied_at_only_if_applied",
            ),
        ]

    def __str__(self):
        return gettext("import #%(number)s %(file)s") % {"number": self.pk, "file": self.filename}

    def get_absolute_url(self):
        return reverse("imports:import_run", args=[self.project.acronym, self.pk])

    @property
    def kind_label(self) -> str:
        from imports.catalogue import kind_of  # the kinds name every record model; loaded when asked

        return kind_of(self).label

    @property
    def interrupted(self) -> bool:
        """Being imported for longer than settings.EXPORT_STALE_MINUTES (the worker's limit for exports
        and imports alike): its worker died, and the run's transaction wrote nothing. A 20,000-row import
        takes well under a minute (bench/RESULTS.md), so time is the signal, as for exports."""
        if not self.in_background or self.applying_since is None:
            return False
        return timezone.now() - self.applying_since > timedelta(minutes=settings.EXPORT_STALE_MINUTES)

    @property
    def in_background(self) -> bool:
        """The worker has the run: checking a big file for its preview, or importing a confirmed one."""
        return self.status in (ImportRun.Status.CHECKING, ImportRun.Status.APPLYING)

    @property
    def progress_percent(self) -> int:
        """How far the background check or import is, in percent (steps of 5)."""
        if self.status == ImportRun.Status.APPLIED:
            return 100
        if not self.in_background or not self.rows:
            return 0
        if self.status == ImportRun.Status.CHECKING:
            return 5 * round(20 * self.rows_checked / self.rows)
        # Checking is most of the work; the last step (writing) shows as 95 until the run is applied.
        return min(95, 5 * round(20 * self.rows_checked / self.rows))

    @property
    def progress_width(self) -> int:
        """progress_percent in Bootstrap's width classes (w-25..w-100) for the page without JavaScript;
        the script sets the exact width (a style property, which the CSP allows from a script)."""
        return 25 * (self.progress_percent // 25)

    @property
    def reason(self) -> str:
        """The history entry of every row this import writes (simple-history keeps 100 characters)."""
        return f"import #{self.pk} {self.filename}"[:100]


class ImportMapping(models.Model):
    """The columns a project's files had last time for a kind: pre-filled on the next upload."""

    project = models.ForeignKey(
        "consortium.Project", on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    kind = models.CharField(max_length=40, verbose_name=_("kind"))
    mapping = models.JSONField(
        default=dict,
        help_text=_("File header -> template header ('' = not imported)."),
        verbose_name=_("mapping"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        db_table = "kpis_importmapping"
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="import_mapping_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.project_id} {self.kind}"
