"""The narrative of a periodic report: one text per period and section (and per work package, task or
indicator where the structure asks for one), and the partners' contributions to each task's text.

A text and a contribution have a status (draft, submitted, accepted, returned with a comment) and a
history (django-simple-history): who wrote what, when. The section keys are those of the project's report
structure (narrative.structure); the body is Markdown (narrative.markup); `numbers` keeps the value of each
indicator the body cites ([[CODE]]) as it was when the body was last saved, so a later change to the
records shows as a warning on the text instead of a silent mismatch.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consortium.models import Partner, Project, ReportingPeriod, Task, WorkPackage
from kpis.models import Indicator


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class Writing(models.Model):
    """What a text and a contribution have in common."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name=_("period")
    )
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    returned_comment = models.TextField(
        _("comment on returning"), blank=True, help_text=_("Why the text was returned: what to change.")
    )
    numbers = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Indicator code -> value, for each [[CODE]] the text cites, at saving."),
        verbose_name=_("numbers"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        abstract = True


class Text(Writing):
    """A section's text for one period. `key` is the structure's text key ("summary", "i4.problems"); the
    texts of a work_packages section are per work package (`work_package`) and per task (`task`), the
    comments of an indicators section per indicator (`indicator`)."""

    key = models.CharField(_("section"), max_length=80)
    work_package = models.ForeignKey(
        WorkPackage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work package"),
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("task")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    choice = models.CharField(
        _("declaration"), max_length=20, blank=True, help_text=_("The box ticked in the declaration.")
    )
    fields = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("The declaration's filled lines, by label."),
        verbose_name=_("fields"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "period__number", "key", "id"]
        constraints = [
            # One text per period and key, and per work package, task or indicator where it has one (NULLs
            # are distinct in a unique constraint, so each case is its own partial constraint).
            models.UniqueConstraint(
                fields=["period", "key"],
                condition=Q(work_package=None, task=None, indicator=None),
                name="narrative_one_text_per_section",
            ),
            models.UniqueConstraint(
                fields=["period", "key", "work_package"],
                condition=Q(work_package__isnull=False),
                name="narrative_one_text_per_work_package",
            ),
            models.UniqueConstraint(
                fields=["period", "key", "task"],
                condition=Q(task__isnull=False),
                name="narrative_one_text_per_task",
            ),
            models.UniqueConstraint(
                fields=["period", "key", "indicator"],
                condition=Q(indicator__isnull=False),
                name="narrative_one_text_per_indicator",
            ),
        ]

    def __str__(self):
        about = self.task or self.work_package or self.indicator or ""
        return f"{self.project} P{self.period.number} {self.key} {about}".strip()


class Contribution(Writing):
    """One partner's contribution to a task's text in one period; the task's leader merges them."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+", verbose_name=_("task"))
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "period__number", "task", "partner__number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "task", "partner"], name="narrative_one_contribution"),
        ]

    def __str__(self):
        return f"{self.project} P{self.period.number} {self.task} {self.partner}"
