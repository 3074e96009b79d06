"""What every record that partners keep has in common: a project, responsible partners, review, history.

The scoping lives here once, so every list, form and count asks the same question the same way:
`Model.objects.visible_to(user)` and `Model.objects.editable_by(user)` (DESIGN.md §6).
"""

from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from consortium.models.project import Membership, Project, add_months, scoped
from consortium.vague_dates import Precision, VagueDate

# How far a record's dates may lie outside its project. Before: contacts and agreements prepared while
# the proposal was written (the deliverables list some from the year before the start). After: expected
# signature dates and results reported in the final report and its review, which come up to two years
# after the end. Anything further is a typing error (31.12.9999 made the timeline a 9 MB page for every
# member), refused by the form and the import alike (PartnerRecord.clean).
MONTHS_BEFORE_START = 12
MONTHS_AFTER_END = 24


def record_dates_allowed(project) -> tuple[date, date]:
    """The first and last day a record's date may touch in `project` (the project plus the margins)."""
    earliest = add_months(project.start_date, -MONTHS_BEFORE_START)
    latest = add_months(project.end_date, MONTHS_AFTER_END + 1) - timedelta(days=1)
    return earliest, latest


class ProjectScopedQuerySet(models.QuerySet):
    """Rows that belong to a project: members see them, the coordinator and the owning partner edit them.

    Written with subqueries, not joins, so results have no duplicate rows and scoping costs no query.
    """

    def for_project(self, project):
        return self.filter(project=project)

    def visible_to(self, user):
        """Everyone in a project sees all of its rows (viewers included)."""
        return scoped(
            self, user, lambda: Q(project__in=Membership.objects.filter(user=user).values("project_id"))
        )

    def editable_by(self, user):
        """Rows of the user's own partner; every row of a project for its coordinator."""
        return scoped(
            self,
            user,
            lambda: (
                Q(project__in=Membership.objects.coordinating(user).values("project_id"))
                | self.owned_by(Membership.objects.editing(user).values("partner_id"))
            ),
        )

    def owned_by(self, partner_ids) -> Q:
        """The condition "belongs to one of these partners"; each model says how."""
        raise NotImplementedError


class FrameQuerySet(ProjectScopedQuerySet):
    """Rows of the project frame (the plan's items): every member sees them, only the coordinator changes
    and adds them (DESIGN.md §6, "edit indicators, targets, periods")."""

    def editable_by(self, user):
        """Every row of the projects the user coordinates."""
        return scoped(
            self, user, lambda: Q(project__in=Membership.objects.coordinating(user).values("project_id"))
        )


class RecordQuerySet(ProjectScopedQuerySet):
    """Also the one owner of "placed in a period" (DESIGN.md §4): every count, report row and list asks it.

    A record is placed by the end of its placing date (`PartnerRecord.PLACED_BY`: the date, or an
    agreement's signature date). It counts in a period when that day is on or before the period's end,
    cumulatively; a record without the date happened but cannot be placed, so it counts only in the
    project's last period (`ReportingPeriod.is_last`) and is never dropped.
    """

    def placed(self, period) -> Q:
        """The condition "placed on or before `period`'s end", for filters and conditional aggregates."""
        condition = Q(**{f"{self.model.PLACED_BY}__lte": period.end_date})
        if period.is_last:
            condition |= self.dateless()
        return condition

    def dateless(self) -> Q:
        """The condition "has no placing date" (an agreement not signed has none either)."""
        return Q(**{f"{self.model.PLACED_BY}__isnull": True})

    def known_by(self, period):
        """Records placed on or before `period`'s end: what its reports list and its indicators count."""
        return self.filter(self.placed(period))

    def undated(self):
        """Records that happened but have no date to place them: flagged until someone adds it."""
        return self.filter(self.dateless())

    def owned_by(self, partner_ids) -> Q:
        """A record belongs to each of its responsible partners."""
        through = self.model.responsible.through
        own_field = self.model._meta.get_field("responsible").m2m_field_name()
        return Q(pk__in=through.objects.filter(partner__in=partner_ids).values(own_field))

    def reviewable_by(self, user):
        """Records the user may verify or send back: task leaders and coordinators of the project."""
        return scoped(
            self, user, lambda: Q(project__in=Membership.objects.reviewing(user).values("project_id"))
        )


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", gettext_lazy("Awaiting review")
    VERIFIED = "verified", gettext_lazy("Verified")
    RETURNED = "returned", gettext_lazy("Returned for changes")


class PartnerRecord(models.Model):
    """Abstract base of every record kind partners keep (agreements, events, missions, engagements...)."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="%(class)ss", verbose_name=gettext_lazy("project")
    )
    name = models.CharField(
        max_length=300,
        help_text=gettext_lazy("As the deliverable's table names it."),
        verbose_name=gettext_lazy("name"),
    )
    responsible = models.ManyToManyField(
        "consortium.Partner",
        blank=True,
        related_name="%(app_label)s_%(class)s_responsible",
        help_text=gettext_lazy("The partners who did it and may edit it."),
        verbose_name=gettext_lazy("responsible"),
    )
    consortium_led = models.BooleanField(
        gettext_lazy("Led by the consortium as a whole"),
        default=False,
        help_text=gettext_lazy("Done by the consortium as a whole (the tables write the project's acronym)."),
    )
    responsible_text = models.CharField(
        gettext_lazy("Responsible (as written)"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy(
            "The Responsible cell as written: partners' short names and others, comma separated."
        ),
    )
    external_ref = models.CharField(
        gettext_lazy("Reference (deliverable table and row)"),
        max_length=60,
        blank=True,
        help_text=gettext_lazy(
            "A stable reference for imports and the demo data, e.g. D3.2-T3-5 (table 3, row 5)."
        ),
    )
    position = models.PositiveIntegerField(
        default=0,
        help_text=gettext_lazy("Order within its table in the reports."),
        verbose_name=gettext_lazy("position"),
    )

    review_status = models.CharField(
        max_length=12,
        choices=ReviewStatus.choices,
        default=ReviewStatus.SUBMITTED,
        verbose_name=gettext_lazy("review status"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("reviewed by"),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=gettext_lazy("reviewed at"))
    review_comment = models.TextField(blank=True, verbose_name=gettext_lazy("review comment"))

    created_at = models.DateTimeField(auto_now_add=True, verbose_name=gettext_lazy("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=gettext_lazy("updated at"))
    version = models.PositiveIntegerField(
        default=1,
        help_text=gettext_lazy("Raised on every save; detects conflicting edits."),
        verbose_name=gettext_lazy("version"),
    )

    objects = RecordQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)
    # The date field whose end places the record in a reporting period (RecordQuerySet.known_by).
    PLACED_BY = "date_end"

    class Meta:
        abstract = True
        ordering = ["project", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "external_ref"],
                condition=~Q(external_ref=""),
                name="%(app_label)s_%(class)s_external_ref_unique",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_undated(self) -> bool:
        """Happened but has no date to place it in a period (the row form of RecordQuerySet.undated)."""
        return getattr(self, self.PLACED_BY) is None

    def clean(self):
        """Every vague date of the record lies within its project, give or take the margins above."""
        super().clean()
        if self.project_id is None:
            return
        earliest, latest = record_dates_allowed(self.project)
        errors = {}
        for name in vague_date_names(type(self)):
            value = getattr(self, name)
            if value is not None and not (earliest <= value.start and value.end <= latest):
                errors[name] = _(
                    "%(value)s is outside this project's dates: write a date from %(earliest)s to %(latest)s "
                    "(the project runs from %(start)s to %(end)s; a record may be dated up to %(before)s "
                    "months before and %(after)s months after)."
                ) % {
                    "value": value,
                    "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
                    "latest": date_format(latest, "SHORT_DATE_FORMAT"),
                    "start": date_format(self.project.start_date, "SHORT_DATE_FORMAT"),
                    "end": date_format(self.project.end_date, "SHORT_DATE_FORMAT"),
                    "before": MONTHS_BEFORE_START,
                    "after": MONTHS_AFTER_END,
                }
        if errors:
            raise ValidationError(errors)

    def reopen_review(self, *, changed_by_reviewer: bool) -> bool:
        """A verified record whose content changes goes back to review, unless a reviewer of it changed it.

        The one rule for every path that changes a record: the web form, evidence added or removed, imports,
        participant lists, the admin and commands. The caller says whether the person changing it may
        review it (`consortium.access.may_review`); returns True when the record was sent back.
        """
        if self.review_status == ReviewStatus.VERIFIED and not changed_by_reviewer:
            self.review_status = ReviewStatus.SUBMITTED
            return True
        return False

    @staticmethod
    def responsible_after(*, chosen, membership, has_partners: bool) -> list[int] | None:
        """The ids of a record's responsible partners after a save, or None when they stay as they are.

        The one rule for the web form and the import: `chosen` is the coordinator's choice (None for
        anyone else, who does not choose) and is taken as it is. Otherwise a record that has partners
        keeps them, neither removed nor added, and a new one gets its creator's partner.
        """
        if chosen is not None:
            return [getattr(partner, "pk", partner) for partner in chosen]
        if not has_partners and membership and membership.partner_id:
            return [membership.partner_id]
        return None

    def assign_responsible(self, *, chosen, membership) -> None:
        """Set the responsible partners after a save (responsible_after)."""
        ids = self.responsible_after(
            chosen=chosen, membership=membership, has_partners=chosen is None and self.responsible.exists()
        )
        if ids is not None:
            self.responsible.set(ids)


def vague_date_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Start, end and precision are set together, and the start is not after the end."""
    start, end, precision = f"{prefix}_start", f"{prefix}_end", f"{prefix}_precision"
    return [
        models.CheckConstraint(
            condition=(
                Q(**{f"{start}__isnull": True, f"{end}__isnull": True, precision: ""})
                | (Q(**{f"{start}__isnull": False, f"{end}__isnull": False}) & ~Q(**{precision: ""}))
            ),
            name=f"%(app_label)s_%(class)s_{prefix}_complete",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": F(end)}),
            name=f"%(app_label)s_%(class)s_{prefix}_ordered",
        ),
    ]


class VagueDateAccessor:
    """`record.date` reads and writes the three columns `<prefix>_start/_end/_precision` as one VagueDate.

    `verbose_name` is its label, as a model field's is: the form and the record's page both show it.
    """

    def __init__(self, prefix: str, verbose_name):
        self.prefix = prefix
        self.verbose_name = verbose_name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        start = getattr(obj, f"{self.prefix}_start")
        if start is None:
            return None
        return VagueDate(start, getattr(obj, f"{self.prefix}_end"), getattr(obj, f"{self.prefix}_precision"))

    def __set__(self, obj, value: VagueDate | None):
        setattr(obj, f"{self.prefix}_start", value.start if value else None)
        setattr(obj, f"{self.prefix}_end", value.end if value else None)
        setattr(obj, f"{self.prefix}_precision", value.precision if value else "")


@cache
def vague_date_names(model) -> tuple[str, ...]:
    """The names of a model's vague dates (its VagueDateAccessors: "date", "signed_date"...)."""
    return tuple(
        name
        for klass in reversed(model.__mro__)
        for name, attribute in vars(klass).items()
        if isinstance(attribute, VagueDateAccessor)
    )


class Dated(models.Model):
    """When and where something happened, as precisely as it is known (DESIGN.md §4)."""

    date_start = models.DateField(
        null=True, blank=True, db_index=True, verbose_name=gettext_lazy("date start")
    )
    date_end = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text=gettext_lazy("A record counts in the period containing this day."),
        verbose_name=gettext_lazy("date end"),
    )
    date_precision = models.CharField(
        max_length=5, choices=Precision.choices, blank=True, verbose_name=gettext_lazy("date precision")
    )
    dates_location = models.TextField(
        gettext_lazy("Dates & location"),
        blank=True,
        help_text=gettext_lazy("The Dates & Location cell as written."),
    )
    location = models.CharField(max_length=200, blank=True, verbose_name=gettext_lazy("location"))

    date = VagueDateAccessor("date", gettext_lazy("Date"))

    class Meta:
        abstract = True
        constraints = vague_date_constraints("date")
