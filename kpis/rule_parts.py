"""The parts a coordinator composes a counting rule from (DESIGN.md §4): which records (a record kind and
conditions on its fields), what is counted (the records, the distinct organisations or sectors they name,
or the sum of their participants of a kind), and the date that places them (the record kind's own).

A rule is data (`kpis.models.CountingRule`): a record kind, a list of conditions, what it counts and an
optional breakdown into sub-types. Each part here knows its label, the values a coordinator may pick (the
project's own event categories included), the database condition it stands for, and how a record failing
it is explained on the drill-down page. `kpis.rules.compile_rule` puts the parts together.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Engagement, SectorInvolvement
from communication.models import CommunicationActivity
from consortium.countries import CountryGroup, _groups, not_third_countries
from consortium.models import Organisation
from events.categories import category_choices
from events.models import Event, EventCountry


def _static(choices) -> Callable:
    return lambda project: [(str(value), label) for value, label in choices]


def _event_categories(project) -> list[tuple[str, str]]:
    """The project's own event categories (key, name): one query per project object, kept on it, so a page
    saying what several rules count asks once."""
    cached = getattr(project, "_event_categories", None)
    if cached is None:
        cached = category_choices(project)
        project._event_categories = cached
    return cached


def _country_group(field: str) -> Callable:
    """Records whose country (at `field`) is in one of the country groups (a blank country is in none)."""

    def build(values) -> Q:
        condition = Q(pk__in=[])
        for value in values:
            if value == CountryGroup.THIRD:
                condition |= ~Q(**{field: ""}) & ~Q(**{f"{field}__in": not_third_countries()})
            else:
                condition |= Q(**{f"{field}__in": _groups()[value]})
        return condition

    return build


def _in_mission(values) -> Q:
    """Events of a mission ("yes"), or not ("no"); both chosen: every event."""
    if set(values) == {"yes", "no"}:
        return Q()
    return Q(mission__isnull="yes" not in values)


def _audience_known(values) -> Q:
    """Activities with any kind of audience filled in ("yes"), or none ("no"); both chosen: every one."""
    known = Q(pk__in=[])
    for name in CommunicationActivity.AUDIENCE:
        known |= Q(**{f"{name}__isnull": False})
    if set(values) == {"yes", "no"}:
        return Q()
    return known if "yes" in values else ~known


def _target_country_group(values) -> Exists:
    """Events aimed at a country of one of the groups (an event may target several countries)."""
    groups = _country_group("country")
    return Exists(EventCountry.objects.filter(groups(values), event=OuterRef("pk")))


def _related_exists(model, relation: str, lookup: str) -> Callable:
    """Records with at least one related row (many-to-many `relation`) whose `lookup` is one of the values."""
    through = model._meta.get_field(relation).remote_field.through
    own = model._meta.get_field(relation).m2m_field_name()
    other = model._meta.get_field(relation).m2m_reverse_field_name()
    return lambda values: Exists(
        through.objects.filter(**{own: OuterRef("pk"), f"{other}__{lookup}__in": values})
    )


@dataclass(frozen=True)
class Condition:
    """A field a rule's records are filtered on, with the values a coordinator picks from."""

    key: str
    label: object  # "status"
    choices: Callable  # project -> [(value, label)]
    build: Callable  # chosen values -> the database condition a record meets
    # Counting the distinct values of a many-to-many relation, only the related rows matching the chosen
    # values count (an event meeting an initiative and a company counts the initiative): values -> (path,
    # {lookup: value}) in the related model's terms, or None when the condition does not narrow them.
    narrows: Callable | None = None


@dataclass(frozen=True)
class SumParts:
    """A breakdown of a sum into the number fields it adds up (the audience reached, by kind of audience).

    Unlike a sub-type of the record (one per record), each field is a sub-type and its value is that
    field's sum over the counted records: a presentation to 12 SMEs and 3 RTOs adds 12 and 3.
    """

    fields: tuple[str, ...]


@dataclass(frozen=True)
class Breakdown:
    """Sub-types of a rule's count: the targets per sub-type are matched against them."""

    key: str
    label: object
    expression: object  # a field name or an expression giving each record's sub-type, or SumParts
    choices: Callable  # project -> [(sub-type, label)]
    condition: str = ""  # the condition whose chosen values limit the sub-types offered


@dataclass(frozen=True)
class Sum:
    """A number field of the records whose values are added up (participants of a kind), or several
    (`fields`: the audience reached is its five kinds added up; an empty field adds nothing)."""

    key: str
    label: object
    fields: tuple[str, ...] = ()

    @property
    def added(self) -> tuple[str, ...]:
        """The number fields this sum adds up."""
        return self.fields or (self.key,)


@dataclass(frozen=True)
class RecordKind:
    key: str
    model: type[models.Model]
    label: object  # plural: "agreements"
    date_label: object  # the date that places a record: "signature date"
    conditions: tuple[Condition, ...]
    distinct: dict = field(default_factory=dict)  # counted -> the path of the distinct values
    sums: tuple[Sum, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()

    def condition(self, key: str) -> Condition | None:
        return next((c for c in self.conditions if c.key == key), None)

    def breakdown(self, key: str) -> Breakdown | None:
        return next((b for b in self.breakdowns if b.key == key), None)

    def sum(self, key: str) -> Sum | None:
        return next((s for s in self.sums if s.key == key), None)

    def counts(self) -> list[tuple[str, object]]:
        """What a rule of this kind may count: (value, label)."""
        options = [(RECORDS, _("the records"))]
        options += [(key, COUNTED_LABELS[key]) for key in self.distinct]
        options += [(f"sum:{s.key}", _("the sum of %(field)s") % {"field": s.label}) for s in self.sums]
        return options


RECORDS = "records"
COUNTED_LABELS = {
    "organisations": _("the distinct organisations"),
    "sectors": _("the distinct sectors"),
}

ORGANISATION_TYPE = _("organisation type")
COUNTRY_GROUP = _("organisation's country")


def _organisation_conditions(path: str) -> tuple[Condition, ...]:
    return (
        Condition(
            "organisation_type",
            ORGANISATION_TYPE,
            _static(Organisation.Type.choices),
            lambda values: Q(**{f"{path}__type__in": values}),
        ),
        Condition(
            "country_group", COUNTRY_GROUP, _static(CountryGroup.choices), _country_group(f"{path}__country")
        ),
    )


PARTICIPANTS = (
    Sum("participants_smes", _("participants: SMEs")),
    Sum("participants_clusters", _("participants: clusters")),
    Sum("participants_rtos", _("participants: RTOs")),
    Sum("participants_policy", _("participants: policy makers")),
    Sum("participants_total", _("participants in total")),
)

# Short, as the progress report writes them ("197 SMEs, 34 RTOs, 12 clusters, intermediaries"): chart labels.
AUDIENCE_LABELS = (
    ("audience_smes", _("SMEs")),
    ("audience_rtos", _("RTOs")),
    ("audience_clusters", _("clusters, intermediaries")),
    ("audience_policy", _("policy makers")),
    ("audience_other", _("other")),
)

KINDS: dict[str, RecordKind] = {
    kind.key: kind
    for kind in (
        RecordKind(
            "agreement",
            Agreement,
            _("agreements"),
            _("signature date"),
            (
                Condition(
                    "kind",
                    _("kind of agreement"),
                    _static(Agreement.Kind.choices),
                    lambda values: Q(kind__in=values),
                ),
                Condition(
                    "status",
                    _("status"),
                    _static(Agreement.Status.choices),
                    lambda values: Q(status__in=values),
                ),
                *_organisation_conditions("organisation"),
            ),
            distinct={"organisations": "organisation"},
            breakdowns=(
                Breakdown(
                    "kind", _("kind of agreement"), "kind", _static(Agreement.Kind.choices), condition="kind"
                ),
            ),
        ),
        RecordKind(
            "event",
            Event,
            _("events"),
            _("event date"),
            (
                Condition(
                    "category", _("event category"), _event_categories, lambda values: Q(category__in=values)
                ),
                Condition(
                    "organisation_type",
                    _("type of an organisation met"),
                    _static(Organisation.Type.choices),
                    _related_exists(Event, "organisations", "type"),
                    narrows=lambda values: ("organisations", {"type__in": values}),
                ),
                Condition(
                    "target_country_group",
                    _("target country"),
                    _static(CountryGroup.choices),
                    _target_country_group,
                ),
                Condition(
                    "mission",
                    _("part of a mission"),
                    _static([("yes", _("yes")), ("no", _("no"))]),
                    _in_mission,
                ),
            ),
            distinct={"organisations": "organisations"},
            sums=PARTICIPANTS,
            breakdowns=(
                Breakdown(
                    "category", _("event category"), "category", _event_categories, condition="category"
                ),
                Breakdown(
                    "mission",
                    _("part of a mission or not"),
                    Case(When(mission__isnull=False, then=Value("mission")), default=Value("no_mission")),
                    _static(
                        [("mission", _("part of a mission")), ("no_mission", _("not part of a mission"))]
                    ),
                ),
            ),
        ),
        RecordKind(
            "engagement",
            Engagement,
            _("engagements of organisations"),
            _("engagement date"),
            _organisation_conditions("organisation"),
            distinct={"organisations": "organisation"},
        ),
        RecordKind(
            "sector_involvement",
            SectorInvolvement,
            _("sector involvements"),
            _("date"),
            (
                Condition(
                    "sector_group",
                    _("sector group"),
                    _static([("beyond_mobility", _("beyond mobility")), ("mobility", _("mobility"))]),
                    lambda values: _related_exists(SectorInvolvement, "sectors", "is_mobility")(
                        [value == "mobility" for value in values]
                    ),
                    narrows=lambda values: (
                        "sectors",
                        {"is_mobility__in": [v == "mobility" for v in values]},
                    ),
                ),
            ),
            distinct={"sectors": "sectors"},
        ),
        RecordKind(
            "communication",
            CommunicationActivity,
            _("communication activities"),
            _("date"),
            (
                Condition(
                    "kind",
                    _("kind of activity"),
                    _static(CommunicationActivity.Kind.choices),
                    lambda values: Q(kind__in=values),
                ),
                Condition(  # reads "whose audience is known" in the rule's sentence
                    "audience_known",
                    _("audience"),
                    _static([("yes", _("known")), ("no", _("not known"))]),
                    _audience_known,
                ),
            ),
            sums=(
                Sum("audience", _("audience reached"), fields=CommunicationActivity.AUDIENCE),
                Sum("audience_smes", _("audience: SMEs")),
                Sum("audience_rtos", _("audience: research and technology organisations")),
                Sum("audience_clusters", _("audience: clusters and intermediaries")),
                Sum("audience_policy", _("audience: policy makers")),
                Sum("audience_other", _("audience: other")),
            ),
            breakdowns=(
                Breakdown(
                    "kind",
                    _("kind of activity"),
                    "kind",
                    _static(CommunicationActivity.Kind.choices),
                    condition="kind",
                ),
                Breakdown(
                    "audience",
                    _("kind of audience"),
                    SumParts(CommunicationActivity.AUDIENCE),
                    _static(AUDIENCE_LABELS),
                ),
            ),
        ),
    )
}

RECORD_KIND_CHOICES = [(kind.key, kind.label) for kind in KINDS.values()]
