"""What the dashboard, drill-down and timeline pages show, built from the engine's results (no queries
here except the drill-down's record list, the timeline's two lists and the two overdue lists)."""

from dataclasses import dataclass

from django.contrib import admin
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from consortium.models import Deliverable, Milestone
from kpis import charts
from kpis.engine import Result
from kpis.rules import ALREADY_COUNTED, Rule
from missions.models import Mission


def attach_charts(dashboard) -> None:
    """Give every indicator set its overview chart and every result its detail charts."""
    for indicator_set, results in dashboard.sets:
        indicator_set.chart = charts.hbars(
            [(r.code, r.achieved, r.target, r.status) for r in results],
            title=_("%(code)s: achieved against target, P%(number)s")
            % {"code": indicator_set.code, "number": dashboard.period.number},
            label_id=f"set-{indicator_set.code}",
            elapsed=dashboard.elapsed,
        )
        for result in results:
            attach_result_charts(result)


def attach_result_charts(result: Result) -> None:
    code = result.code
    result.curve_chart = charts.curve(
        result.curve,
        result.target,
        title=_("%(code)s: cumulative per period") % {"code": code},
        label_id=f"curve-{code}",
    )
    result.partner_chart = None
    if result.per_partner:
        rows = [
            (f.partner.short_name, f.achieved, f.target, _status(f.achieved, f.target))
            for f in result.per_partner
        ]
        rows.append((_("Consortium"), result.consortium, None, ""))
        result.partner_chart = charts.hbars(
            rows, title=_("%(code)s: per partner") % {"code": code}, label_id=f"partners-{code}"
        )
    result.subtype_chart = None
    if result.subtypes:
        result.subtype_chart = charts.hbars(
            [(s.label[:24], s.achieved, s.target, _status(s.achieved, s.target)) for s in result.subtypes],
            title=_("%(code)s: per sub-type") % {"code": code},
            label_id=f"subtypes-{code}",
            label_width=170,
        )


def _status(achieved, target) -> str:
    if target is None:
        return ""
    return "met" if (achieved or 0) >= target else "behind"


# -- drill-down ------------------------------------------------------------------------------------
@dataclass
class RecordRow:
    record: object
    reason: str
    url: str
    date: object  # VagueDate or None
    distinct_names: list[str]

    @property
    def counted(self) -> bool:
        return not self.reason


def record_url(record, user) -> str:
    """The record's own page when its model has one, else the admin page for superusers, else none."""
    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    if user.is_superuser and admin.site.is_registered(type(record)):
        meta = record._meta
        try:
            return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        except NoReverseMatch:
            return ""
    return ""


def drilldown_rows(rule: Rule, project, period, user) -> list[RecordRow]:
    """Every record of the rule's kind in the project, counted first, each with why it is not counted."""
    queryset = (
        rule.candidates(project)
        .annotate(reason=rule.reason(period))
        .prefetch_related("responsible")
        .order_by("reason", "position", "pk")
    )
    distinct_field = None
    if rule.distinct:
        relation = rule.model._meta.get_field(rule.distinct)
        if relation.many_to_many:
            related = relation.related_model.objects.filter(**rule.distinct_where).order_by("pk")
            queryset = queryset.prefetch_related(
                Prefetch(rule.distinct, queryset=related, to_attr="counted_values")
            )
        else:
            distinct_field = rule.distinct
            queryset = queryset.select_related(rule.distinct)
    date_prefix = rule.date_field.removesuffix("_end")
    seen: set = set()
    rows = []
    for record in queryset:
        reason = record.reason
        names = []
        if rule.distinct and distinct_field:
            value = getattr(record, f"{distinct_field}_id")
            related = getattr(record, distinct_field)
            names = [str(related)] if related else []
            if not reason and value in seen:
                reason = ALREADY_COUNTED
            seen.add(value)
        elif rule.distinct:
            values = record.counted_values
            names = [str(v) for v in values]
            if not reason and values and all(v.pk in seen for v in values):
                reason = ALREADY_COUNTED
            seen.update(v.pk for v in values)
        rows.append(
            RecordRow(
                record, reason, record_url(record, user), getattr(record, _date_attr(date_prefix)), names
            )
        )
    return rows


def _date_attr(prefix: str) -> str:
    return "date" if prefix == "date" else f"{prefix}_date"


def group_not_counted(rows: list[RecordRow]) -> list[tuple[str, list[RecordRow]]]:
    groups: dict[str, list[RecordRow]] = {}
    for row in rows:
        if row.reason:
            groups.setdefault(row.reason, []).append(row)
    # Records of another kind or category are the least interesting near misses: listed last.
    return sorted(groups.items(), key=lambda item: (item[0].startswith("another"), -len(item[1])))


# -- deliverables and milestones overdue ------------------------------------------------------------
def overdue_items(project, on) -> dict:
    """The project's deliverables and milestones overdue on `on` (two queries), for the dashboard's panel
    and the timeline: {"deliverables": [...], "milestones": [...], "on": on}."""
    return {
        "deliverables": list(
            Deliverable.objects.filter(project=project).overdue(on).order_by("work_package__number", "code")
        ),
        "milestones": list(Milestone.objects.filter(project=project).overdue(on).order_by("number")),
        "on": on,
    }


# -- timeline ---------------------------------------------------------------------------------------
class Timeline:
    """D3.2 Table 12 by project month with status, late items, and the missions on the same axis."""

    def __init__(self, project, period, plan_items, missions):
        self.project = project
        self.period = period
        self.reference_month = project.month_of(period.end_date) if period else None
        self.items = [self._item(item) for item in plan_items]
        self.missions = [self._mission(m) for m in missions]

    def _item(self, item):
        if item.is_done:
            state = "done"
        elif item.activity and self.reference_month and item.month < self.reference_month:
            state = "late"  # its month ended before the chosen period's end and it is not done
        else:
            state = "open"
        item.state = state
        return item

    def _mission(self, mission: Mission):
        if mission.date_start is None:
            mission.first_month = mission.last_month = None
        else:
            mission.first_month = max(1, self.project.month_of(mission.date_start))
            mission.last_month = max(mission.first_month, self.project.month_of(mission.date_end))
        return mission

    @cached_property
    def late(self):
        return [i for i in self.items if i.state == "late"]

    @cached_property
    def chart(self):
        months = max(
            [
                self.project.total_months,
                *[i.month for i in self.items],
                *[m.last_month or 0 for m in self.missions],
            ]
        )
        return charts.timeline(
            months,
            f"{self.project.start_date:%m.%Y}",
            [(i.month, i.activity, i.state) for i in self.items if i.activity],
            [(m.first_month, m.last_month, m.name) for m in self.missions],
            label_id="timeline",
            today_month=self.reference_month,
        )
