"""The project frame: project, partners, who works for whom, periods, work plan."""

from datetime import date, timedelta
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, gettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from consortium.dates import format_date


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def scoped(queryset, user, allowed):
    """The one frame of every "who may" QuerySet: nothing for an anonymous user, everything for a
    superuser, else the rows `allowed()` (a Q, asked only for a signed-in user) lets through."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(allowed())


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Projects the user is a member of (all of them for a superuser)."""
        return scoped(self, user, lambda: Q(memberships__user=user))

    def recordable_by(self, user):
        """Projects where the user adds records and imports them (all of them for a superuser)."""
        return scoped(self, user, lambda: Q(pk__in=Membership.objects.editing(user).values("project_id")))

    def coordinated_by(self, user):
        """Projects the user coordinates (all of them for a superuser): frame, restore, freeze, undo."""
        return scoped(
            self, user, lambda: Q(pk__in=Membership.objects.coordinating(user).values("project_id"))
        )


class Project(models.Model):
    acronym = models.SlugField(
        max_length=30, unique=True, allow_unicode=False, verbose_name=gettext_lazy("acronym")
    )
    title = models.CharField(max_length=255, verbose_name=gettext_lazy("title"))
    grant_number = models.CharField(max_length=40, blank=True, verbose_name=gettext_lazy("grant number"))
    programme = models.CharField(max_length=80, blank=True, verbose_name=gettext_lazy("programme"))
    call_identifier = models.CharField(
        max_length=80, blank=True, verbose_name=gettext_lazy("call identifier")
    )
    call_title = models.CharField(max_length=400, blank=True, verbose_name=gettext_lazy("call title"))
    start_date = models.DateField(verbose_name=gettext_lazy("start date"))
    duration_months = models.PositiveSmallIntegerField(verbose_name=gettext_lazy("duration months"))
    extension_months = models.PositiveSmallIntegerField(
        default=0,
        help_text=gettext_lazy("Months added to the duration by amendments."),
        verbose_name=gettext_lazy("extension months"),
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["acronym"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_months__gte=1), name="project_duration_positive"),
        ]

    def __str__(self):
        return self.acronym

    @property
    def total_months(self) -> int:
        return self.duration_months + self.extension_months

    @property
    def end_date(self) -> date:
        """The last day of the last month, extensions included."""
        return add_months(self.start_date, self.total_months) - timedelta(days=1)

    def month_start(self, month: int) -> date:
        """First day of project month `month` (M1 is the start month)."""
        return add_months(self.start_date, month - 1)

    def month_of(self, day: date) -> int:
        """The project month Mn that contains `day` (M1 = the start month; earlier days give 0 or less)."""
        return (day.year - self.start_date.year) * 12 + day.month - self.start_date.month + 1

    def last_period(self) -> "ReportingPeriod | None":
        """The period being reported now: the highest-numbered one (None until one is set up).

        The one definition of "the last period": undated records count only in it (DESIGN.md §4, the
        record QuerySets' `known_by`). A record whose date ends after its end counts in no period yet.
        """
        return self.periods.order_by("number").last()

    def reporting_periods(self) -> list["ReportingPeriod"]:
        """Its periods by number, each told whether it is the last (`is_last`), in one query."""
        periods = list(self.periods.order_by("number"))
        for period in periods:
            period.is_last = period is periods[-1]
        return periods


class Partner(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="partners", verbose_name=gettext_lazy("project")
    )
    number = models.PositiveSmallIntegerField(verbose_name=gettext_lazy("number"))
    short_name = models.CharField(max_length=20, verbose_name=gettext_lazy("short name"))
    legal_name = models.CharField(max_length=255, verbose_name=gettext_lazy("legal name"))
    country = CountryField(verbose_name=gettext_lazy("country"))
    is_coordinator = models.BooleanField(default=False, verbose_name=gettext_lazy("is coordinator"))
    aliases = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Other names the documents use, comma separated."),
        verbose_name=gettext_lazy("aliases"),
    )
    report_name = models.CharField(
        max_length=40,
        blank=True,
        help_text=gettext_lazy(
            "The beneficiary as the agency's templates write it after its number (1-…); "
            "empty: the short name."
        ),
        verbose_name=gettext_lazy("report name"),
    )
    former_name = models.CharField(
        max_length=40,
        blank=True,
        help_text=gettext_lazy('A name it had before, shown as "(formerly …)" in the reports.'),
        verbose_name=gettext_lazy("former name"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="partner_number_unique"),
            models.UniqueConstraint(fields=["project", "short_name"], name="partner_short_name_unique"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(is_coordinator=True), name="one_coordinator_per_project"
            ),
        ]

    def __str__(self):
        return self.short_name

    @property
    def beneficiary(self) -> str:
        """Number and name as the agency's templates write a lead beneficiary: "4-POLYM (formerly PLA)"."""
        name = f"{self.number}-{self.report_name or self.short_name}"
        if not self.former_name:
            return name
        return gettext("%(name)s (formerly %(former)s)") % {"name": name, "former": self.former_name}


class MembershipQuerySet(models.QuerySet):
    """The user's memberships by what they let them do. Superusers hold none and are let through by the
    callers (ProjectQuerySet, ProjectScopedQuerySet, consortium.access), which say so."""

    def editing(self, user):
        """The user's memberships that let them add and change their partner's records (not viewers)."""
        return self.filter(user=user, role__in=Membership.EDITING_ROLES)

    def reviewing(self, user):
        """The user's memberships that let them verify and return records (task leader, coordinator)."""
        return self.filter(user=user, role__in=Membership.REVIEWING_ROLES)

    def coordinating(self, user):
        """The user's memberships as coordinator: the project frame and every partner's records."""
        return self.filter(user=user, role__in=Membership.COORDINATING_ROLES)

    def coordinators(self, project):
        """The project's coordinators' memberships (the People page keeps at least one)."""
        return self.filter(project=project, role__in=Membership.COORDINATING_ROLES)


class Membership(models.Model):
    """A person's role in a project; staff, task leaders and coordinators work for one partner."""

    class Role(models.TextChoices):
        STAFF = "staff", gettext_lazy("Partner staff")
        TASK_LEADER = "task_leader", gettext_lazy("Task leader")
        COORDINATOR = "coordinator", gettext_lazy("Coordinator")
        VIEWER = "viewer", gettext_lazy("Viewer (read only)")

    # What each role lets its holder do (DESIGN.md §6), written here only: the QuerySets above, the
    # properties below and consortium.access read these three, and no other module compares roles
    # (tests/consortium/test_access.py checks that).
    EDITING_ROLES = (Role.STAFF, Role.TASK_LEADER, Role.COORDINATOR)  # add and change own partner's records
    REVIEWING_ROLES = (Role.TASK_LEADER, Role.COORDINATOR)  # verify and send back records
    COORDINATING_ROLES = (Role.COORDINATOR,)  # the frame, every partner's records, freeze, undo, restore
    # The role of the person named on a new project's page (setup): they set up the rest.
    FOUNDING_ROLE = Role.COORDINATOR
    # Every role but viewer works for one partner: the condition of the constraint below, and of an
    # invitation's (accounts.Invitation), which gives a role.
    PARTNER_RULE = Q(role="viewer") | Q(partner__isnull=False)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=gettext_lazy("user"),
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=gettext_lazy("project")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=gettext_lazy("partner"),
    )
    role = models.CharField(max_length=20, choices=Role.choices, verbose_name=gettext_lazy("role"))

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "partner__number", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="one_membership_per_project"),
            models.CheckConstraint(
                condition=Q(role="viewer") | Q(partner__isnull=False), name="member_with_role_has_partner"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.partner or self.project})"

    @property
    def may_record(self) -> bool:
        """Whether this membership lets its holder add and change their partner's records (not a viewer)."""
        return self.role in Membership.EDITING_ROLES

    @property
    def may_review(self) -> bool:
        """Whether this membership lets its holder verify and send back records."""
        return self.role in Membership.REVIEWING_ROLES

    @property
    def is_coordinator(self) -> bool:
        """Whether its holder coordinates the project."""
        return self.role in Membership.COORDINATING_ROLES

    @property
    def chooses_partners(self) -> bool:
        """Whether this member chooses a record's responsible partners (the form and the import ask this);
        everyone else's new records are their own partner's and their existing records keep theirs."""
        return self.is_coordinator

    @staticmethod
    def needs_partner(role: str) -> bool:
        """Whether a member with this role works for a partner (PARTNER_RULE): everyone but a viewer."""
        return role != Membership.Role.VIEWER

    def clean(self):
        if self.partner_id and self.project_id and self.partner.project_id != self.project_id:
            raise ValidationError(
                {
                    "partner": gettext("%(partner)s is not a partner of %(project)s.")
                    % {"partner": self.partner, "project": self.project}
                }
            )


class ReportingPeriod(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="periods", verbose_name=gettext_lazy("project")
    )
    number = models.PositiveSmallIntegerField(verbose_name=gettext_lazy("number"))
    start_date = models.DateField(verbose_name=gettext_lazy("start date"))
    end_date = models.DateField(verbose_name=gettext_lazy("end date"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="period_number_unique"),
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")), name="period_starts_before_end"
            ),
        ]

    def __str__(self):
        return f"P{self.number} ({format_date(self.start_date)}-{format_date(self.end_date)})"

    @cached_property
    def is_last(self) -> bool:
        """Whether this is its project's last period (Project.last_period), so undated records count in it.

        Set without a query on the periods of Project.reporting_periods(); read alone it costs one.
        """
        return self == self.project.last_period()

    def clean(self):
        if self.start_date and self.end_date and self.project_id:
            overlapping = ReportingPeriod.objects.filter(
                project_id=self.project_id, start_date__lte=self.end_date, end_date__gte=self.start_date
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    gettext("The period overlaps %(period)s.") % {"period": overlapping.first()}
                )


class WorkPackage(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="work_packages", verbose_name=gettext_lazy("project")
    )
    number = models.PositiveSmallIntegerField(verbose_name=gettext_lazy("number"))
    title = models.CharField(max_length=255, verbose_name=gettext_lazy("title"))
    lead = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("lead"),
    )
    start_month = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=gettext_lazy("start month")
    )
    end_month = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=gettext_lazy("end month")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="work_package_number_unique"),
            models.CheckConstraint(
                condition=Q(start_month__isnull=True)
                | Q(end_month__isnull=True)
                | Q(start_month__lte=F("end_month")),
                name="work_package_months_ordered",
            ),
        ]

    def __str__(self):
        return f"WP{self.number} {self.title}"


class Task(models.Model):
    work_package = models.ForeignKey(
        WorkPackage, on_delete=models.CASCADE, related_name="tasks", verbose_name=gettext_lazy("work package")
    )
    code = models.CharField(
        max_length=10,
        help_text=gettext_lazy("As the work plan numbers it, e.g. 3.1."),
        verbose_name=gettext_lazy("code"),
    )
    title = models.CharField(max_length=255, verbose_name=gettext_lazy("title"))
    lead = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("lead"),
    )
    participants = models.ManyToManyField(
        Partner, blank=True, related_name="+", verbose_name=gettext_lazy("participants")
    )
    start_month = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=gettext_lazy("start month")
    )
    end_month = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=gettext_lazy("end month")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["work_package", "code"]
        constraints = [
            models.UniqueConstraint(fields=["work_package", "code"], name="task_code_unique"),
        ]

    def __str__(self):
        return f"T{self.code} {self.title}"
