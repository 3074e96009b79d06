"""Indicator sets, indicators and their targets, values reported by hand, and the plan (D3.2 Table 12)."""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from simple_history.models import HistoricalRecords

from consortium.models import FrameQuerySet, Partner, Project, ReportingPeriod


class IndicatorSet(models.Model):
    class ReportSection(models.TextChoices):
        """Which part of an agency report the set feeds: the reports select their sets by it, not by code."""

        NONE = "", gettext_lazy("No report section")
        PROGRESS_CALL = "progress_call", gettext_lazy("Progress report: call indicators")
        PROGRESS_PROJECT = "progress_project", gettext_lazy("Progress report: other project indicators")
        D32_TABLE0 = "d32_table0", gettext_lazy("D3.2: performance indicators (Table 0)")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicator_sets", verbose_name=gettext_lazy("project")
    )
    code = models.CharField(
        max_length=10,
        help_text=gettext_lazy("Prefix of its indicators' codes, e.g. the work package's number."),
        verbose_name=gettext_lazy("code"),
    )
    title = models.CharField(max_length=200, verbose_name=gettext_lazy("title"))
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Where the set is defined."),
        verbose_name=gettext_lazy("source"),
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))
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


class CountingRule(models.Model):
    """How a counted indicator is counted, composed by a coordinator from parts (kpis/rule_parts.py):
    which records (a record kind and conditions on its fields), what is counted, an optional breakdown
    into sub-types. Several indicators may share a rule (a call indicator and a work-package indicator
    counting the same agreements). `kpis.rules.compile_rule` turns it into the engine's `Rule`."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="counting_rules", verbose_name=gettext_lazy("project")
    )
    name = models.SlugField(
        gettext_lazy("name"),
        max_length=60,
        help_text=gettext_lazy("A short handle, e.g. signed_agreements (letters, digits, _ and -)."),
    )
    title = models.CharField(gettext_lazy("title"), max_length=200)
    record_kind = models.CharField(gettext_lazy("which records"), max_length=30)
    conditions = models.JSONField(
        gettext_lazy("conditions"),
        default=list,
        blank=True,
        help_text=gettext_lazy('[{"field": "status", "values": ["signed"], "exclude": false}, ...]'),
    )
    counts = models.CharField(gettext_lazy("what is counted"), max_length=40, default="records")
    breakdown = models.CharField(gettext_lazy("sub-types by"), max_length=30, blank=True)
    breakdown_labels = models.JSONField(gettext_lazy("sub-type names"), default=dict, blank=True)
    note = models.TextField(
        gettext_lazy("note"),
        blank=True,
        help_text=gettext_lazy("Said after the rule's sentence, e.g. what it leaves out and why."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="counting_rule_name_unique")]
        verbose_name = gettext_lazy("counting rule")

    def __str__(self):
        return self.title or self.name

    def save(self, *args, **kwargs):
        self.breakdown_labels = self.subtype_names()
        self.__dict__.pop("compiled", None)
        super().save(*args, **kwargs)

    @cached_property
    def compiled(self):
        from kpis.rules import compile_rule

        return compile_rule(self)

    def clean(self):
        from kpis.rules import RuleError, compile_rule

        try:
            compile_rule(self)
        except RuleError as error:
            raise ValidationError(str(error)) from error

    def subtype_names(self) -> dict[str, str]:
        """The sub-types the breakdown gives, in the order a coordinator sees them, with their names (those
        given on the rule first): limited to the values its own condition keeps (kinds chosen)."""
        from kpis import rule_parts

        kind = rule_parts.KINDS.get(self.record_kind)
        breakdown = kind.breakdown(self.breakdown) if kind and self.breakdown else None
        if breakdown is None:
            return {}
        kept = next(
            (
                c["values"]
                for c in self.conditions
                if c.get("field") == breakdown.condition and not c.get("exclude")
            ),
            None,
        )
        given = self.breakdown_labels or {}
        return {
            value: given.get(value) or str(label)
            for value, label in breakdown.choices(self.project)
            if kept is None or value in kept
        }


class Indicator(models.Model):
    class Mode(models.TextChoices):
        COUNTED = "counted", gettext_lazy("Counted from records")
        REPORTED = "reported", gettext_lazy("Reported by hand per period")

    indicator_set = models.ForeignKey(
        IndicatorSet,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=gettext_lazy("indicator set"),
    )
    code = models.CharField(
        max_length=12,
        help_text=gettext_lazy("Stable code: the set's code, a dash and a number."),
        verbose_name=gettext_lazy("code"),
    )
    position = models.PositiveSmallIntegerField(verbose_name=gettext_lazy("position"))
    title = models.CharField(max_length=400, verbose_name=gettext_lazy("title"))
    description = models.TextField(blank=True, verbose_name=gettext_lazy("description"))
    mode = models.CharField(max_length=10, choices=Mode.choices, verbose_name=gettext_lazy("mode"))
    counting_rule = models.ForeignKey(
        CountingRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=gettext_lazy("counting rule"),
    )
    target = models.PositiveIntegerField(null=True, blank=True, verbose_name=gettext_lazy("target"))
    target_text = models.CharField(
        max_length=300,
        blank=True,
        help_text=gettext_lazy('The target as the source writes it, e.g. "38 = 12 + 6 + 20".'),
        verbose_name=gettext_lazy("target text"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(mode="reported") | Q(counting_rule__isnull=False),
                name="counted_indicator_has_rule",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def rule(self):
        """The engine's compiled rule of a counted indicator, or None (reported by hand)."""
        if self.mode != self.Mode.COUNTED or self.counting_rule is None:
            return None
        return self.counting_rule.compiled


class IndicatorTarget(models.Model):
    """A part of an indicator's target: per partner, per sub-type, or both."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=gettext_lazy("indicator")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("partner"),
    )
    subtype = models.CharField(
        max_length=40,
        blank=True,
        help_text=gettext_lazy("e.g. cluster_cluster, wp2."),
        verbose_name=gettext_lazy("subtype"),
    )
    subtype_label = models.CharField(max_length=120, blank=True, verbose_name=gettext_lazy("subtype label"))
    value = models.PositiveIntegerField(verbose_name=gettext_lazy("value"))

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

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="reported_values",
        verbose_name=gettext_lazy("indicator"),
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name=gettext_lazy("period")
    )
    value = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=gettext_lazy("Cumulative to the end of the period; empty: not reported."),
        verbose_name=gettext_lazy("value"),
    )
    comment = models.TextField(blank=True, verbose_name=gettext_lazy("comment"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period__number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_reported_value_per_period"),
        ]

    def __str__(self):
        value = gettext("not reported") if self.value is None else self.value
        return f"{self.indicator.code} P{self.period.number}: {value}"


class PlanItem(models.Model):
    """A line of the cross-fertilisation timeline (D3.2 Table 12): a deadline month, an activity, a status."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="plan_items", verbose_name=gettext_lazy("project")
    )
    position = models.PositiveSmallIntegerField(gettext_lazy("position"))
    month = models.PositiveSmallIntegerField(
        gettext_lazy("month"), help_text=gettext_lazy("Project month of the deadline (M6 = 6).")
    )
    activity = models.CharField(gettext_lazy("activity"), max_length=300, blank=True)
    status = models.CharField(
        gettext_lazy("status"), max_length=120, blank=True, help_text=gettext_lazy('As written, e.g. "Done".')
    )
    mission = models.ForeignKey(
        "missions.Mission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=gettext_lazy("mission"),
    )

    objects = FrameQuerySet.as_manager()  # part of the project frame: only the coordinator changes it
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "position"]
        verbose_name = gettext_lazy("plan item")
        verbose_name_plural = gettext_lazy("plan items")
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
