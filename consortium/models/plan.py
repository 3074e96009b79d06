"""The work plan's promises over time: deliverables (pending, submitted, approved), milestones (achieved on a
day), and the due dates moved by an approved extension, each with its reason (`DueDateChange`).

"When is it due" and "is it late" have one owner here: `current_due_month`, `due_date`, `is_overdue(on)` on
a row, and the same rule in the database for whole lists (`PlannedQuerySet.overdue(on)`,
`late_without_reason(on)`), so the dashboard, the timeline, the deliverables page and the pre-freeze check
agree. The deliverable's file is kept by the workspace (an evidence row attached to the deliverable, checked
like any evidence): this layer is below it and names no file storage.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from consortium.models.project import Membership, Partner, Project, WorkPackage, add_months, scoped
from consortium.models.records import FrameQuerySet, ProjectScopedQuerySet


def _month_index(field: str):
    """A date column as a count of months (year * 12 + month), for project-month arithmetic in SQL."""
    return ExtractYear(field) * 12 + ExtractMonth(field)


class PlannedQuerySet(models.QuerySet):
    """What deliverables and milestones share: their due month now, and whether they are late on a day.

    Computed in the database (one query for a whole list): the project month of a day is its month count
    minus the project's start month count, plus one (Project.month_of).
    """

    DONE = ""  # the date that makes the row done: submitted_on, achieved_on
    OWNER = ""  # DueDateChange's foreign key to this model

    def with_current_due(self):
        """Each row's `current_due` (the last revision's month, else the planned one) and `done_month`."""
        last = DueDateChange.objects.filter(**{self.OWNER: OuterRef("pk")}).order_by("-pk")
        start = _month_index("project__start_date")
        return self.annotate(
            current_due=Coalesce(Subquery(last.values("to_month")[:1]), F("due_month")),
            done_month=_month_index(self.DONE) - start + 1,
            _start_index=start,
        )

    def not_done(self, on: date) -> Q:
        """The condition "not done on `on`"."""
        return Q(**{f"{self.DONE}__isnull": True}) | Q(**{f"{self.DONE}__gt": on})

    def overdue(self, on: date | None = None):
        """Rows whose (revised) due month ended before `on` (today) and that were not done by then."""
        on = on or timezone.localdate()
        month = Value(on.year * 12 + on.month) - F("_start_index") + 1
        return (
            self.with_current_due()
            .alias(month_on=month)
            .filter(current_due__isnull=False, current_due__lt=F("month_on"))
            .filter(self.not_done(on))
        )

    def late_without_reason(self, on: date | None = None):
        """Rows late on `on` (today) with nothing said about it: overdue, or done after the month first
        planned, and neither a revision with a reason nor a comment. The pre-freeze check lists them."""
        on = on or timezone.localdate()
        month = Value(on.year * 12 + on.month) - F("_start_index") + 1
        reasoned = DueDateChange.objects.filter(**{self.OWNER: OuterRef("pk")}).exclude(reason="")
        late = (Q(current_due__lt=F("month_on")) & self.not_done(on)) | (
            Q(**{f"{self.DONE}__lte": on}) & Q(done_month__gt=F("due_month"))
        )
        return (
            self.with_current_due()
            .alias(month_on=month, reasoned=Exists(reasoned))
            .filter(late, due_month__isnull=False, reasoned=False, comments="")
        )


class Planned(models.Model):
    """Abstract: a deliverable or milestone, due in a project month that an extension may move."""

    due_month = models.PositiveSmallIntegerField(gettext_lazy("due month"), null=True, blank=True)
    due_text = models.CharField(
        gettext_lazy("due date as written"),
        max_length=80,
        blank=True,
        help_text=gettext_lazy("The due date as the report writes it; empty: made from the months."),
    )
    comments = models.TextField(gettext_lazy("comments"), blank=True)

    class Meta:
        abstract = True

    DONE = ""

    @property
    def done_on(self) -> date | None:
        return getattr(self, self.DONE)

    def revisions(self) -> list["DueDateChange"]:
        """Its due-date changes in the order they were recorded (prefetch `due_date_changes` for lists)."""
        return sorted(self.due_date_changes.all(), key=lambda change: change.pk)

    @property
    def current_due_month(self) -> int | None:
        """The month it is due now: the last revision's, else the planned one."""
        revisions = self.revisions()
        return revisions[-1].to_month if revisions else self.due_month

    @property
    def due_date(self) -> date | None:
        """The last day of the month it is due now."""
        month = self.current_due_month
        if not month:
            return None
        return add_months(self.project.start_date, month) - timedelta(days=1)

    def done_by(self, on: date) -> bool:
        return self.done_on is not None and self.done_on <= on

    def is_overdue(self, on: date | None = None) -> bool:
        """Whether its due month ended before `on` (today) and it was not done by then."""
        on = on or timezone.localdate()
        due = self.due_date
        return due is not None and due < on and not self.done_by(on)

    def _not_in_the_future(self, field: str, label) -> dict:
        day = getattr(self, field)
        if day and day > timezone.localdate():
            return {
                field: _("%(field)s: %(day)s is in the future.")
                % {"field": label, "day": date_format(day, "SHORT_DATE_FORMAT")}
            }
        return {}


class DeliverableQuerySet(PlannedQuerySet, ProjectScopedQuerySet):
    DONE = "submitted_on"
    OWNER = "deliverable"

    def owned_by(self, partner_ids) -> Q:
        """A deliverable belongs to its lead partner."""
        return Q(lead__in=partner_ids)

    def editable_by(self, user):
        """Deliverables the user may submit (date and file): the lead partner's staff, the task leaders whose
        partner leads its work package, the coordinator."""
        return scoped(
            self,
            user,
            lambda: (
                Q(project__in=Membership.objects.coordinating(user).values("project_id"))
                | self.owned_by(Membership.objects.editing(user).values("partner_id"))
                | Q(work_package__lead__in=Membership.objects.reviewing(user).values("partner_id"))
            ),
        )

    def approvable_by(self, user):
        """Deliverables the user approves and whose due date they move: the coordinator's."""
        return scoped(
            self, user, lambda: Q(project__in=Membership.objects.coordinating(user).values("project_id"))
        )


class Deliverable(Planned):
    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("Pending")
        SUBMITTED = "submitted", gettext_lazy("Submitted")
        APPROVED = "approved", gettext_lazy("Approved")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="deliverables", verbose_name=gettext_lazy("project")
    )
    code = models.CharField(gettext_lazy("number"), max_length=10)
    title = models.CharField(gettext_lazy("name"), max_length=255)
    work_package = models.ForeignKey(
        WorkPackage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=gettext_lazy("work package"),
    )
    lead = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("lead partner"),
    )
    type = models.CharField(gettext_lazy("type"), max_length=40, blank=True)
    dissemination = models.CharField(gettext_lazy("dissemination level"), max_length=40, blank=True)
    status = models.CharField(
        gettext_lazy("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    # Delivered, in the agency's words: submitted to the agency (Table 2's "Actual date delivered").
    submitted_on = models.DateField(gettext_lazy("submitted on"), null=True, blank=True)
    approved_on = models.DateField(gettext_lazy("approved on"), null=True, blank=True)

    objects = DeliverableQuerySet.as_manager()
    history = HistoricalRecords()

    DONE = "submitted_on"

    class Meta:
        ordering = ["project", "work_package__number", "code"]
        verbose_name = gettext_lazy("deliverable")
        verbose_name_plural = gettext_lazy("deliverables")
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="deliverable_code_unique"),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(submitted_on__isnull=False),
                name="deliverable_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
                name="deliverable_approved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(approved_on__gte=F("submitted_on")),
                name="deliverable_approved_after_submitted",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        errors = {}
        pending, approved = self.Status.PENDING, self.Status.APPROVED
        if self.status != pending and not self.submitted_on:
            errors["submitted_on"] = _("Submitted on: a submitted or approved deliverable needs its date.")
        if self.status == pending and self.submitted_on:
            errors["status"] = _("Status: a deliverable with a submission date is not pending.")
        if self.status == approved and not self.approved_on:
            errors["approved_on"] = _("Approved on: an approved deliverable needs the day it was approved.")
        if self.approved_on and self.status != approved:
            errors["approved_on"] = _("Approved on: only an approved deliverable has an approval date.")
        if self.approved_on and self.submitted_on and self.approved_on < self.submitted_on:
            errors["approved_on"] = _("Approved on: %(day)s is before it was submitted (%(submitted)s).") % {
                "day": date_format(self.approved_on, "SHORT_DATE_FORMAT"),
                "submitted": date_format(self.submitted_on, "SHORT_DATE_FORMAT"),
            }
        errors = self._not_in_the_future("submitted_on", _("Submitted on")) | errors
        errors = self._not_in_the_future("approved_on", _("Approved on")) | errors
        if errors:
            raise ValidationError(errors)


class MilestoneQuerySet(PlannedQuerySet, FrameQuerySet):
    DONE = "achieved_on"
    OWNER = "milestone"

    def not_done(self, on: date) -> Q:
        """Not achieved, or achieved after `on` (achieved without a day counts as done)."""
        return Q(achieved=False) | Q(achieved_on__gt=on)


class Milestone(Planned):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=gettext_lazy("project")
    )
    number = models.PositiveSmallIntegerField(gettext_lazy("number"))
    title = models.CharField(gettext_lazy("title"), max_length=255)
    achieved = models.BooleanField(gettext_lazy("achieved"), default=False)
    achieved_on = models.DateField(gettext_lazy("achieved on"), null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()

    DONE = "achieved_on"

    class Meta:
        ordering = ["project", "number"]
        verbose_name = gettext_lazy("milestone")
        verbose_name_plural = gettext_lazy("milestones")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="milestone_number_unique"),
            models.CheckConstraint(
                condition=Q(achieved=True) | Q(achieved_on__isnull=True), name="milestone_date_when_achieved"
            ),
        ]

    def __str__(self):
        return self.title

    def done_by(self, on: date) -> bool:
        """Achieved by `on`; achieved without a known day counts as done."""
        return self.achieved and (self.achieved_on is None or self.achieved_on <= on)

    def clean(self):
        errors = self._not_in_the_future("achieved_on", _("Achieved on"))
        if self.achieved_on and not self.achieved:
            errors["achieved"] = _("Achieved: tick it when you give the day it was achieved.")
        if errors:
            raise ValidationError(errors)


class DueDateChange(models.Model):
    """A deliverable's or milestone's due month moved, with the reason ("M6 -> M8, extension approved")."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="due_date_changes",
        verbose_name=gettext_lazy("project"),
    )
    deliverable = models.ForeignKey(
        Deliverable,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_date_changes",
        verbose_name=gettext_lazy("deliverable"),
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_date_changes",
        verbose_name=gettext_lazy("milestone"),
    )
    from_month = models.PositiveSmallIntegerField(gettext_lazy("from month"), null=True, blank=True)
    to_month = models.PositiveSmallIntegerField(gettext_lazy("new due month"))
    reason = models.TextField(gettext_lazy("reason"), blank=True)
    decided_on = models.DateField(gettext_lazy("decided on"), null=True, blank=True)

    objects = FrameQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = gettext_lazy("due date change")
        verbose_name_plural = gettext_lazy("due date changes")
        constraints = [
            models.CheckConstraint(
                condition=(Q(deliverable__isnull=False) & Q(milestone__isnull=True))
                | (Q(deliverable__isnull=True) & Q(milestone__isnull=False)),
                name="due_date_change_of_one_item",
            ),
            models.CheckConstraint(condition=Q(to_month__gte=1), name="due_date_change_month_positive"),
        ]

    def __str__(self):
        moved = f"M{self.from_month} -> M{self.to_month}" if self.from_month else f"-> M{self.to_month}"
        return f"{moved}, {self.reason}" if self.reason else moved
