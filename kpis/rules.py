"""How a counting rule counts, in one module a newcomer can read top to bottom (DESIGN.md §4).

A rule is data a coordinator composes (`kpis.models.CountingRule`, from the parts in kpis/rule_parts.py);
`compile_rule` turns it into a `Rule`, which counts, for a project and a reporting period P, cumulatively
from the project start:

1. the records of one kind of the project (`model`: agreements, events, engagements...);
2. that meet every `requirement`, each a database condition with the reason a record failing it is
   "not counted" on the drill-down page (checked in order: the first failing one is the reason shown);
3. that are placed on or before P's end (`Model.objects.placed(P)`, the one owner of the rule): a record
   is placed by the END of its vague date (`signed_end` for agreements). A record with no date happened
   but cannot be placed: it counts only when P is the project's last period, flagged "undated", and is
   never dropped;
4. the value is the number of such records; for a rule with `distinct`, the number of distinct
   organisations or sectors they name (an organisation engaged twice counts once); for a rule with
   `sum_of`, the sum of that number field of the records (participants of a kind).

Credit rule for partners (the per-partner columns): every responsible partner of a counted record is
credited with it once, so a record led by two partners counts 1 for each and 1 in the total; the
per-partner figures may therefore add up to more than the total. A record the consortium led as a whole
(`consortium_led`) counts in the total and in the "consortium" column, and also for any partner named
beside it.

Everything here builds querysets and conditions; the engine (kpis/engine.py, kpis/figures.py) turns the
rules of a whole indicator set into one grouped query, so the number of queries does not grow with the
records, rules or partners.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.db.models import Case, Exists, Q, Value, When
from django.utils.translation import gettext, gettext_lazy

from kpis import rule_parts


@dataclass(frozen=True)
class Requirement:
    condition: Q | Exists
    reason: object  # shown beside a record that fails it ("status is not Signed"); lazy: labels cost a query


@dataclass(frozen=True)
class Rule:
    name: str
    model: type[models.Model]
    requirements: tuple[Requirement, ...] = ()
    # Count distinct values of this path (an organisation, a sector) instead of records...
    distinct: str = ""
    # ...keeping only the related values matching this, in the related model's terms ({"is_mobility": False}).
    distinct_where: dict = field(default_factory=dict)
    # Add up a number field of the records instead of counting them (participants of a kind): the sum's
    # key, and the fields it adds up (the audience reached adds up its five kinds).
    sum_of: str = ""
    sum_fields: tuple[str, ...] = ()
    # A field or expression giving each record's sub-type, matched with IndicatorTarget.subtype; or the
    # fields of the sum, each a sub-type (rule_parts.SumParts: the audience by kind).
    subtype: str | models.Expression | rule_parts.SumParts | None = None
    subtype_labels: dict[str, str] = field(default_factory=dict)
    describe: object = None  # () -> the one sentence saying what the rule counts

    @cached_property
    def statement(self) -> str:
        return str(self.describe()) if self.describe else ""

    @property
    def distinct_kind(self) -> str:
        """What a rule with `distinct` counts: "organisations", "sectors" or "records"."""
        return {"organisation": "organisations", "organisations": "organisations", "sectors": "sectors"}.get(
            self.distinct, "records"
        )

    @property
    def counts_distinct(self) -> str:
        return DISTINCT_LABELS[self.distinct_kind]

    # -- the querysets the engine and the drill-down use -------------------------------------------
    def candidates(self, project):
        """Every record of the rule's kind in the project: what the drill-down lists."""
        return self.model.objects.filter(project=project)

    def matching(self, project):
        """Records meeting every requirement, wherever their date falls."""
        queryset = self.candidates(project)
        for requirement in self.requirements:
            queryset = queryset.filter(requirement.condition)
        if self.distinct_where:
            # In the same queryset as the later Count(distinct), so the join is shared and only the
            # matching related values (e.g. non-mobility sectors) are counted.
            queryset = queryset.filter(**{f"{self.distinct}__{k}": v for k, v in self.distinct_where.items()})
        return queryset

    @property
    def date_field(self) -> str:
        """The date that places the rule's records: the model's (`signed_end` for agreements)."""
        return self.model.PLACED_BY

    def placed(self, period) -> Q:
        """Placed on or before the period's end (RecordQuerySet.placed: undated only in the last period)."""
        return self.model.objects.placed(period)

    def undated(self) -> Q:
        return self.model.objects.dateless()

    def reason(self, period) -> Case:
        """Why a record is not counted in `period` ("" when it is), computed in the database."""
        whens = [When(~Q(r.condition), then=Value(str(r.reason))) for r in self.requirements]
        whens.append(When(Q(**{f"{self.date_field}__gt": period.end_date}), then=Value(str(AFTER_PERIOD))))
        # Not placed and not after the end: undated, in a period that is not the last.
        whens.append(When(~self.placed(period), then=Value(str(UNDATED_NOT_LAST))))
        return Case(*whens, default=Value(""), output_field=models.CharField())


DISTINCT_LABELS = {
    "organisations": gettext_lazy("organisations"),
    "sectors": gettext_lazy("sectors"),
    "records": gettext_lazy("records"),
}
AFTER_PERIOD = gettext_lazy("dated after the period end")
UNDATED_NOT_LAST = gettext_lazy("no date: counts only in the last reporting period")
ALREADY_COUNTED = gettext_lazy("already counted through another record")


class RuleError(ValueError):
    """A rule names a part that does not exist (a kind, a condition, a value): the message says which."""


def compile_rule(counting_rule) -> Rule:
    """The `Rule` a CountingRule stands for (no query: value labels are looked up only when shown)."""
    kind = rule_parts.KINDS.get(counting_rule.record_kind)
    if kind is None:
        raise RuleError(gettext("There is no record kind “%(kind)s”.") % {"kind": counting_rule.record_kind})
    requirements, distinct_where = [], {}
    counts = counting_rule.counts or rule_parts.RECORDS
    distinct = kind.distinct.get(counts, "")
    sum_of = counts.removeprefix("sum:") if counts.startswith("sum:") else ""
    if counts != rule_parts.RECORDS and not distinct and kind.sum(sum_of) is None:
        raise RuleError(
            gettext("%(kind)s cannot count “%(counts)s”.") % {"kind": kind.label, "counts": counts}
        )
    sum_fields = kind.sum(sum_of).added if sum_of else ()
    for part in counting_rule.conditions:
        condition = kind.condition(part.get("field", ""))
        if condition is None:
            raise RuleError(
                gettext("%(kind)s have no field “%(field)s” to set a condition on.")
                % {"kind": kind.label, "field": part.get("field")}
            )
        values, exclude = list(part.get("values") or []), bool(part.get("exclude"))
        if not values:
            raise RuleError(gettext("The condition on %(field)s has no value.") % {"field": condition.label})
        database = condition.build(values)
        reason = _lazy_reason(condition, values, exclude, counting_rule)
        requirements.append(Requirement(~Q(database) if exclude else database, reason))
        if condition.narrows and distinct and not exclude:
            path, where = condition.narrows(values)
            if path == distinct:
                distinct_where.update(where)
    subtype, subtype_labels = None, {}
    if counting_rule.breakdown:
        breakdown = kind.breakdown(counting_rule.breakdown)
        if breakdown is None:
            raise RuleError(
                gettext("%(kind)s cannot be broken down by “%(field)s”.")
                % {"kind": kind.label, "field": counting_rule.breakdown}
            )
        subtype = breakdown.expression
        parts = isinstance(subtype, rule_parts.SumParts)
        if parts and set(subtype.fields) != set(sum_fields):
            # Its sub-types add up to the sum: counting anything else, they would not add up to the value.
            raise RuleError(
                gettext("%(kind)s are broken down by %(field)s only when the rule adds up %(sum)s.")
                % {"kind": kind.label, "field": breakdown.label, "sum": _sum_of(kind, subtype)}
            )
        # Stored when the rule is saved (no query); a rule saved before that computes them.
        labels = dict(counting_rule.breakdown_labels or {}) or counting_rule.subtype_names()
        # In the order the rule's own condition lists them (the source document's order): a stored JSON
        # object keeps no order on PostgreSQL (jsonb), the condition's list does.
        kept = next(
            (
                c.get("values") or []
                for c in counting_rule.conditions
                if c.get("field") == breakdown.condition
            ),
            list(subtype.fields) if parts else [],  # the sum's fields in their order (SMEs first)
        )
        order = [key for key in kept if key in labels] + sorted(key for key in labels if key not in kept)
        subtype_labels = {key: labels[key] for key in order}
    return Rule(
        counting_rule.name,
        kind.model,
        tuple(requirements),
        distinct=distinct,
        distinct_where=distinct_where,
        sum_of=sum_of,
        sum_fields=sum_fields,
        subtype=subtype,
        subtype_labels=subtype_labels,
        describe=lambda: describe(counting_rule),
    )


def _sum_of(kind, parts) -> str:
    """The label of the sum a SumParts breakdown divides ("audience reached")."""
    return str(next((s.label for s in kind.sums if set(s.added) == set(parts.fields)), ""))


def _values_text(condition, values, project) -> str:
    """ "A", "A or B", "A, B or C" """
    labels = dict(condition.choices(project))
    names = [str(labels.get(value, value)) for value in values]
    if len(names) < 3:
        return gettext(" or ").join(names)
    return gettext("%(some)s or %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def _lazy_reason(condition, values, exclude, counting_rule):
    """The drill-down's "not counted, because …" for a failed condition, built when shown."""

    def text():
        named = {"field": condition.label, "values": _values_text(condition, values, counting_rule.project)}
        return (
            gettext("%(field)s is %(values)s") if exclude else gettext("%(field)s is not %(values)s")
        ) % named

    return _Lazy(text)


class _Lazy:
    """Text computed when shown (str()), so compiling a rule for the dashboard costs no label query."""

    def __init__(self, function):
        self.function = function

    def __str__(self):
        return str(self.function())


def describe(counting_rule) -> str:
    """One sentence saying what the rule counts, as a coordinator composed it, e.g. "Counts agreements whose
    kind of agreement is Cluster-cluster and whose status is Signed, each placed by its signature date."""
    kind = rule_parts.KINDS[counting_rule.record_kind]
    project = counting_rule.project
    counts = counting_rule.counts or rule_parts.RECORDS
    if counts == rule_parts.RECORDS:
        what = gettext("Counts %(records)s") % {"records": kind.label}
    elif counts.startswith("sum:"):
        label = next(s.label for s in kind.sums if f"sum:{s.key}" == counts)
        what = gettext("Adds up the %(field)s of %(records)s") % {"field": label, "records": kind.label}
    else:
        what = gettext("Counts %(what)s named in %(records)s") % {
            "what": rule_parts.COUNTED_LABELS[counts],
            "records": kind.label,
        }
    parts = []
    for part in counting_rule.conditions:
        condition = kind.condition(part["field"])
        named = {"field": condition.label, "values": _values_text(condition, part["values"], project)}
        parts.append(
            gettext("whose %(field)s is not %(values)s") % named
            if part.get("exclude")
            else gettext("whose %(field)s is %(values)s") % named
        )
    sentence = what
    if parts:
        sentence += " " + gettext(" and ").join(parts)
    sentence += ", " + gettext("each placed by its %(date)s") % {"date": kind.date_label}
    if counting_rule.breakdown:
        breakdown = kind.breakdown(counting_rule.breakdown)
        sentence += "; " + gettext("sub-types by %(field)s") % {"field": breakdown.label}
    sentence += "."
    if counting_rule.note:
        sentence += " " + counting_rule.note
    return sentence
