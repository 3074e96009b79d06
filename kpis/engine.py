"""The KPI engine: every indicator of a project, cumulative to the end of a reporting period.

Counted indicators go through their rule (kpis/rules.py); the figures of all of them (every period's
totals, the undated, consortium, evidence and verified figures, per partner, per sub-type, the records
behind them) come from one grouped query (kpis/figures.py), whatever the number of records, rules or
partners. Indicators sharing a rule (WP3-1 and CALL-1) share its figures. Reported indicators take the
value entered for the chosen period; without one they are "not reported for this period", and the last
value reported before it is named beside that, never shown as the period's own.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import pgettext_lazy

from consortium.models import Partner
from kpis.figures import RuleFigures, rule_figures
from kpis.models import Indicator, IndicatorSet, IndicatorTarget, ReportedValue
from kpis.rules import Rule

MET, ON_TRACK, BEHIND = "met", "on_track", "behind"
STATUS_LABELS = {
    MET: pgettext_lazy("KPI status", "Met"),
    ON_TRACK: pgettext_lazy("KPI status", "On track"),
    BEHIND: pgettext_lazy("KPI status", "Behind"),
}


@dataclass
class PartnerFigure:
    partner: Partner
    achieved: int | None
    target: int | None


@dataclass
class SubtypeFigure:
    subtype: str
    label: str
    achieved: int | None
    target: int | None


@dataclass
class Result:
    indicator: Indicator
    achieved: int | None
    curve: list[tuple[object, int | None]]  # (period, cumulative value at its end)
    per_partner: list[PartnerFigure] = field(default_factory=list)
    consortium: int = 0
    subtypes: list[SubtypeFigure] = field(default_factory=list)
    undated: int = 0  # records without a date (counted only in the last period)
    records: int = 0  # records behind the number
    with_evidence: int = 0  # of those, records with at least one evidence file
    verified: int = 0
    status: str = ""
    percent: int | None = None
    reported: ReportedValue | None = None  # the value shown: the chosen period's, when it has one
    entry: ReportedValue | None = None  # what the chosen period's report says (comment, blank cell)
    last_reported: ReportedValue | None = None  # without a value this period: the last one before it
    record_ids: list[int] = field(default_factory=list)
    undated_ids: list[int] = field(default_factory=list)
    record_names: dict[int, str] = field(default_factory=dict)  # with the ids: pk -> name

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def target(self) -> int | None:
        return self.indicator.target

    @property
    def rule(self) -> Rule | None:
        return self.indicator.rule

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, ""))

    @property
    def left_blank(self) -> bool:
        """The period's report leaves the Achieved cell blank (an entry without a value)."""
        return self.entry is not None and self.entry.value is None

    @property
    def comment(self) -> str:
        return self.entry.comment if self.entry else ""


@dataclass
class Dashboard:
    project: object
    period: object
    periods: list
    partners: list
    elapsed: float  # share of the project's months elapsed at the period's end, 0..1
    sets: list[tuple[IndicatorSet, list[Result]]]

    @property
    def results(self) -> list[Result]:
        return [result for _, results in self.sets for result in results]

    @property
    def last_period(self):
        return self.periods[-1]

    @property
    def is_last_period(self) -> bool:
        return self.period.is_last


def elapsed_share(project, period) -> float:
    """Months of the project elapsed at the period's end, as a share of all its months (extensions too)."""
    months = project.month_of(period.end_date)
    return max(0.0, min(1.0, months / project.total_months))


def status_of(achieved, target, elapsed: float) -> str:
    """Met when the target is reached; on track when the share achieved keeps pace with the time elapsed."""
    if achieved is None or not target:
        return ""
    if achieved >= target:
        return MET
    return ON_TRACK if achieved / target >= elapsed else BEHIND


def indicator_sets(project):
    """The project's indicator sets with their indicators and target parts: three queries. Each indicator
    knows whether any period's report says something of it (`has_entries`), so a set whose indicators
    have no entries (D3.2's, all counted) costs no query for them."""
    targets = IndicatorTarget.objects.select_related("partner").order_by("partner__number", "subtype")
    indicators = (
        Indicator.objects.order_by("position")
        .select_related("counting_rule__project")
        .annotate(has_entries=Exists(ReportedValue.objects.filter(indicator=OuterRef("pk"))))
        .prefetch_related(Prefetch("targets", queryset=targets))
    )
    return list(
        IndicatorSet.objects.filter(project=project)
        .order_by("position", "code")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )


def build_dashboard(
    project, period, *, periods=None, with_ids: bool = False, only_code: str | None = None
) -> Dashboard:
    """Every indicator of `project` cumulative to the end of `period` (or only the one with `only_code`).

    `periods` as Project.reporting_periods() gives them (each knows whether it is the last).
    """
    periods = project.reporting_periods() if periods is None else periods
    period = periods[periods.index(period)]  # the same period, knowing whether it is the last: no query
    partners = list(Partner.objects.filter(project=project).order_by("number"))
    sets = indicator_sets(project)
    if only_code:
        for indicator_set in sets:
            indicator_set.chosen = [i for i in indicator_set.indicators.all() if i.code == only_code]
        sets = [s for s in sets if s.chosen]
    else:
        for indicator_set in sets:
            indicator_set.chosen = list(indicator_set.indicators.all())
    chosen = [i for s in sets for i in s.chosen]
    reported = _reported_values(chosen, period)
    elapsed = elapsed_share(project, period)

    # One rule per name (indicators may share one); sorted: the same query text every time.
    compiled = {i.rule.name: i.rule for i in chosen if i.rule is not None}
    rules = [compiled[name] for name in sorted(compiled)]
    figures = rule_figures(rules, project, period, periods, partners, with_ids=with_ids)
    result_sets = []
    for indicator_set in sets:
        results = []
        for indicator in indicator_set.chosen:
            if indicator.mode == Indicator.Mode.REPORTED:
                result = _reported_result(indicator, periods, period, reported)
            else:
                result = _counted_result(indicator, figures[indicator.rule.name], partners)
                result.entry = _entry_of(reported.get(indicator.pk, []), period)
            result.status = status_of(result.achieved, indicator.target, elapsed)
            if result.achieved is not None and indicator.target:
                result.percent = round(100 * result.achieved / indicator.target)
            results.append(result)
        result_sets.append((indicator_set, results))
    return Dashboard(project, period, periods, partners, elapsed, result_sets)


def _counted_result(indicator, figures: RuleFigures, partners) -> Result:
    rule = indicator.rule
    targets = list(indicator.targets.all())
    partner_targets = {t.partner_id: t.value for t in targets if t.partner_id and not t.subtype}
    order = list(rule.subtype_labels)  # the source document's order (national workshops first)
    subtype_targets = sorted(
        (t for t in targets if t.subtype and not t.partner_id),
        key=lambda t: (order.index(t.subtype) if t.subtype in order else len(order), t.subtype),
    )
    subtypes = [
        SubtypeFigure(
            t.subtype,
            t.subtype_label or rule.subtype_labels.get(t.subtype, t.subtype),
            figures.subtypes.get(t.subtype, 0),
            t.value,
        )
        for t in subtype_targets
    ]
    known = {t.subtype for t in subtype_targets}

    def place(item):  # the rule's order too where no target names the sub-type (the audience by kind)
        return (order.index(item[0]) if item[0] in order else len(order), str(item[0]))

    subtypes += [
        SubtypeFigure(key, rule.subtype_labels.get(key, key), n, None)
        for key, n in sorted(figures.subtypes.items(), key=place)
        if key not in known
    ]
    return Result(
        indicator,
        figures.achieved,
        figures.curve,
        per_partner=[
            PartnerFigure(p, figures.per_partner.get(p.pk, 0), partner_targets.get(p.pk)) for p in partners
        ],
        consortium=figures.consortium,
        subtypes=subtypes,
        undated=figures.undated,
        records=figures.records,
        with_evidence=figures.with_evidence,
        verified=figures.verified,
        record_ids=figures.record_ids,
        undated_ids=figures.undated_ids,
        record_names=figures.record_names,
    )


def _reported_values(indicators, period) -> dict[int, list[ReportedValue]]:
    """Period entries of these indicators up to `period`, newest period first: one query, none when no
    indicator is reported by hand or has entries. Counted indicators may have entries too: the period's
    comment, a cell left blank."""
    ids = [i.pk for i in indicators if i.mode == Indicator.Mode.REPORTED or i.has_entries]
    values: dict[int, list[ReportedValue]] = {}
    if not ids:
        return values
    for value in (
        ReportedValue.objects.filter(indicator__in=ids, period__number__lte=period.number)
        .select_related("period")
        .order_by("-period__number")
    ):
        values.setdefault(value.indicator_id, []).append(value)
    return values


def _entry_of(values: list[ReportedValue], period) -> ReportedValue | None:
    return next((v for v in values if v.period.number == period.number), None)


def _reported_result(indicator, periods, period, reported) -> Result:
    """A reported value is cumulative as entered for its own period; a period without one is "not
    reported", with the last value reported before it (never repeated as if reported again)."""
    values = reported.get(indicator.pk, [])
    by_period = {v.period.number: v.value for v in values}
    entry = _entry_of(values, period)
    own = entry if entry is not None and entry.value is not None else None
    last = None
    if own is None:
        last = next((v for v in values if v.value is not None and v.period.number < period.number), None)
    curve = [(p, by_period.get(p.number) if p.number <= period.number else None) for p in periods]
    return Result(indicator, own.value if own else None, curve, reported=own, entry=entry, last_reported=last)


def as_json(dashboard: Dashboard) -> list[dict]:
    """The API and CLI shape (DESIGN.md §7): one object per indicator, in set order."""
    rows = []
    for indicator_set, results in dashboard.sets:
        for r in results:
            rows.append(
                {
                    "code": r.code,
                    "title": r.indicator.title,
                    "set": indicator_set.code,
                    "mode": r.indicator.mode,
                    "rule": r.rule.name if r.rule else "",
                    "period": dashboard.period.number,
                    "target": r.target,
                    "achieved": r.achieved,
                    "percent": r.percent,
                    "status": r.status or None,
                    "per_partner": {f.partner.short_name: f.achieved for f in r.per_partner},
                    "per_partner_target": {
                        f.partner.short_name: f.target for f in r.per_partner if f.target is not None
                    },
                    "consortium": r.consortium,
                    "subtypes": [
                        {"subtype": s.subtype, "label": s.label, "target": s.target, "achieved": s.achieved}
                        for s in r.subtypes
                    ],
                    "cumulative": {f"P{p.number}": v for p, v in r.curve},
                    "records": r.record_ids,
                    "undated": r.undated_ids,
                    "coverage": {
                        "counted": r.records,
                        "with_evidence": r.with_evidence,
                        "verified": r.verified,
                    },
                    "comment": r.comment or None,
                    "left_blank": r.left_blank,
                    "last_reported": (
                        {"period": r.last_reported.period.number, "value": r.last_reported.value}
                        if r.last_reported
                        else None
                    ),
                }
            )
    return rows
