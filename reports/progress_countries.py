"""The progress report's per-third-country tables (sections II.2-II.6 of the COSME template), as plain data.

The template's rules: third countries only (never EU or COSME countries), one country per row, an event
that targeted two countries appears in both rows and is listed under the table with its countries;
cumulative from the project start; consortium meetings are left out.
"""

from collections import defaultdict

from django_countries import countries as country_names

from agreements.models import Agreement, CaseType, Objective
from consortium.countries import is_third_country, not_third_countries
from consortium.models import Organisation
from events.models import Event
from reports.common import column, table

EVENT_TYPES = list(Event.ReportType)
# Who counts as what in the stakeholder table (section II.3); types not named are not counted on the EU side.
EU_CLUSTER_TYPES = {Organisation.Type.CLUSTER, Organisation.Type.BUSINESS_NETWORK}
BUSINESS_TYPES = {Organisation.Type.SME, Organisation.Type.LARGE_COMPANY}
STAKEHOLDER_KINDS = [
    ("eu_clusters", "EU Clusters"),
    ("eu_smes", "EU SMEs"),
    ("tc_intermediaries", "Clusters and other intermediary organisations from 3rd-country"),
    ("tc_businesses", "SMEs and businesses in 3rd country"),
]


def country_name(code: str) -> str:
    return str(dict(country_names).get(str(code), code))


def _by_country_name(codes):
    return sorted(codes, key=country_name)


def events_per_country(events: list[Event]) -> dict:
    """Section II.2: events per target third country and type, the list of events under the table."""
    counts: dict = defaultdict(lambda: dict.fromkeys(EVENT_TYPES, 0))
    listed, untyped = [], []
    for event in events:
        third = [c.country.code for c in event.target_countries.all() if is_third_country(c.country.code)]
        if not third:
            continue
        if not event.report_type:
            untyped.append(event.name)
            continue
        for code in third:
            counts[code][event.report_type] += 1
        when = f" ({event.date})" if event.date else ""
        listed.append(f"{event.name}{when}: {', '.join(country_name(c) for c in _by_country_name(third))}")
    rows = [{"cells": [country_name(code), *counts[code].values()]} for code in _by_country_name(counts)]
    totals = [sum(r["cells"][i + 1] for r in rows) for i in range(len(EVENT_TYPES))]
    notes = ["Events and the third countries they targeted:", *listed] if listed else []
    if untyped:
        notes.append("Not counted, no event type recorded yet: " + "; ".join(untyped))
    return table(
        "events",
        "2. Number of events (cumulated results)",
        "II.2 Events per country",
        "TARGET COUNTRIES",
        [
            column("country", "TARGET COUNTRIES", 24),
            column(
                "preparatory",
                "Preparatory events, e.g. workshop, seminars, visits (excluding C2C and B2B events)",
                22,
                kind="int",
            ),
            column("c2c_event", "C2C Events", 12, kind="int"),
            column("c2c_meeting", "C2C meetings", 12, kind="int"),
            column("b2b_event", "B2B Events", 12, kind="int"),
            column("b2b_meeting", "B2B meetings", 12, kind="int"),
        ],
        rows,
        empty_text="No event targeting a third country in this period.",
        notes=notes,
        header_groups=[("", 1), ("EVENTS (Number)", len(EVENT_TYPES))],
        total=["TOTAL", *totals],
    )


def _orgs_of(event_or_agreement) -> list[Organisation]:
    if isinstance(event_or_agreement, Event):
        return list(event_or_agreement.organisations.all())
    return [o for o in (event_or_agreement.organisation, event_or_agreement.other_organisation) if o]


def _stakeholder_kind(org: Organisation, target: str) -> str | None:
    """Which column an organisation counts in for a target country; None when it counts in none."""
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


def stakeholders_per_country(events, agreements, cases) -> dict:
    """Section II.3: organisations involved per target third country, by kind, each counted once per row."""
    found: dict = defaultdict(lambda: {k: set() for k, _ in STAKEHOLDER_KINDS})
    unknown = set()
    sources = [(e, [c.country.code for c in e.target_countries.all()]) for e in events]
    sources += [(a, [a.country.code]) for a in agreements if a.country]
    for source, codes in sources:
        for code in codes:
            if not is_third_country(code):
                continue
            for org in _orgs_of(source):
                if kind := _stakeholder_kind(org, code):
                    found[code][kind].add(org.name)
                elif not org.country:
                    unknown.add(org.name)
    for case in cases:
        code = case.partner_country.code
        for org in (case.eu_organisation, case.partner_organisation):
            if org and (kind := _stakeholder_kind(org, code)):
                found[code][kind].add(org.name)
    rows, notes = [], []
    for code in _by_country_name(found):
        kinds = found[code]
        rows.append({"cells": [country_name(code), *(len(kinds[k]) for k, _ in STAKEHOLDER_KINDS)]})
        for key, label in STAKEHOLDER_KINDS:
            if kinds[key]:
                notes.append(f"{country_name(code)}, {label}: {', '.join(sorted(kinds[key]))}")
    totals = [sum(r["cells"][i + 1] for r in rows) for i in range(len(STAKEHOLDER_KINDS))]
    return table(
        "stakeholders",
        "3. Number of stakeholders involved (cumulated results)",
        "II.3 Stakeholders",
        "Third country",
        [column("country", "Third country", 24)]
        + [column(k, label, 18, kind="int") for k, label in STAKEHOLDER_KINDS],
        rows,
        empty_text="No stakeholder from activities targeting a third country in this period.",
        notes=(["Names of the stakeholders:", *notes] if notes else [])
        + ([f"Not counted, country not recorded: {', '.join(sorted(unknown))}"] if unknown else []),
        header_groups=[
            ("", 1),
            (
                "STAKEHOLDERS INVOLVEMENT in the development of activities targeting "
                "cooperation with 3rd markets (Number)",
                len(STAKEHOLDER_KINDS),
            ),
        ],
        total=["TOTAL", *totals],
    )


def cooperation_cases(cases, agreements) -> list[dict]:
    """Cooperation cases as recorded, plus signed agreements reaching a third country that no case records.

    `cases` and `agreements` are already placed in the period (`CooperationCase.objects.known_by(period)`,
    `Agreement.objects.signed(by=period)`). A signed agreement is a case of type 2 ("formal agreement
    signed") unless its record says otherwise; cluster kinds are cases by EU clusters, SME and business
    agreements cases by EU SMEs.
    """
    cases = list(
        cases.exclude(partner_country__in=not_third_countries())
        .select_related("eu_organisation", "partner_organisation")
        .prefetch_related("responsible")
        .order_by("position", "id")
    )
    covered = {c.agreement_id for c in cases if c.agreement_id}
    agreements = (
        agreements.exclude(country="")
        .exclude(country__in=not_third_countries())
        .exclude(pk__in=covered)
        .select_related("organisation", "other_organisation")
        .prefetch_related("responsible")
        .order_by("position", "id")
    )
    out = []
    for c in cases:
        out.append(
            {
                "by": c.by,
                "country": c.partner_country.code,
                "type": c.case_type,
                "name": c.name,
                "description": c.description,
                "objective": c.objective,
                "objective_other": c.objective_other,
                "sector": c.sector_technology,
                "eu_org": c.eu_organisation.name if c.eu_organisation else "",
                "partner": c.partner_organisation.name if c.partner_organisation else "",
                "partner_type": c.partner_organisation.get_type_display() if c.partner_organisation else "",
                "steps": c.steps_taken,
                "next": c.next_steps,
                "responsible": c.responsible_text,
                "id": c.pk,
                "model": "agreements.cooperationcase",
            }
        )
    for a in agreements:
        orgs = [o for o in (a.organisation, a.other_organisation) if o]
        third = [o for o in orgs if not o.country or is_third_country(o.country.code)]
        eu = [o for o in orgs if o.country and not is_third_country(o.country.code)]
        partner = (third or orgs or [None])[0]
        out.append(
            {
                "by": "cluster"
                if a.kind in (Agreement.Kind.CLUSTER_CLUSTER, Agreement.Kind.CLUSTER_INTERMEDIARY)
                else "sme",
                "country": a.country.code,
                "type": a.case_type or CaseType.FORMAL_AGREEMENT,
                "name": a.name,
                "description": a.description,
                "objective": a.objective,
                "objective_other": "",
                "sector": "",
                "eu_org": eu[0].name if eu else (a.responsible_text or ""),
                "partner": partner.name if partner else "",
                "partner_type": partner.get_type_display() if partner else "",
                "steps": a.expectations_results or a.date_text,
                "next": "",
                "responsible": a.responsible_text,
                "id": a.pk,
                "model": "agreements.agreement",
            }
        )
    return out


def _objective(case) -> str:
    if not case["objective"]:
        return ""
    if case["objective"] == Objective.OTHER and case["objective_other"]:
        return f"Other: {case['objective_other']}"
    return f"{Objective(case['objective']).label} ({case['objective']})"


def cases_by_clusters(cases) -> dict:
    """Section II.4: per third country, the four case types with their number and names."""
    mine = [c for c in cases if c["by"] == "cluster"]
    rows = []
    for code in _by_country_name({c["country"] for c in mine}):
        for case_type in CaseType:
            these = [c for c in mine if c["country"] == code and c["type"] == case_type]
            rows.append(
                {
                    "cells": [
                        country_name(code),
                        case_type.label.split(" (")[0],
                        len(these),
                        "; ".join(c["name"] for c in these),
                        "; ".join(filter(None, (c["description"] for c in these))),
                        "; ".join(filter(None, (_objective(c) for c in these))),
                        "; ".join(filter(None, (c["sector"] for c in these))),
                        "; ".join(filter(None, (c["partner"] for c in these))),
                    ],
                    "first_in_group": case_type == CaseType.COLLABORATION_PROJECT,
                }
            )
    return table(
        "cases_clusters",
        "4. Overview of cooperation cases by European Clusters",
        "II.4 Cases by clusters",
        "TARGET COUNTRIES",
        [
            column("country", "TARGET COUNTRIES", 20),
            column("type", "Type", 26),
            column("nb", "Nb.", 6, kind="int"),
            column("name", "Cooperation case (name)", 30),
            column("description", "Brief description", 40),
            column("objective", "Types of cooperation objectives", 24),
            column("sector", "Sector / Technology", 18),
            column("partner", "3rd-country Partner name", 26),
        ],
        rows,
        empty_text="No cooperation case by a European cluster with a third country in this period.",
        landscape=True,
        grouped_first_column=True,
        total=["TOTAL", "", len(mine), "", "", "", "", ""],
    )


def cases_by_smes(cases) -> dict:
    """Section II.5: one row per case by a European SME, per third country."""
    mine = sorted((c for c in cases if c["by"] == "sme"), key=lambda c: country_name(c["country"]))
    rows = [
        {
            "cells": [
                country_name(c["country"]),
                c["name"],
                1,
                c["description"],
                _objective(c),
                c["sector"],
                " ".join(filter(None, [c["partner_type"], f"({c['partner']})" if c["partner"] else ""])),
            ]
        }
        for c in mine
    ]
    return table(
        "cases_smes",
        "5. Overview of cooperation cases by European SMEs",
        "II.5 Cases by SMEs",
        "Third country",
        [
            column("country", "Third country", 20),
            column("name", "Cooperation case (name)", 30),
            column("nb", "Nb.", 6, kind="int"),
            column("description", "Brief description", 40),
            column("objective", "Types of cooperation objectives", 24),
            column("sector", "Sector / Technology", 18),
            column("partner", "3rd-country Partner type of organisation (and name if not confidential)", 30),
        ],
        rows,
        empty_text="No cooperation case by a European SME with a third country in this period.",
        landscape=True,
        total=["TOTAL", "", len(mine), "", "", "", ""],
    )


def further_details(cases, by: str) -> dict:
    """Section II.6 a) (by EU clusters) and b) (by European SMEs)."""
    who = "EU Cluster organisation" if by == "cluster" else "EU SME"
    rows = [
        {
            "cells": [
                c["eu_org"] or c["responsible"],
                c["sector"],
                c["partner"],
                country_name(c["country"]),
                c["description"],
                c["steps"],
                c["next"],
            ]
        }
        for c in cases
        if c["by"] == by
    ]
    letter = "a" if by == "cluster" else "b"
    return table(
        f"details_{letter}",
        f"6. Further details on cooperation cases: {letter}) by "
        + ("EU clusters" if by == "cluster" else "European SMEs"),
        f"II.6{letter} Details",
        who,
        [
            column("eu", who, 26),
            column("sector", "Sector", 16),
            column("partner", "Name", 26),
            column("country", "Country", 14),
            column("description", "Explain/describe cooperation case", 40),
            column("steps", "Main steps undertaken", 40),
            column("next", "Next steps envisaged (if any)", 30),
        ],
        rows,
        empty_text="None in this period.",
        landscape=True,
        header_groups=[("", 2), ("Partner organisation", 2), ("", 3)],
    )
