"""The progress report's per-third-country tables (sections II.2-II.6 of the COSME template), as plain data.

The template's rules: third countries only (never EU or COSME countries), one country per row, an event
that targeted two countries appears in both rows and is listed under the table with its countries;
cumulative from the project start; the consortium's own meetings (a category typed as no event type) are
left out.
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries as country_names

from consortium.countries import is_third_country
from consortium.models import Organisation
from events.models import Event
from reports.common import column, table

EVENT_TYPES = list(Event.ReportType)
# Who counts as what in the stakeholder table (section II.3); types not named are not counted on the EU side.
EU_CLUSTER_TYPES = {Organisation.Type.CLUSTER, Organisation.Type.BUSINESS_NETWORK}
BUSINESS_TYPES = {Organisation.Type.SME, Organisation.Type.LARGE_COMPANY}
STAKEHOLDER_KINDS = [
    ("eu_clusters", gettext_lazy("EU Clusters")),
    ("eu_smes", gettext_lazy("EU SMEs")),
    ("tc_intermediaries", gettext_lazy("Clusters and other intermediary organisations from 3rd-country")),
    ("tc_businesses", gettext_lazy("SMEs and businesses in 3rd country")),
]


def country_name(code: str) -> str:
    return str(dict(country_names).get(str(code), code))


def by_country_name(codes):
    return sorted(codes, key=country_name)


def events_per_country(events: list[Event]) -> dict:
    """Section II.2: events per target third country and type, the list of events under the table."""
    counts: dict = defaultdict(lambda: dict.fromkeys(EVENT_TYPES, 0))
    listed, untyped = [], []
    for event in events:
        third = [c.country.code for c in event.target_countries.all() if is_third_country(c.country.code)]
        if not third:
            continue
        # Its own type, else its category's (EventQuerySet.with_type_in_report).
        if not event.type_in_report:
            untyped.append(event.name)
            continue
        for code in third:
            counts[code][event.type_in_report] += 1
        when = f" ({event.date})" if event.date else ""
        listed.append(f"{event.name}{when}: {', '.join(country_name(c) for c in by_country_name(third))}")
    rows = [{"cells": [country_name(code), *counts[code].values()]} for code in by_country_name(counts)]
    totals = [sum(r["cells"][i + 1] for r in rows) for i in range(len(EVENT_TYPES))]
    notes = [_("Events and the third countries they targeted:"), *listed] if listed else []
    if untyped:
        notes.append(
            _("Not counted, no event type recorded yet: %(events)s") % {"events": "; ".join(untyped)}
        )
    return table(
        "events",
        _("2. Number of events (cumulated results)"),
        _("II.2 Events per country"),
        _("TARGET COUNTRIES"),
        [
            column("country", _("TARGET COUNTRIES"), 24),
            column(
                "preparatory",
                _("Preparatory events, e.g. workshop, seminars, visits (excluding C2C and B2B events)"),
                22,
                kind="int",
            ),
            column("c2c_event", _("C2C Events"), 12, kind="int"),
            column("c2c_meeting", _("C2C meetings"), 12, kind="int"),
            column("b2b_event", _("B2B Events"), 12, kind="int"),
            column("b2b_meeting", _("B2B meetings"), 12, kind="int"),
        ],
        rows,
        empty_text=_("No event targeting a third country in this period."),
        notes=notes,
        header_groups=[("", 1), (_("EVENTS (Number)"), len(EVENT_TYPES))],
        total=[_("TOTAL"), *totals],
    )


def _stakeholder_kind(org: Organisation, target: str) -> str | None:
    """Which column an event's organisation counts in for a target country; None when it counts in none."""
    code = org.country.code if org.country else ""
    if not code:
        return None  # EU or third country? Unknown: listed under the table instead of guessed
    if not is_third_country(code):
        if org.type in EU_CLUSTER_TYPES:
            return "eu_clusters"
        return "eu_smes" if org.type in BUSINESS_TYPES else None
    if code != target:
        return None  # a third-country organisation counts in its own country's row
    return "tc_businesses" if org.type in BUSINESS_TYPES else "tc_intermediaries"


def case_party_columns(case) -> list[tuple[str, dict]]:
    """Section II.3's column for each party of a cooperation case (reports.progress_cases decides the
    parties): the EU party as an EU cluster or SME, the third-country party by its type. An EU party that is
    neither (a research centre) gets no column."""
    columns = [({"cluster": "eu_clusters", "sme": "eu_smes"}.get(p["kind"]), p) for p in case["eu"]]
    if case["tc"]:
        columns.append(("tc_businesses" if case["tc"]["business"] else "tc_intermediaries", case["tc"]))
    return columns


def stakeholders_per_country(events, cases) -> dict:
    """Section II.3: organisations involved per target third country, by kind, each counted once per row.

    The organisations of the events that targeted the country (by their recorded country and type) and the
    parties of the cooperation cases of II.4-II.6 (`cases`, from reports.progress_cases) in their case's row.
    """
    found: dict = defaultdict(lambda: {k: set() for k, _ in STAKEHOLDER_KINDS})
    unknown, neither = set(), set()
    for event in events:
        for code in [c.country.code for c in event.target_countries.all()]:
            if not is_third_country(code):
                continue
            for org in event.organisations.all():
                if kind := _stakeholder_kind(org, code):
                    found[code][kind].add(org.name)
                elif not org.country:
                    unknown.add(org.name)
    for case in cases:
        row = found[case["country"]]  # every case's country has its row
        for kind, party in case_party_columns(case):
            if kind:
                row[kind].add(party["name"])
            else:
                neither.add(f"{party['name']} ({country_name(case['country'])})")
    counted = {name for kinds in found.values() for names in kinds.values() for name in names}
    unknown -= counted
    rows, notes = [], []
    for code in by_country_name(found):
        kinds = found[code]
        rows.append({"cells": [country_name(code), *(len(kinds[k]) for k, _ in STAKEHOLDER_KINDS)]})
        for key, label in STAKEHOLDER_KINDS:
            if kinds[key]:
                notes.append(f"{country_name(code)}, {label}: {', '.join(sorted(kinds[key]))}")
    totals = [sum(r["cells"][i + 1] for r in rows) for i in range(len(STAKEHOLDER_KINDS))]
    return table(
        "stakeholders",
        _("3. Number of stakeholders involved (cumulated results)"),
        _("II.3 Stakeholders"),
        _("Third country"),
        [column("country", _("Third country"), 24)]
        + [column(k, label, 18, kind="int") for k, label in STAKEHOLDER_KINDS],
        rows,
        empty_text=_("No stakeholder from activities targeting a third country in this period."),
        notes=([_("Names of the stakeholders:"), *notes] if notes else [])
        + (
            [_("Not counted, country not recorded: %(names)s") % {"names": ", ".join(sorted(unknown))}]
            if unknown
            else []
        )
        + (
            [
                _("Not counted, EU party neither a cluster nor an SME: %(names)s")
                % {"names": ", ".join(sorted(neither))}
            ]
            if neither
            else []
        ),
        header_groups=[
            ("", 1),
            (
                _(
                    "STAKEHOLDERS INVOLVEMENT in the development of activities targeting "
                    "cooperation with 3rd markets (Number)"
                ),
                len(STAKEHOLDER_KINDS),
            ),
        ],
        total=[_("TOTAL"), *totals],
    )
