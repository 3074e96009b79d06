"""The figures of every counting rule of an indicator set, from one grouped query (kpis/engine.py uses them).

Each record kind the rules count contributes one GROUP BY query; the kinds are joined with UNION ALL, so
the whole set costs one query whatever the number of records, rules or partners. A group is a set of
records that every rule sees the same way: the first period that places them (`placed`, the one owner
of that rule), undated or not, verified or not, consortium-led or not, with evidence or not, their
responsible partners (a bit mask), which rules' requirements they meet (a bit mask), their sub-types and
the organisations or sectors a "distinct" rule counts. The database does the linear part (one pass over
the records, each group counted); Python adds up the groups, which do not multiply with the records:
the demo copied 100 times inside one project has 100 times the records in about as many groups.

Why not one conditional aggregate per rule and period: with ~17 rules, 6 periods and the per-partner and
sub-type figures that is hundreds of filtered COUNT(DISTINCT) expressions, whose compiling alone cost
more than the queries they replaced (bench/RESULTS.md, issue 13).
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from consortium.models import ReviewStatus
from kpis.rule_parts import SumParts
from kpis.rules import Rule
from workspace.models import Evidence

# Columns every record kind gives, in this order (the UNION matches columns by position).
COMMON = ("kind", "first", "dateless", "verified", "consortium", "evidence", "partners", "rules")


@dataclass
class RuleFigures:
    """One rule's figures for a project and period (what RuleFigures aggregated before: same numbers)."""

    curve: list = field(default_factory=list)  # (period, cumulative value at its end)
    achieved: int = 0
    records: int = 0
    with_evidence: int = 0
    verified: int = 0
    undated: int = 0
    consortium: int = 0
    per_partner: dict = field(default_factory=dict)  # partner pk -> value
    subtypes: dict = field(default_factory=dict)  # sub-type -> value
    record_ids: list = field(default_factory=list)
    undated_ids: list = field(default_factory=list)
    record_names: dict = field(default_factory=dict)  # pk -> name, with the ids


class _Kind:
    """The columns one record kind (model) gives to the grouped query, for the rules counting it."""

    def __init__(self, number: int, model, rules: list[Rule]):
        self.number, self.model, self.rules = number, model, rules
        self.subtypes: list = []  # distinct sub-type fields or expressions (their repr as key)
        self.values: list[tuple[str, dict]] = []  # distinct (path, where) of the rules
        self.sums: list[str] = []  # number fields the rules add up
        for rule in rules:
            for name in [*rule.sum_fields, *_parts(rule)]:
                if name not in self.sums:
                    self.sums.append(name)
            # A SumParts breakdown's sub-types are sum columns (above), not a column of their own.
            subtype = None if _parts(rule) else rule.subtype
            if subtype is not None and _key(subtype) not in map(_key, self.subtypes):
                self.subtypes.append(subtype)
            if rule.distinct and (rule.distinct, rule.distinct_where) not in self.values:
                self.values.append((rule.distinct, rule.distinct_where))

    def many(self, path: str) -> bool:
        return self.model._meta.get_field(path).many_to_many

    def queryset(self, project, periods, partners, with_ids: bool, widths: dict):
        """This kind's groups: COMMON, then sub-types, values and their firsts, ids, padded to `widths`."""
        model = self.model
        queryset = model.objects.filter(project=project)
        columns = {
            "kind": Value(self.number),
            # The first period placing the record (None: placed by none). Placing is cumulative (a
            # record placed by a period is placed by every later one), so "placed by P" is first <= P.
            "first": Case(
                *[When(model.objects.placed(p), then=Value(p.number)) for p in periods],
                default=Value(None),
                output_field=models.IntegerField(),
            ),
            "dateless": _flag(model.objects.dateless()),
            "verified": _flag(Q(review_status=ReviewStatus.VERIFIED)),
            "consortium": F("consortium_led"),
            "evidence": has_evidence(model),
            "partners": _partner_mask(model, partners),
            "rules": _rule_mask(self.rules),
        }
        for i in range(widths["subtypes"]):
            subtype = self.subtypes[i] if i < len(self.subtypes) else None
            columns[f"subtype{i}"] = (
                F(subtype) if isinstance(subtype, str) else subtype or _null(models.CharField())
            )
        for i in range(widths["values"]):
            value, first = _null(models.BigIntegerField()), _null(models.BigIntegerField())
            if i < len(self.values):
                path, where = self.values[i]
                if self.many(path):
                    # A record counts one value per matching related row: joined (only the matching ones),
                    # so a record comes once per value; `first` names its lowest, to count the record once.
                    alias = f"value{i}_rel"
                    condition = Q(**{f"{path}__{k}": v for k, v in where.items()}) if where else Q()
                    queryset = queryset.annotate(
                        **{
                            alias: FilteredRelation(
                                path, condition=condition or Q(**{f"{path}__isnull": False})
                            )
                        }
                    )
                    value, first = F(f"{alias}__pk"), _first_related(model, path, where)
                else:
                    value = F(f"{path}_id")
                    if where:  # only related values matching `where` count (none of today's rules)
                        value = Case(When(Q(**{f"{path}__{k}": v for k, v in where.items()}), then=value))
            columns[f"value{i}"], columns[f"first{i}"] = value, first
        for i in range(widths["sums"]):
            columns[f"sum{i}"] = F(self.sums[i]) if i < len(self.sums) else _null(models.IntegerField())
        if with_ids:
            columns["id"], columns["name"] = F("pk"), F("name")
        return (
            queryset.annotate(**{f"c_{name}": expression for name, expression in columns.items()})
            .values(*(f"c_{name}" for name in columns))
            # With a many-to-many join, a record whose related rows all miss `where` comes once per such row,
            # all in one group: counted once (DISTINCT). Without one, no row repeats: the cheaper COUNT.
            .annotate(n=Count("pk", distinct=any(self.many(path) for path, _ in self.values)))
            .values_list(*(f"c_{name}" for name in columns), "n")
            .order_by()
        )


def _null(field) -> Cast:
    """A typed NULL: in a UNION, PostgreSQL reads an untyped NULL of the first SELECT as text, and a later
    SELECT's id column then cannot match it (a set whose first record kind counts no distinct values)."""
    return Cast(Value(None), output_field=field)


def has_evidence(model) -> Exists:
    """True for a record with at least one evidence file not removed (content type joined, no extra query)."""
    return Exists(
        Evidence.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id=OuterRef("pk"),
            removed_at=None,
        )
    )


def _parts(rule: Rule) -> tuple[str, ...]:
    """The number fields that are the rule's sub-types (SumParts), or none."""
    return rule.subtype.fields if isinstance(rule.subtype, SumParts) else ()


def _key(subtype) -> str:
    return subtype if isinstance(subtype, str) else repr(subtype)


def _flag(condition) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=models.BooleanField())


def _partner_mask(model, partners) -> Coalesce:
    """The record's responsible partners as bits (bit i: partners[i]), without joining (no duplicate rows)."""
    through = model.responsible.through
    relation = model._meta.get_field("responsible")
    own, partner = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    if not partners:
        return Value(0)
    bits = Case(
        *[When(**{f"{partner}_id": p.pk}, then=Value(1 << i)) for i, p in enumerate(partners)],
        default=Value(0),
    )
    mask = through.objects.filter(**{own: OuterRef("pk")}).order_by().values(own).annotate(m=Sum(bits))
    return Coalesce(Subquery(mask.values("m")), Value(0))


def _rule_mask(rules: list[Rule]):
    """Which of the kind's rules the record meets every requirement of (bit i: rules[i])."""
    mask = Value(0)
    for i, rule in enumerate(rules):
        condition = Q()
        for requirement in rule.requirements:
            condition &= requirement.condition
        meets = (
            Value(1 << i) if not condition else Case(When(condition, then=Value(1 << i)), default=Value(0))
        )
        mask = mask + meets if i else meets
    return mask


def _first_related(model, path: str, where: dict) -> Subquery:
    """The lowest id among the record's related values matching `where` (None when it has none)."""
    relation = model._meta.get_field(path)
    through = relation.remote_field.through
    own, other = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    related = through.objects.filter(
        **{own: OuterRef("pk")}, **{f"{other}__{k}": v for k, v in where.items()}
    )
    return Subquery(related.order_by(f"{other}_id").values(f"{other}_id")[:1])


def rule_figures(rules: list[Rule], project, period, periods, partners, with_ids: bool) -> dict:
    """{rule name: RuleFigures} for these rules, cumulative to `period`: one query (none without rules)."""
    by_model: dict = {}
    for rule in rules:
        by_model.setdefault(rule.model, []).append(rule)
    if not by_model:
        return {}
    kinds = [
        _Kind(number, model, model_rules) for number, (model, model_rules) in enumerate(by_model.items())
    ]
    widths = {
        "subtypes": max(len(k.subtypes) for k in kinds),
        "values": max(len(k.values) for k in kinds),
        "sums": max(len(k.sums) for k in kinds),
    }
    querysets = [k.queryset(project, periods, partners, with_ids, widths) for k in kinds]
    queryset = querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]
    groups: dict[int, list[tuple]] = {}
    for row in queryset:
        groups.setdefault(row[0], []).append(row)
    figures = {}
    for kind in kinds:
        rows = groups.get(kind.number, [])
        for bit, rule in enumerate(kind.rules):
            figures[rule.name] = _figures(
                kind, 1 << bit, rule, rows, period, periods, partners, widths, with_ids
            )
    return figures


def _figures(kind, bit, rule, rows, period, periods, partners, widths, with_ids) -> RuleFigures:
    """Add up the groups the rule counts (see the module's docstring for what a group is)."""
    first_at, dateless_at, verified_at, consortium_at, evidence_at, partners_at, rules_at = range(1, 8)
    subtype_at = None
    if rule.subtype is not None and not _parts(rule):
        subtype_at = 8 + [_key(s) for s in kind.subtypes].index(_key(rule.subtype))
    values_at = 8 + widths["subtypes"]
    value_at = None
    if rule.distinct:
        value_at = values_at + 2 * kind.values.index((rule.distinct, rule.distinct_where))
    # Columns of the many-to-many values: a row is the record's "lead" row when each is its lowest (or none).
    joined = [values_at + 2 * i for i, (path, _) in enumerate(kind.values) if kind.many(path)]
    sums_at = values_at + 2 * widths["values"]
    sum_ats = [sums_at + kind.sums.index(name) for name in rule.sum_fields]
    part_ats = {name: sums_at + kind.sums.index(name) for name in _parts(rule)}
    id_at = sums_at + widths["sums"]
    numbers = [p.number for p in periods]
    distinct = value_at is not None

    def add(counter: dict, key, row, weight):
        if distinct:
            counter.setdefault(key, set()).add(row[value_at])
        else:
            counter[key] = counter.get(key, 0) + weight

    by_first: dict = {}  # first period -> records, or value -> first period for a distinct rule
    figures = RuleFigures()
    per_partner: dict = {}
    subtypes: dict = {}
    consortium: set | int = set() if distinct else 0
    ids: dict = {}
    for row in rows:
        if not row[rules_at] & bit:
            continue
        if distinct and row[value_at] is None and rule.distinct_where:
            continue  # no related value matching `where`: not among the rule's records
        lead = all(row[at] == row[at + 1] for at in joined)
        records = row[-1] if lead else 0
        # What the records add to the value: themselves, or the sum of number fields (empty: 0).
        weight = records * sum(row[at] or 0 for at in sum_ats) if sum_ats else records
        first = row[first_at]
        if row[dateless_at]:
            figures.undated += records
        if first is None:
            continue
        if distinct:
            if row[value_at] is not None and (
                row[value_at] not in by_first or first < by_first[row[value_at]]
            ):
                by_first[row[value_at]] = first
        else:
            by_first[first] = by_first.get(first, 0) + weight
        if first > period.number:
            continue
        figures.records += records
        figures.verified += records if row[verified_at] else 0
        figures.with_evidence += records if row[evidence_at] else 0
        if row[consortium_at]:
            if distinct:
                consortium.add(row[value_at])
            else:
                consortium += weight
        mask = row[partners_at]
        for i, partner in enumerate(partners):
            if mask & (1 << i):
                add(per_partner, partner.pk, row, weight)
        if subtype_at is not None:
            add(subtypes, row[subtype_at], row, weight)
        for name, at in part_ats.items():
            subtypes[name] = subtypes.get(name, 0) + records * (row[at] or 0)
        if with_ids:
            ids[row[id_at]] = (row[id_at + 1], row[dateless_at])
    if distinct:
        consortium.discard(None)
        figures.consortium = len(consortium)
        figures.per_partner = {k: len(v - {None}) for k, v in per_partner.items()}
        figures.subtypes = {k: len(v - {None}) for k, v in subtypes.items()}
        curve = [sum(1 for f in by_first.values() if f <= number) for number in numbers]
    else:
        figures.consortium = consortium
        figures.per_partner, figures.subtypes = per_partner, subtypes
        curve = [sum(n for f, n in by_first.items() if f <= number) for number in numbers]
    figures.curve = list(zip(periods, curve, strict=True))
    figures.achieved = curve[numbers.index(period.number)]
    for pk in sorted(ids):
        name, dateless = ids[pk]
        figures.record_ids.append(pk)
        figures.record_names[pk] = name
        if dateless:
            figures.undated_ids.append(pk)
    return figures
