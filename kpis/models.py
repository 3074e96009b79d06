"""Indicator sets, indicators and their targets, values reported by hand, and the plan (D3.2 Table 12)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from consortium.models import FrameQuerySet, Partner, Project, ReportingPeriod


class IndicatorSet(models.Model):
    class ReportSection(models.TextChoices):
        """Which part of an agency report the set feeds: the reports select their sets by it, not by code."""

        NONE = "", gettext_lazy("No report section")
        PROGRESS_CALL = "progress_call", gettext_lazy("Progress report: call indicators")
        PROGRESS_PROJECT = "progress_project", gettext_lazy("Progress report: other project indicators")
        D32_TABLE0 = "d32_table0", gettext_lazy("D3.2: performance indicators (Table 0)")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicator_sets")
    code = models.CharField(
        max_length=10,
        help_text=gettext_lazy("Prefix of its indicators' codes, e.g. the work package's number."),
    )
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=200, blank=True, help_text="Where the set is defined.")
    position = models.PositiveSmallIntegerField(default=0)
    report_section = models.CharField(
        gettext_lazy("report section"),
        max_length=20,
        choices=ReportSection.choices,
        blank=True,
        default=ReportSection.NONE,
        help_text=gettext_lazy("The part of an agency report that shows this set's indicators, if any."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="indicator_set_code_unique"),
            # One set per report section: a report table shows one set.
            models.UniqueConstraint(
                fields=["project", "report_section"],
                condition=~Q(report_section=""),
                name="indicator_set_report_section_unique",
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.title}"


class Indicator(models.Model):
    class Mode(models.TextChoices):
        COUNTED = "counted", "Counted from records"
        REPORTED = "reported", "Reported by hand per period"

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(
        max_length=12, help_text=gettext_lazy("Stable code: the set's code, a dash and a number.")
    )
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=400)
    description = models.TextField(blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    rule = models.CharField(max_length=60, blank=True, help_text="Name of the counting rule (kpis.rules).")
    target = models.PositiveIntegerField(null=True, blank=True)
    target_text = models.CharField(
        max_length=300, blank=True, help_text='The target as the source writes it, e.g. "38 = 12 + 6 + 20".'
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(mode="reported") | ~Q(rule=""), name="counted_indicator_has_rule"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class IndicatorTarget(models.Model):
    """A part of an indicator's target: per partner, per sub-type, or both."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    subtype = models.CharField(max_length=40, blank=True, help_text="e.g. cluster_cluster, wp2.")
    subtype_label = models.CharField(max_length=120, blank=True)
    value = models.PositiveIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "partner__number", "subtype"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | ~Q(subtype=""),
                name="target_part_names_partner_or_subtype",
            ),
            models.UniqueConstraint(
                fields=["indicator", "subtype"],
                condition=Q(partner__isnull=True),
                name="one_target_per_subtype",
            ),
            models.UniqueConstraint(
                fields=["indicator", "partner", "subtype"],
                condition=Q(partner__isnull=False),
                name="one_target_per_partner_and_subtype",
            ),
        ]

    def __str__(self):
        who = " ".join(filter(None, [str(self.partner or ""), self.subtype_label or self.subtype]))
        return f"{self.indicator.code} {who}: {self.value}"


class ReportedValue(models.Model):
    """What one period's progress report says of an indicator: its value and comment (the Comments cell).

    For a reported indicator the value is the number (stakeholders reached); an empty value says the
    report left the cell blank: "not reported", never an earlier period's number. For a counted indicator
    the number is always the engine's count; an entry gives the period's comment, and an empty value
    there says the report left the Achieved cell blank (ELCA's period 1 did for several indicators).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reported_values")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveIntegerField(
        null=True, blank=True, help_text="Cumulative to the end of the period; empty: not reported."
    )
    comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period__number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_reported_value_per_period"),
        ]

    def __str__(self):
        value = "not reported" if self.value is None else self.value
        return f"{self.indicator.code} P{self.period.number}: {value}"


class PlanItem(models.Model):
    """A line of the cross-fertilisation timeline (D3.2 Table 12): a deadline month, an activity, a status."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="plan_items")
    position = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(help_text="Project month of the deadline (M6 = 6).")
    activity = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=120, blank=True, help_text='As written, e.g. "Done".')
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_items"
    )

    objects = FrameQuerySet.as_manager()  # part of the project frame: only the coordinator changes it
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="plan_item_position_unique"),
            models.CheckConstraint(condition=Q(month__gte=1), name="plan_item_month_positive"),
        ]

    def __str__(self):
        return f"M{self.month} {self.activity}".strip()

    def get_absolute_url(self):
        return reverse("kpis:plan_detail", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status.strip().lower() == "done"
