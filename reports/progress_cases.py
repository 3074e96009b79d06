"""The progress report's cooperation cases (sections II.4, II.5, II.6 a and b) and who they are between.

`cooperation_cases` is the one place that decides, for every case, its EU party, its third-country party,
its country, type, objective and sector. Section II.3 counts the parties of these same cases, and II.4-II.6
list them, so the tables cannot disagree. The rule, written once:

- A case is a cooperation case record with a third-country partner country, or a signed agreement that
  reaches a third country (its country, else the recorded country of its third-country party) and that no
  case record covers.
- Third-country party: the case's partner organisation, or the agreement's "third-country party", else the
  party the agreement names whose recorded country is a third country. An organisation recorded in an EU or
  COSME country is never a third-country party. None of these: "not recorded".
- EU party: for a case by a cluster, the case's EU organisation, else the responsible consortium partners
  (clusters acting for the consortium). For a case by an SME (SME-SME and business agreements), the party
  the agreement names that is neither its third-country party nor recorded in a third country (D3.2 names
  the consortium's SME, often without its country) and is not a cluster: never the cluster acting for it.
  None: "not recorded".
- Type, objective, sector, steps: as recorded (a signed agreement without a type is a formal agreement
  signed); missing ones say "not recorded", nothing is guessed.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement, CaseType, Objective
from consortium.countries import is_third_country, not_third_countries
from consortium.models import Organisation
from reports.common import column, table
from reports.progress_countries import BUSINESS_TYPES, EU_CLUSTER_TYPES, by_country_name, country_name

NOT_RECORDED = gettext_lazy("not recorded")
CLUSTER_KINDS = (Agreement.Kind.CLUSTER_CLUSTER, Agreement.Kind.CLUSTER_INTERMEDIARY)


def legend() -> list[str]:
    """The template's legend, printed under II.4 and II.5 (its own words, in the report's language)."""
    objectives = "; ".join(
        _("%(objective)s (%(number)s)") % {"objective": o.label, "number": o.value}
        if o != Objective.OTHER
        else _("Other (specify)")
        for o in Objective
    )
    return [
        _("Type: %(types)s") % {"types": "; ".join(str(case_type.label) for case_type in CaseType)},
        _("Types of cooperation objectives (category numbers): %(objectives)s") % {"objectives": objectives},
        _('"%(not_recorded)s": the record does not say it yet; its form asks for it.')
        % {"not_recorded": NOT_RECORDED},
    ]


def _in_third_country(org) -> bool:
    return bool(org.country) and is_third_country(org.country.code)


def _in_europe(org) -> bool:
    return bool(org.country) and not is_third_country(org.country.code)


def _org_party(org: Organisation) -> dict:
    kind = "cluster" if org.type in EU_CLUSTER_TYPES else "sme" if org.type in BUSINESS_TYPES else "other"
    return {
        "key": f"organisation:{org.pk}",
        "name": org.name,
        "kind": kind,
        "business": org.type in BUSINESS_TYPES,
        "type_label": str(org.get_type_display()),
        "country": org.country.code if org.country else "",
    }


def _partner_party(partner) -> dict:
    """A consortium partner is a cluster acting for the consortium."""
    return {
        "key": f"partner:{partner.pk}",
        "name": partner.short_name,
        "kind": "cluster",
        "business": False,
        "type_label": "",
        "country": partner.country.code if partner.country else "",
    }


def _case_of_record(c) -> dict:
    eu = c.eu_organisation
    if eu is not None and (_in_third_country(eu) or (c.by == c.By.SME and eu.type in EU_CLUSTER_TYPES)):
        eu = None  # not a European party, or the cluster acting for the SME (the form refuses both)
    if eu is not None:
        eu_parties = [_org_party(eu)]
    else:
        eu_parties = [_partner_party(p) for p in c.responsible.all()] if c.by == c.By.CLUSTER else []
    tc = c.partner_organisation
    return {
        "by": c.by,
        "country": c.partner_country.code,
        "type": c.case_type,
        "name": c.name,
        "description": c.description,
        "objective": c.objective,
        "objective_other": c.objective_other,
        "sector": c.sector_technology,
        "eu": eu_parties,
        "tc": _org_party(tc) if tc is not None and not _in_europe(tc) else None,
        "steps": c.steps_taken,
        "next": c.next_steps,
        "case": f"agreements.cooperationcase:{c.pk}",
    }


def _case_of_agreement(a) -> dict | None:
    named = [o for o in (a.organisation, a.other_organisation) if o]
    tc = a.partner_organisation if a.partner_organisation and not _in_europe(a.partner_organisation) else None
    tc = tc or next((o for o in named if _in_third_country(o)), None)
    if a.country:
        country = a.country.code if is_third_country(a.country.code) else ""
    else:
        country = tc.country.code if tc is not None and tc.country else ""
    if not country:
        return None
    european = [o for o in named if o != tc and not _in_third_country(o)]
    if a.kind in CLUSTER_KINDS:
        by = "cluster"
        eu = [_partner_party(p) for p in a.responsible.all()]
        eu = eu or [_org_party(o) for o in european if o.type in EU_CLUSTER_TYPES]
    else:
        by = "sme"
        eu = [_org_party(o) for o in european if o.type not in EU_CLUSTER_TYPES]
    return {
        "by": by,
        "country": country,
        "type": a.case_type or CaseType.FORMAL_AGREEMENT,
        "name": a.name,
        "description": a.description,
        "objective": a.objective,
        "objective_other": "",
        "sector": a.sector_technology,
        "eu": eu,
        "tc": _org_party(tc) if tc is not None else None,
        # What was done, as recorded: never the signature text of the date column.
        "steps": a.expectations_results,
        "next": "",
        "case": f"agreements.agreement:{a.pk}",
    }


def cooperation_cases(cases, agreements) -> list[dict]:
    """Every case of the period with its parties decided by the module's rule, cases first.

    `cases` and `agreements` are already placed in the period (`CooperationCase.objects.known_by(period)`,
    `Agreement.objects.signed(by=period)`).
    """
    records = list(
        cases.exclude(partner_country__in=not_third_countries())
        .select_related("eu_organisation", "partner_organisation")
        .prefetch_related("responsible")
        .order_by("position", "id")
    )
    covered = {c.agreement_id for c in records if c.agreement_id}
    signed = (
        agreements.exclude(pk__in=covered)
        .select_related("organisation", "other_organisation", "partner_organisation")
        .prefetch_related("responsible")
        .order_by("position", "id")
    )
    from_agreements = (_case_of_agreement(a) for a in signed)
    return [*(_case_of_record(c) for c in records), *(c for c in from_agreements if c)]


def names(parties) -> str:
    return "; ".join(p["name"] for p in parties) or str(NOT_RECORDED)


def objective_text(case) -> str:
    if not case["objective"]:
        return str(NOT_RECORDED)
    if case["objective"] == Objective.OTHER and case["objective_other"]:
        return _("Other: %(objective)s") % {"objective": case["objective_other"]}
    return _("%(objective)s (%(number)s)") % {
        "objective": Objective(case["objective"]).label,
        "number": case["objective"],
    }


def _partner_name(case) -> str:
    return case["tc"]["name"] if case["tc"] else str(NOT_RECORDED)


def _joined(values) -> str:
    """Several cases in one cell: their values, or "not recorded" once when none has it."""
    values = list(values)
    return str(NOT_RECORDED) if all(v == NOT_RECORDED for v in values) else "; ".join(values)


def cases_by_clusters(cases) -> dict:
    """Section II.4: per third country, the four case types with their number and names."""
    mine = [c for c in cases if c["by"] == "cluster"]
    rows = []
    for code in by_country_name({c["country"] for c in mine}):
        for case_type in CaseType:
            these = [c for c in mine if c["country"] == code and c["type"] == case_type]
            rows.append(
                {
                    "cells": [
                        country_name(code),
                        str(case_type.label).split(" (")[0],
                        len(these),
                        "; ".join(c["name"] for c in these),
                        "; ".join(filter(None, (c["description"] for c in these))),
                        _joined(objective_text(c) for c in these) if these else "",
                        _joined(c["sector"] or str(NOT_RECORDED) for c in these) if these else "",
                        _joined(_partner_name(c) for c in these) if these else "",
                    ],
                    "first_in_group": case_type == CaseType.COLLABORATION_PROJECT,
                    "cases": [c["case"] for c in these],
                }
            )
    return table(
        "cases_clusters",
        _("4. Overview of cooperation cases by European Clusters"),
        _("II.4 Cases by clusters"),
        _("TARGET COUNTRIES"),
        [
            column("country", _("TARGET COUNTRIES"), 20),
            column("type", _("Type"), 26),
            # Translators: the column of how many cases ("Number").
            column("nb", _("Nb."), 6, kind="int"),
            column("name", _("Cooperation case (name)"), 30),
            column("description", _("Brief description"), 40),
            column("objective", _("Types of cooperation objectives"), 24),
            column("sector", _("Sector / Technology"), 18),
            column("partner", _("3rd-country Partner name"), 26),
        ],
        rows,
        empty_text=_("No cooperation case by a European cluster with a third country in this period."),
        notes=legend(),
        landscape=True,
        grouped_first_column=True,
        total=[_("TOTAL"), "", len(mine), "", "", "", "", ""],
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
                objective_text(c),
                c["sector"] or str(NOT_RECORDED),
                f"{c['tc']['type_label']} ({c['tc']['name']})" if c["tc"] else str(NOT_RECORDED),
            ],
            "case": c["case"],
        }
        for c in mine
    ]
    return table(
        "cases_smes",
        _("5. Overview of cooperation cases by European SMEs"),
        _("II.5 Cases by SMEs"),
        _("Third country"),
        [
            column("country", _("Third country"), 20),
            column("name", _("Cooperation case (name)"), 30),
            # Translators: the column of how many cases ("Number").
            column("nb", _("Nb."), 6, kind="int"),
            column("description", _("Brief description"), 40),
            column("objective", _("Types of cooperation objectives"), 24),
            column("sector", _("Sector / Technology"), 18),
            column(
                "partner", _("3rd-country Partner type of organisation (and name if not confidential)"), 30
            ),
        ],
        rows,
        empty_text=_("No cooperation case by a European SME with a third country in this period."),
        notes=legend(),
        landscape=True,
        total=[_("TOTAL"), "", len(mine), "", "", "", ""],
    )


def further_details(cases, by: str) -> dict:
    """Section II.6 a) (by EU clusters) and b) (by European SMEs): the cases of II.4 or II.5, one a row."""
    who = _("EU Cluster organisation") if by == "cluster" else _("EU SME")
    mine = [c for c in cases if c["by"] == by]
    if by == "sme":
        mine.sort(key=lambda c: country_name(c["country"]))  # II.5's order
    rows = [
        {
            "cells": [
                names(c["eu"]),
                c["sector"] or str(NOT_RECORDED),
                _partner_name(c),
                country_name(c["country"]),
                c["description"],
                c["steps"] or str(NOT_RECORDED),
                c["next"],
            ],
            "case": c["case"],
        }
        for c in mine
    ]
    letter = "a" if by == "cluster" else "b"
    return table(
        f"details_{letter}",
        _("6. Further details on cooperation cases: a) by EU clusters")
        if by == "cluster"
        else _("6. Further details on cooperation cases: b) by European SMEs"),
        _("II.6a Details") if by == "cluster" else _("II.6b Details"),
        who,
        [
            column("eu", who, 26),
            column("sector", _("Sector"), 16),
            column("partner", _("Name"), 26),
            column("country", _("Country"), 14),
            column("description", _("Explain/describe cooperation case"), 40),
            column("steps", _("Main steps undertaken"), 40),
            column("next", _("Next steps envisaged (if any)"), 30),
        ],
        rows,
        empty_text=_("None in this period."),
        landscape=True,
        header_groups=[("", 2), (_("Partner organisation"), 2), ("", 3)],
    )
