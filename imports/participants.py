"""Participant lists from matchmaking platforms (b2match and the like) into one matchmaking event.

A row is a participant: organisation, country, type, meetings held. The event's participant counts
(SMEs, clusters, RTOs, policy, total) are replaced by the list's, counting each organisation once;
organisations are matched in the directory by name (case and accents ignored), added when missing, and
linked to the event as counterparts met there. Nothing else of the event changes.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from consortium.access import may_review
from consortium.models import Membership, Organisation
from consortium.names import fold, normalise_name
from events.models import Event
from imports.files import CellProblem, read_table
from imports.resources import REOPENED
from imports.service import ImportReport
from imports.spec import Column, Kind
from imports.widgets import CountryWidget, CountWidget, text

PARTICIPANTS = Kind(
    name="participants",
    label=gettext_lazy("Participants of a matchmaking event"),
    model=Event,
    key="organisation",
    columns=[
        Column(
            gettext_noop("Organisation"),
            "organisation",
            None,
            gettext_lazy(
                "The participant's organisation; matched in the directory by name, added when missing"
            ),
            required=True,
            synonyms=("Organization", "Company", "Company name", "Organisation name", "Organization name"),
        ),
        Column(
            gettext_noop("Country"),
            "country",
            None,
            "",
            allowed=gettext_lazy("ISO code or English name"),
            synonyms=("Country of origin",),
        ),
        Column(
            gettext_noop("Type"),
            "type",
            None,
            gettext_lazy(
                "SME, cluster, RTO/university, policy (government, agency) or anything else (counted in the "
                "total only)"
            ),
            synonyms=("Organisation type", "Organization type", "Participant type", "Category"),
        ),
        Column(
            gettext_noop("Meetings held"),
            "meetings",
            None,
            gettext_lazy("Bilateral meetings the participant held (a whole number)"),
            synonyms=("Meetings", "Bilateral meetings", "Number of meetings", "Meetings accepted"),
        ),
    ],
)

# (words in the Type cell, the event's count it adds to, the type a new directory entry gets); first wins.
TYPE_RULES = [
    (("large",), "", Organisation.Type.LARGE_COMPANY),
    (("cluster",), "clusters", Organisation.Type.CLUSTER),
    (("network",), "clusters", Organisation.Type.BUSINESS_NETWORK),
    (("universit", "academ"), "rtos", Organisation.Type.UNIVERSITY),
    (("rto", "research", "r&d", "technology cent", "institute"), "rtos", Organisation.Type.RTO),
    (("agency",), "policy", Organisation.Type.AGENCY),
    (
        ("policy", "government", "public", "authority", "ministry", "municipal", "region"),
        "policy",
        Organisation.Type.GOVERNMENT,
    ),
    (("chamber",), "", Organisation.Type.CHAMBER),
    (("intermediar",), "", Organisation.Type.INTERMEDIARY),
    (("sme", "compan", "start", "enterprise", "business", "firm", "industry"), "smes", Organisation.Type.SME),
]
COUNTS = ["smes", "clusters", "rtos", "policy"]


def classify(type_text: str) -> tuple[str, str]:
    """('smes'|'clusters'|'rtos'|'policy'|'', organisation type) for a Type cell as platforms write it."""
    words = fold(type_text)  # punctuation kept: "R&D" is one of the needles
    for needles, count, org_type in TYPE_RULES:
        if any(needle in words for needle in needles):
            return count, org_type
    return "", Organisation.Type.OTHER


@dataclass
class Participant:
    name: str
    country: str
    count: str
    org_type: str
    meetings: int


def _label(header: str) -> str:
    """A column's label in the active language, as the problems name it."""
    return next(c.label for c in PARTICIPANTS.columns if c.header == header)


def _participants(dataset, problems) -> list[Participant]:
    countries, counts = CountryWidget(), CountWidget()
    found: dict[str, Participant] = {}
    for number, row in enumerate(dataset.dict, start=2):
        name = text(row.get("Organisation"))
        if not name:
            label = _label("Organisation")
            problems.append(CellProblem(number, label, "", _("%(column)s is needed") % {"column": label}))
            continue
        try:
            country = countries.clean(row.get("Country"))
        except ValueError as exc:
            problems.append(CellProblem(number, _label("Country"), text(row.get("Country")), str(exc)))
            continue
        try:
            meetings = counts.clean(row.get("Meetings held")) or 0
        except ValueError as exc:
            value = text(row.get("Meetings held"))
            problems.append(CellProblem(number, _label("Meetings held"), value, str(exc)))
            continue
        count, org_type = classify(text(row.get("Type")))
        key = normalise_name(name)
        if key in found:  # several people of one organisation: counted once, meetings added up
            found[key].meetings += meetings
        else:
            found[key] = Participant(name, country, count, org_type, meetings)
    return list(found.values())


def participants_import(*, run, user, dry_run: bool, parsed=None, on_written=None) -> ImportReport:
    """Preview or write a participant list into run.event; raises ImportFileError for an unreadable file."""
    event = run.event
    dataset, problems, unused = read_table(
        bytes(run.data), run.filename, PARTICIPANTS, run.mapping, parsed=parsed
    )
    problems = list(problems)
    report = ImportReport(
        kind="participants", filename=run.filename, dry_run=dry_run, update=True, rows=len(dataset)
    )
    report.unused_columns = unused
    if not Event.objects.editable_by(user).filter(pk=event.pk).exists():
        problems.append(
            CellProblem(
                1,
                "",
                "",
                _("you may not change the event '%(event)s' (it is not your partner's)") % {"event": event},
            )
        )
    people = _participants(dataset, problems)
    report.problems = sorted(problems, key=lambda p: (p.row, p.column))
    existing = {
        normalise_name(o.name): o
        for o in Organisation.objects.filter(project=event.project_id).only("pk", "name")
    }
    new = [p for p in people if normalise_name(p.name) not in existing]
    tally = Counter(p.count for p in people)
    counts = {f"participants_{c}": tally[c] for c in COUNTS} | {"participants_total": len(people)}
    meetings = sum(p.meetings for p in people)
    report.created, report.skipped, report.updated = len(new), len(people) - len(new), 1 if people else 0
    was = ", ".join(
        f"{getattr(event, f'participants_{c}') if getattr(event, f'participants_{c}') is not None else '—'}"
        for c in [*COUNTS, "total"]
    )
    now = ", ".join(str(counts[f"participants_{c}"]) for c in [*COUNTS, "total"])
    report.notes = [
        _("event: %(event)s (%(project)s)") % {"event": event, "project": event.project.acronym},
        _("participants (SMEs, clusters, RTOs, policy, total): %(now)s (was %(was)s)")
        % {"now": now, "was": was},
        ngettext(
            "%(n)s organisation: %(new)s new to the directory, %(known)s already in it",
            "%(n)s organisations: %(new)s new to the directory, %(known)s already in it",
            len(people),
        )
        % {"n": len(people), "new": len(new), "known": len(people) - len(new)},
        _("bilateral meetings held: %(n)s") % {"n": meetings},
    ]
    if report.problems or dry_run or not people:
        return report
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        report.before = {
            "counts": {name: getattr(locked, name) for name in counts},
            "organisations": list(locked.organisations.values_list("pk", flat=True)),
        }
        membership = Membership.objects.filter(user=user, project=event.project_id).first()
        linked = []
        for person in people:
            organisation = existing.get(normalise_name(person.name))
            if organisation is None:
                organisation = Organisation(
                    project_id=event.project_id,
                    name=person.name,
                    country=person.country,
                    type=person.org_type,
                )
                organisation.assign_keeper(membership)
                organisation._change_reason = run.reason
                organisation.save()
                report.created_organisations.append(organisation.pk)
            linked.append(organisation)
        changed = any(getattr(locked, name) != value for name, value in counts.items()) or bool(
            {o.pk for o in linked} - set(report.before["organisations"])
        )
        for name, value in counts.items():
            setattr(locked, name, value)
        locked.version += 1
        reason = f"{run.reason}: {len(people)} participants, {meetings} meetings"
        # The web edit's rule (PartnerRecord.reopen_review), only when the list changes the event.
        if changed and locked.reopen_review(changed_by_reviewer=may_review(user, locked.project)):
            reason = f"{reason}, {REOPENED}"
        locked._change_reason = reason[:100]
        locked._history_user = user
        locked.save()
        locked.organisations.add(*linked)
        report.updated_ids = [locked.pk]
        if on_written:
            on_written(report)
    return report
