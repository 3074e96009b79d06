"""Every counting rule of the KPI engine, in one module a newcomer can read top to bottom (DESIGN.md §4).

An indicator names its rule (`Indicator.rule`); `RULES` maps the name to a `Rule`. A rule counts, for a
project and a reporting period P, cumulatively from the project start:

1. the records of one kind of the project (`model`: agreements, events, engagements...);
2. that meet every `requirement`, each a database condition with the reason a record failing it is
   "not counted" on the drill-down page (checked in order: the first failing one is the reason shown);
3. that are placed on or before P's end (`Model.objects.placed(P)`, the one owner of the rule): a record
   is placed by the END of its vague date (`signed_end` for agreements). A record with no date happened
   but cannot be placed: it counts only when P is the project's last period, flagged "undated", and is
   never dropped;
4. the value is the number of such records, or, for a rule with `distinct`, the number of distinct
   organisations or sectors they name (an organisation engaged twice counts once).

Credit rule for partners (the per-partner columns): every responsible partner of a counted record is
credited with it once, so a record led by AMZ and MAV counts 1 for AMZ, 1 for MAV and 1 in the total;
the per-partner figures may therefore add up to more than the total. A record the consortium led as a
whole (`consortium_led`, the tables write "ELCA") counts in the total and in the "consortium" column,
and also for any partner named beside it ("AMZ/ELCA" credits AMZ and the consortium).

Everything here builds querysets and conditions; the engine (kpis/engine.py, kpis/figures.py) turns the
rules of a whole indicator set into one grouped query, so the number of queries does not grow with the
records, rules or partners.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from agreements.models import Agreement, Engagement, SectorInvolvement
from consortium.countries import not_third_countries
from consortium.models import Organisation
from events.models import Event


@dataclass(frozen=True)
class Requirement:
    condition: Q | Exists
    reason: str  # shown beside a record that fails it: "not signed"


@dataclass(frozen=True)
class Rule:
    name: str
    statement: str  # one line: what the rule counts
    model: type[models.Model]
    requirements: tuple[Requirement, ...] = ()
    # Count distinct values of this path (an organisation, a sector) instead of records...
    distinct: str = ""
    # ...keeping only the related values matching this, in the related model's terms ({"is_mobility": False}).
    distinct_where: dict = field(default_factory=dict)
    # A field or expression giving each record's sub-type, matched with IndicatorTarget.subtype.
    subtype: str | models.Expression | None = None
    subtype_labels: dict[str, str] = field(default_factory=dict)

    @property
    def counts_distinct(self) -> str:
        return {"organisation": "organisations", "organisations": "organisations", "sectors": "sectors"}.get(
            self.distinct, "records"
        )

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
        whens = [When(~Q(r.condition), then=Value(r.reason)) for r in self.requirements]
        whens.append(When(Q(**{f"{self.date_field}__gt": period.end_date}), then=Value(AFTER_PERIOD)))
        # Not placed and not after the end: undated, in a period that is not the last.
        whens.append(When(~self.placed(period), then=Value(UNDATED_NOT_LAST)))
        return Case(*whens, default=Value(""), output_field=models.CharField())


AFTER_PERIOD = "dated after the period end"
UNDATED_NOT_LAST = "no date: counts only in the last reporting period"
ALREADY_COUNTED = "already counted through another record"


# -- shared conditions -------------------------------------------------------------------------------
def _signed() -> Requirement:
    return Requirement(Q(status=Agreement.Status.SIGNED), "not signed")


def _kind(*kinds) -> Requirement:
    return Requirement(Q(kind__in=kinds), "another kind of agreement")


def _category(*categories) -> Requirement:
    return Requirement(Q(category__in=categories), "another category of event")


# Organisation types that count as "associations/clusters" for PRJ-3 (not companies, RTOs, universities).
ASSOCIATION_TYPES = (
    Organisation.Type.CLUSTER,
    Organisation.Type.BUSINESS_NETWORK,
    Organisation.Type.INTERMEDIARY,
    Organisation.Type.CHAMBER,
    Organisation.Type.AGENCY,
    Organisation.Type.GOVERNMENT,
)
D32_EVENT_CATEGORIES = (
    Event.Category.NATIONAL_WORKSHOP,
    Event.Category.INTERNATIONAL_MEETING,
    Event.Category.INTERNATIONAL_EVENT,
    Event.Category.MATCHMAKING,
)
KINDS = Agreement.Kind
CATEGORIES = Event.Category


# -- the rules ---------------------------------------------------------------------------------------
RULE_LIST = [
    Rule(
        "organisations_engaged",
        "Distinct organisations named in engagement records (D3.2 Table 2), engagement date on or before "
        "the period end.",
        Engagement,
        distinct="organisation",
    ),
    Rule(
        "cooperation_agreements_cluster_cluster",
        "Cooperation agreements of kind cluster-cluster, status signed, signature date on or before the "
        "period end (D3.2 Table 3).",
        Agreement,
        (_kind(KINDS.CLUSTER_CLUSTER), _signed()),
    ),
    Rule(
        "cooperation_agreements_cluster_intermediary",
        "Cooperation agreements of kind cluster/consortium-intermediary, status signed, signature date on "
        "or before the period end (D3.2 Table 4).",
        Agreement,
        (_kind(KINDS.CLUSTER_INTERMEDIARY), _signed()),
    ),
    Rule(
        "cooperation_agreements_sme_sme",
        "Cooperation agreements of kind SME-SME, status signed, signature date on or before the period end "
        "(D3.2 Table 5).",
        Agreement,
        (_kind(KINDS.SME_SME), _signed()),
    ),
    Rule(
        "cooperation_agreements",
        "Cooperation agreements of the three kinds together, status signed, signature date on or before "
        "the period end; sub-types by kind (D3.2 Tables 3-5).",
        Agreement,
        (_kind(*Agreement.COOPERATION_KINDS), _signed()),
        subtype="kind",
        subtype_labels={k: str(KINDS(k).label) for k in Agreement.COOPERATION_KINDS},
    ),
    Rule(
        "business_agreements",
        "Business agreements, status signed, signature date on or before the period end (D3.2 Table 6).",
        Agreement,
        (_kind(KINDS.BUSINESS), _signed()),
    ),
    Rule(
        "smes_in_cooperation",
        "Distinct SMEs named as the organisation of a signed agreement (cooperation or business), "
        "signature date on or before the period end.",
        Agreement,
        (
            Requirement(Q(organisation__type=Organisation.Type.SME), "the organisation is not an SME"),
            _signed(),
        ),
        distinct="organisation",
    ),
    Rule(
        "third_country_associations",
        "Distinct clusters, networks, chambers, agencies and intermediaries in a third country named in an "
        "agreement record of any status (a contact), placed by the signature date.",
        Agreement,
        (
            Requirement(Q(organisation__type__in=ASSOCIATION_TYPES), "not a cluster or association"),
            Requirement(~Q(organisation__country=""), "no country"),
            Requirement(~Q(organisation__country__in=not_third_countries()), "not a third country"),
        ),
        distinct="organisation",
    ),
    Rule(
        "national_workshops",
        "Events of category national workshop with SMEs, event date on or before the period end "
        "(D3.2 Table 7).",
        Event,
        (_category(CATEGORIES.NATIONAL_WORKSHOP),),
    ),
    Rule(
        "international_meetings",
        "Events of category international meeting, event date on or before the period end (D3.2 Table 8).",
        Event,
        (_category(CATEGORIES.INTERNATIONAL_MEETING),),
    ),
    Rule(
        "international_events",
        "Events of category other international event, event date on or before the period end "
        "(D3.2 Table 9).",
        Event,
        (_category(CATEGORIES.INTERNATIONAL_EVENT),),
    ),
    Rule(
        "matchmaking_meetings",
        "Events of category cluster & business matchmaking meeting, event date on or before the period end "
        "(D3.2 Table 10).",
        Event,
        (_category(CATEGORIES.MATCHMAKING),),
    ),
    Rule(
        "events_organised",
        "Events of the four D3.2 categories (not consortium meetings), event date on or before the period "
        "end; sub-type WP 2 when the event belongs to a mission, WP 3 otherwise.",
        Event,
        (Requirement(Q(category__in=D32_EVENT_CATEGORIES), "a consortium meeting"),),
        subtype=Case(When(mission__isnull=False, then=Value("wp2")), default=Value("wp3")),
        subtype_labels={"wp2": "WP 2", "wp3": "WP 3"},
    ),
    Rule(
        "cross_fertilisation_events",
        "Events of category national workshop, international meeting or other international event, event "
        "date on or before the period end; sub-types by category (D3.2 Tables 7-9).",
        Event,
        (
            _category(
                CATEGORIES.NATIONAL_WORKSHOP, CATEGORIES.INTERNATIONAL_MEETING, CATEGORIES.INTERNATIONAL_EVENT
            ),
        ),
        subtype="category",
        subtype_labels={
            c: str(CATEGORIES(c).label)
            for c in (
                CATEGORIES.NATIONAL_WORKSHOP,
                CATEGORIES.INTERNATIONAL_MEETING,
                CATEGORIES.INTERNATIONAL_EVENT,
            )
        },
    ),
    Rule(
        "consortium_meetings",
        "Events of category consortium meeting (the kick-off and other meetings of the consortium's "
        "participants), event date on or before the period end. Coordination calls (the monthly jour fixe, "
        "short huddles) are not consortium meetings and are not counted.",
        Event,
        (
            Requirement(
                ~Q(category=CATEGORIES.COORDINATION_CALL), "a coordination call (jour fixe), not a meeting"
            ),
            _category(CATEGORIES.CONSORTIUM_MEETING),
        ),
    ),
    Rule(
        "partnerships_cross_fertilised",
        "Distinct partnerships and initiatives (organisations of type project or initiative) met at an "
        "event, event date on or before the period end.",
        Event,
        (
            Requirement(
                Exists(
                    Event.organisations.through.objects.filter(
                        event=OuterRef("pk"), organisation__type=Organisation.Type.INITIATIVE
                    )
                ),
                "meets no other partnership or initiative",
            ),
        ),
        distinct="organisations",
        distinct_where={"type": Organisation.Type.INITIATIVE},
    ),
    Rule(
        "sectors_beyond_mobility",
        "Distinct sectors that are not mobility sectors named in sector-involvement records (D3.2 Table 11), "
        "date on or before the period end.",
        SectorInvolvement,
        (
            Requirement(
                Exists(
                    SectorInvolvement.sectors.through.objects.filter(
                        sectorinvolvement=OuterRef("pk"), sector__is_mobility=False
                    )
                ),
                "involves only mobility sectors",
            ),
        ),
        distinct="sectors",
        distinct_where={"is_mobility": False},
    ),
]

RULES: dict[str, Rule] = {rule.name: rule for rule in RULE_LIST}


def unknown_rules(indicators) -> list[str]:
    """Codes of counted indicators whose rule is not in RULES ("WP3-2: no rule 'x'")."""
    return [
        f"{code}: no counting rule named '{rule}'"
        for code, rule in indicators.filter(mode="counted").values_list("code", "rule")
        if rule not in RULES
    ]
