"""Exports being prepared in the background, and frozen (submitted) reports with their files."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from consortium.models import Membership, Project, ReportingPeriod


class Kind(models.TextChoices):
    D32 = "d32", gettext_lazy("D3.2 Cross-fertilisation results")
    PROGRESS = "progress", gettext_lazy("Technical progress report")


class Format(models.TextChoices):
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", gettext_lazy("Excel (XLSX)")
    DOCX = "docx", gettext_lazy("Word (DOCX)")


class ExportQuerySet(models.QuerySet):
    def of_user(self, user):
        """Exports a user asked for (first, or again while identical), in projects they still belong to."""
        if not user.is_authenticated:
            return self.none()
        # A subquery, not a join over the many-to-many: one row per export, whoever else asked for it.
        also = Export.also_requested_by.through.objects.filter(user=user).values("export_id")
        mine = self.filter(Q(requested_by=user) | Q(pk__in=also))
        if user.is_superuser:
            return mine
        return mine.filter(project__in=Membership.objects.filter(user=user).values("project_id"))

    def _alive(self):
        """Running since less than EXPORT_STALE_MINUTES (older: its worker died, see Export.interrupted)."""
        cutoff = timezone.now() - timedelta(minutes=settings.EXPORT_STALE_MINUTES)
        return Q(status=Export.Status.RUNNING) & (Q(started_at__isnull=True) | Q(started_at__gte=cutoff))

    def pending(self):
        """Waiting for a worker or being prepared (an interrupted one is not pending: it is failed)."""
        return self.filter(Q(status=Export.Status.QUEUED) | self._alive())

    def reusable(self, *, project, period, kind: str, fmt: str, data_as_of, report_date=None, language=None):
        """Exports that give the same file as a new one would: same report, period, format, report date and
        language of the headings (default: settings.LANGUAGE_CODE),
        and either not built yet (queued, or running and still building) or built from data as of
        `data_as_of`.

        The content depends on nothing else (not on who asks: every member sees the same numbers, nor on
        a freeze: exports always show today's records), so one export serves every member who asks.
        """
        same = self.filter(
            project=project,
            period=period,
            kind=kind,
            format=fmt,
            report_date=report_date,
            language=language or settings.LANGUAGE_CODE,
        )
        unbuilt = Q(status=Export.Status.QUEUED) | (self._alive() & Q(data_as_of__isnull=True))
        if data_as_of is None:
            return same.filter(unbuilt).order_by("-created_at")
        built = (self._alive() | Q(status=Export.Status.DONE)) & Q(data_as_of=data_as_of)
        return same.filter(unbuilt | built).order_by("-created_at")

    def prunable(self, *, days: int):
        """Finished (ready or failed) or interrupted exports asked for more than `days` days ago."""
        cutoff = timezone.now() - timedelta(days=days)
        return self.filter(created_at__lt=cutoff).exclude(pk__in=self.pending().values("pk"))


class Export(models.Model):
    """One download: built and rendered by a background task (reports.tasks.run_export), then served."""

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Waiting for a worker")
        RUNNING = "running", gettext_lazy("Being prepared")
        DONE = "done", gettext_lazy("Ready")
        FAILED = "failed", gettext_lazy("Failed")

    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, verbose_name=gettext_lazy("id")
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=gettext_lazy("project")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name=gettext_lazy("period")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=gettext_lazy("kind"))
    format = models.CharField(max_length=5, choices=Format.choices, verbose_name=gettext_lazy("format"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=gettext_lazy("requested by"),
    )
    also_requested_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text=gettext_lazy(
            "Members who asked for the same export while it was pending or fresh; it is theirs too."
        ),
        verbose_name=gettext_lazy("also requested by"),
    )
    data_as_of = models.DateTimeField(
        null=True,
        blank=True,
        help_text=gettext_lazy("The data-as-of time of the built report (set once it is built)."),
        verbose_name=gettext_lazy("data as of"),
    )
    report_date = models.DateField(
        null=True,
        blank=True,
        help_text=gettext_lazy(
            "The progress report's date: its milestones and deliverables as they stand that day."
        ),
        verbose_name=gettext_lazy("report date"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=gettext_lazy("created at"))
    started_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=gettext_lazy("When a worker picked it up."),
        verbose_name=gettext_lazy("started at"),
    )
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=gettext_lazy("finished at"))
    seen_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=gettext_lazy(
            "When a page first showed it ready or it was downloaded; a ready export nobody saw is "
            "announced to who asked for it (notifications)."
        ),
        verbose_name=gettext_lazy("seen at"),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, verbose_name=gettext_lazy("status")
    )
    step = models.CharField(
        max_length=80,
        blank=True,
        help_text=gettext_lazy("What the worker is doing now."),
        verbose_name=gettext_lazy("step"),
    )
    steps_total = models.PositiveSmallIntegerField(
        default=0,
        help_text=gettext_lazy(
            "Steps of this export (collecting the numbers, each table, the file); 0: not known yet."
        ),
        verbose_name=gettext_lazy("steps total"),
    )
    steps_done = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("steps done"))
    step_detail = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy("The last step done (a table's title)."),
        verbose_name=gettext_lazy("step detail"),
    )
    language = models.CharField(
        max_length=15,
        default="en-gb",
        help_text=gettext_lazy(
            "The language of the report's headings and fixed texts (a code of settings.LANGUAGES; English "
            "by default, as the agency reads it); the records' texts are never translated."
        ),
        verbose_name=gettext_lazy("language"),
    )
    error = models.TextField(blank=True, verbose_name=gettext_lazy("error"))
    filename = models.CharField(max_length=120, blank=True, verbose_name=gettext_lazy("filename"))
    content = models.BinaryField(null=True, blank=True, editable=False, verbose_name=gettext_lazy("content"))

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} P{self.period.number} {self.format} ({self.get_status_display()})"

    def mark_seen(self) -> None:
        """A page showed it ready (or it was downloaded): no need to announce it. One UPDATE, once."""
        if self.status == self.Status.DONE and self.seen_at is None:
            self.seen_at = timezone.now()
            Export.objects.filter(pk=self.pk, seen_at=None).update(seen_at=self.seen_at)

    INTERRUPTED = gettext_lazy(
        "The worker stopped while preparing this file (it was restarted or killed); nothing was kept. "
        "Run the export again."
    )

    @property
    def interrupted(self) -> bool:
        """Running for longer than settings.EXPORT_STALE_MINUTES: its worker died (kill -9, restart).

        A killed worker cannot say so, and the task backend keeps no heartbeat, so time is the signal; the
        limit is far above the slowest render (a minute or so for the biggest PDF).
        """
        if self.status != self.Status.RUNNING or self.started_at is None:
            return False
        return timezone.now() - self.started_at > timedelta(minutes=settings.EXPORT_STALE_MINUTES)

    @property
    def shown_status(self) -> str:
        """The status the pages show: an interrupted export is a failed one, to be run again."""
        return self.Status.FAILED if self.interrupted else self.status

    @property
    def shown_status_label(self) -> str:
        return gettext("Interrupted") if self.interrupted else self.get_status_display()

    @property
    def shown_error(self) -> str:
        return str(self.INTERRUPTED) if self.interrupted else self.error

    @property
    def language_name(self) -> str:
        """The language of the export's headings, by its name in settings.LANGUAGES (its code if unknown)."""
        return str(dict(settings.LANGUAGES).get(self.language, self.language))

    @property
    def progress_percent(self) -> int:
        """Steps done of the steps the task reported (reports.tasks), 100 once ready or failed."""
        if self.shown_status in (self.Status.DONE, self.Status.FAILED):
            return 100
        if not self.steps_total:
            return 0
        return min(99, 100 * self.steps_done // self.steps_total)

    @property
    def progress_text(self) -> str:
        """What the progress bar says in words (also read out by screen readers)."""
        status = self.shown_status
        if status == self.Status.DONE:
            return gettext("Ready")
        if status == self.Status.FAILED:
            return gettext("Interrupted") if self.interrupted else gettext("Failed")
        if status == self.Status.QUEUED:
            return gettext("Waiting for a worker (it picks the export up within seconds)")
        if not self.steps_total:
            return gettext("Collecting the numbers")
        done = {"done": self.steps_done, "total": self.steps_total, "what": self.step_detail}
        if self.step_detail:
            return gettext("%(done)s of %(total)s steps done (last: %(what)s)") % done
        return gettext("%(done)s of %(total)s steps done") % done


class FrozenReport(models.Model):
    """A report as submitted: its numbers, the records behind them and its files, never recomputed."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=gettext_lazy("project")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="+", verbose_name=gettext_lazy("period")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=gettext_lazy("kind"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=gettext_lazy("frozen by"),
    )
    frozen_at = models.DateTimeField(auto_now_add=True, verbose_name=gettext_lazy("frozen at"))
    data_as_of = models.DateTimeField(null=True, blank=True, verbose_name=gettext_lazy("data as of"))
    report_date = models.DateField(
        null=True,
        blank=True,
        help_text=gettext_lazy("The progress report's date as frozen (its context keeps it too)."),
        verbose_name=gettext_lazy("report date"),
    )
    context = models.TextField(
        help_text=gettext_lazy("The report's data as rendered (reports.codec JSON)."),
        verbose_name=gettext_lazy("context"),
    )
    numbers = models.JSONField(
        default=dict,
        help_text=gettext_lazy("Indicator code -> achieved, as frozen."),
        verbose_name=gettext_lazy("numbers"),
    )
    records = models.JSONField(
        default=list,
        help_text=gettext_lazy("The rows shown: model, id, name and a fingerprint."),
        verbose_name=gettext_lazy("records"),
    )

    class Meta:
        ordering = ["project", "kind", "-period__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "period"], name="one_frozen_report_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.get_kind_display()} P{self.period.number} (frozen)"


class FrozenFile(models.Model):
    report = models.ForeignKey(
        FrozenReport, on_delete=models.CASCADE, related_name="files", verbose_name=gettext_lazy("report")
    )
    format = models.CharField(max_length=5, choices=Format.choices, verbose_name=gettext_lazy("format"))
    content = models.BinaryField(verbose_name=gettext_lazy("content"))
    sha256 = models.CharField(max_length=64, verbose_name=gettext_lazy("sha256"))

    class Meta:
        ordering = ["report", "format"]
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="one_frozen_file_per_format"),
            models.CheckConstraint(condition=~Q(sha256=""), name="frozen_file_has_checksum"),
        ]

    def __str__(self):
        return f"{self.report} {self.format}"
