"""The first steps of a new project (issue 15 item 7): the checklist its start page and its dashboard show
until the project is set up: frame, partners, reporting periods, people, indicators, a first record.

What it asks is annotated onto the query that loads the project (`with_first_steps`): a few EXISTS and
COUNT subqueries of that one query, so the checklist costs the pages no query of its own, whether the
project is new or complete. Once every step is done, `first_steps` answers None and the pages show nothing.
Each step links to the page that does it, where the user may open it: a verb ("Add", "Invite") described
by the step's words (aria-describedby), so that the links do not repeat the names of the page's own
buttons (People, Partners).
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation
from agreements.views import AGREEMENTS
from consortium.models import Membership, Partner, ReportingPeriod
from consortium.models.records import PartnerRecord
from consortium.queries import count_subquery
from events.views import EVENTS
from kpis.models import Indicator
from missions.views import MISSIONS

# The record kinds the last step offers to add (any record kind ticks it).
FIRST_RECORD_KINDS = (EVENTS, AGREEMENTS, MISSIONS)


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Step:
    name: str
    label: object
    done: bool
    links: tuple[Link, ...] = ()


def record_models() -> list:
    """Every record kind's model (the concrete PartnerRecords), whichever app declares it."""
    return [model for model in apps.get_models() if issubclass(model, PartnerRecord)]


def with_first_steps(projects):
    """The projects with what the checklist asks, as subqueries of the query that loads them."""
    mine = {"project": OuterRef("pk")}
    records = {
        f"first_record_{index}": Exists(model.objects.filter(**mine))
        for index, model in enumerate(record_models())
    }
    return projects.annotate(
        first_partners=count_subquery(Partner.objects.filter(**mine), "project"),
        first_periods=Exists(ReportingPeriod.objects.filter(**mine)),
        first_members=count_subquery(Membership.objects.filter(**mine), "project"),
        first_invited=Exists(Invitation.objects.pending().filter(**mine)),
        first_indicators=Exists(Indicator.objects.filter(indicator_set__project=OuterRef("pk"))),
        **records,
    )


def first_steps(project, rights) -> list[Step] | None:
    """The checklist of a project loaded through `with_first_steps`, or None when every step is done.

    `rights` (consortium.access.Rights) says which pages the user may open: the set-up steps link for
    the coordinator, the first record for whoever adds records.
    """
    acronym = project.acronym
    has_record = any(getattr(project, f"first_record_{i}") for i in range(len(record_models())))
    done = {
        "frame": bool(project.title and project.start_date and project.duration_months),
        "partners": project.first_partners >= 2,
        "periods": project.first_periods,
        "people": project.first_members >= 2 or project.first_invited,
        "indicators": project.first_indicators,
        "record": has_record,
    }
    if all(done.values()):
        return None

    def page(label, name):
        return (Link(str(label), reverse(name, args=[acronym])),) if rights.coordinate else ()

    records = tuple(Link(kind.label, kind.url_create) for kind in FIRST_RECORD_KINDS) if rights.record else ()
    return [
        Step("frame", _("Title and dates of the project"), done["frame"], page(_("Change"), "setup:frame")),
        Step(
            "partners",
            _("Its partners (at least two)"),
            done["partners"],
            page(_("Add"), "setup:partner_list"),
        ),
        Step("periods", _("Its reporting periods"), done["periods"], page(_("Add"), "setup:period_list")),
        Step(
            "people",
            _("People: someone beyond the coordinator, or an invitation"),
            done["people"],
            page(_("Invite"), "people:list"),
        ),
        Step(
            "indicators",
            _("Indicators (at least one)"),
            done["indicators"],
            page(_("Add"), "kpis:set_list"),
        ),
        Step("record", _("A first record"), done["record"], records),
    ]
