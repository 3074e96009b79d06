"""Builder of the 6-month technical progress report (COSME template): the whole report, its texts
(narrative.assemble) and its tables, in the order of the project's report structure (progress_sections).

Cumulative from the project start to the end of the chosen period. Indicator numbers come from the
KPI engine (reports.indicators); the per-country tables follow the template's rules (progress_countries).
The milestone and deliverable tables are "cumulative ... up to date": they show the state on the report
date (the day the report is prepared, today unless given), which a freeze keeps with the report.
"""

import base64
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, CooperationCase, Engagement
from communication.models import CommunicationActivity
from consortium.dates import format_date
from consortium.models import DueDateChange, Organisation, Project, ReportingPeriod
from events.models import Event
from kpis.models import IndicatorSet
from narrative.assemble import assemble
from narrative.models import Text
from narrative.structure import for_project
from reports import progress_cases
from reports import progress_countries as pc
from reports.common import (
    CHART,
    OTHER_CASES,
    PRINTED_NAMES,
    REPORT_IMAGES,
    column,
    counted_text,
    data_as_of,
    meta,
    ordinal,
    plain,
    section_tables,
    table,
)
from reports.indicators import indicator_rows, overview_chart
from reports.progress_dissemination import dissemination_table
from reports.progress_plan import _deliverables, _milestones
from reports.progress_sections import build_sections, human_comments

# Text: an edited text changes the report's data-as-of time, so a download is never an export of the text
# as it was (exports of unchanged data are reused).
RECORD_MODELS = (
    Event,
    Agreement,
    Engagement,
    CooperationCase,
    Organisation,
    CommunicationActivity,
    DueDateChange,
    Text,
)
# Section II.6 c): the kind of organisation that stands for another cluster partnership; an EU initiative
# is an organisation whose recorded scope is EU-level (regional and national agencies are not).
PARTNERSHIP_TYPES = {Organisation.Type.INITIATIVE}


def _record_names(indicator: dict) -> list[str]:
    """What was counted, by name, when the engine names its records."""
    names = [r.get("name") or r.get("label") for r in indicator["records"] if isinstance(r, dict)]
    return [n for n in names if n]


def achieved_cell(indicator: dict) -> int | str | None:
    """The Achieved cell: the number; blank where the period's report left it blank or nothing was reported;
    "not reported for this period (last: 256, P1)" where only an earlier period reported a value."""
    if indicator["left_blank"]:
        return None
    if last := indicator["last_reported"]:
        return _("not reported for this period (last: %(value)s, P%(period)s)") % {
            "value": last["value"],
            "period": last["period"],
        }
    return indicator["achieved"]


def _indicator_table(key, title, sheet, heading, indicators, with_comments=True) -> dict:
    rows = []
    for n, ind in enumerate(indicators, start=1):
        names = _record_names(ind)
        # The XLSX lists every counted record; the printed layouts a few (common.counted_text).
        comment, printed = (
            "\n".join(filter(None, [ind["comment"], counted_text(names, limit)])) if names else ind["comment"]
            for limit in (None, PRINTED_NAMES)
        )
        cells = [f"{n}) {ind['title']}", achieved_cell(ind), ind["target_text"]]
        rows.append(
            {
                "cells": [*cells, comment],
                "printed_cells": [*cells, printed],
                "code": ind["code"],
                "records": ind["records"],
            }
        )
    return table(
        key,
        title,
        sheet,
        heading,
        [
            column("indicator", heading, 50),
            column("achieved", _("Achieved (cumulated results)"), 14, kind="int"),
            column("target", _("Target"), 24, kind="number_text"),  # the XLSX: "12" a number, "38 = ..." text
            column("comments", _("Comments"), 60),
        ],
        rows,
        empty_text=_("No indicators defined."),
    )


def _other_cases(events, engagements, agreements) -> list[dict]:
    """Section II.6 c): cooperation with other cluster partnerships, EU initiatives, others."""
    partnerships, initiatives = set(), set()
    for record in [*events, *engagements, *agreements]:
        if isinstance(record, Event):
            orgs = list(record.organisations.all())
        elif isinstance(record, Agreement):
            orgs = [o for o in (record.organisation, record.other_organisation) if o]
        else:
            orgs = [record.organisation]
        for org in orgs:
            if org.type in PARTNERSHIP_TYPES:
                same = org.name.lower() in record.name.lower() or record.name.lower() in org.name.lower()
                partnerships.add(record.name if same else f"{org.name} ({record.name})")
            elif org.scope == Organisation.Scope.EUROPEAN:
                initiatives.add(org.name)
    return [
        {"label": _("1) Cooperation with other cluster partnerships"), "items": sorted(partnerships)},
        {"label": _("2) Cooperation with other EU initiatives"), "items": sorted(initiatives)},
        {"label": _("3) Other relevant cooperation cases"), "items": []},
    ]


def placed_records(project: Project, period: ReportingPeriod) -> dict:
    """The records the progress report of `period` is made of, placed by the one rule the engine counts with.

    Querysets, not yet fetched: events (the consortium's own left out: categories typed as no event type;
    each with its `type_in_report`) and
    engagements known by the period's end, cooperation cases known by it, agreements signed by it
    (undated signatures in the last period).
    """
    return {
        "events": Event.objects.filter(project=project)
        .known_by(period)
        .in_report_tables()
        .with_type_in_report()
        .order_by("position", "id"),
        "engagements": Engagement.objects.filter(project=project).known_by(period).order_by("position", "id"),
        "cases": CooperationCase.objects.filter(project=project).known_by(period),
        "agreements": Agreement.objects.filter(project=project).signed(by=period),
    }


def build_progress(project: Project, period: ReportingPeriod, *, report_date: date | None = None) -> dict:
    """Everything the technical progress report for `period` shows, every query done; the milestones and
    deliverables as they stand on `report_date` (the day the report is prepared: today by default)."""
    report_date = report_date or timezone.localdate()

    periods = project.reporting_periods()
    period = periods[periods.index(period)]  # the same period, knowing whether it is the last: no query
    indicators = indicator_rows(project, period, periods)
    by_section = indicators["sections"]
    call = by_section.get(IndicatorSet.ReportSection.PROGRESS_CALL, {"indicators": []})["indicators"]
    other = by_section.get(IndicatorSet.ReportSection.PROGRESS_PROJECT, {"indicators": []})["indicators"]

    structure = for_project(project)
    numbers = {row["code"]: row["achieved"] for s in indicators["sets"].values() for row in s["indicators"]}
    narrative = assemble(project, period, numbers=numbers, image_url=lambda pk: f"{REPORT_IMAGES}{pk}")
    call = human_comments(call, narrative["comments"])
    other = human_comments(other, narrative["comments"])

    records = placed_records(project, period)
    events = list(records["events"].prefetch_related("target_countries", "organisations"))
    engagements = list(records["engagements"].select_related("organisation"))
    cases = progress_cases.cooperation_cases(records["cases"], records["agreements"])
    agreements = list(records["agreements"].select_related("organisation", "other_organisation"))
    # The tables by the structure's keys (narrative.structure.TABLES); each is placed after the text of the
    # section that names it, in the structure's order (HTML, PDF and DOCX walk it; the XLSX takes its
    # tables in the same order).
    tables = {
        "milestones": _milestones(project, period, report_date),
        "deliverables": _deliverables(project, report_date),
        "call": _indicator_table(
            "call", _("Call indicators"), _("II.1 Call indicators"), _("Call Indicator"), call
        ),
        "chart": CHART,
        "project": _indicator_table(
            "project",
            _("Other project indicators"),
            _("II.1 Project indicators"),
            _("Project Indicator"),
            other,
        ),
        "events": pc.events_per_country(events),
        "stakeholders": pc.stakeholders_per_country(events, cases),
        "cases_clusters": progress_cases.cases_by_clusters(cases),
        "cases_smes": progress_cases.cases_by_smes(cases),
        "details_a": progress_cases.further_details(cases, "cluster"),
        "details_b": progress_cases.further_details(cases, "sme"),
        "other_cases": OTHER_CASES,  # 6. c), right after 6. b)
        "dissemination": dissemination_table(project, period),
    }
    sections = build_sections(structure, narrative, tables)
    ctx = {
        "kind": "progress",
        "report_title": _("Technical progress report #%(number)s") % {"number": period.number},
        "meta": meta(project, period, data_as_of(project, RECORD_MODELS))
        | {
            "report_ordinal": ordinal(period.number),
            "report_date": report_date,
        },
        "engine": indicators["engine"],
        "indicators": call + other,
        "chart_svg": overview_chart(call, indicators["elapsed"], _("Call indicators"), "progress-call"),
        "structure": structure.key,
        "sections": sections,
        "tables": section_tables(sections),
        # The report's images, {id: {"mime", "data" (base64)}}: the PDF's fetcher serves them from here, the
        # HTML inlines them and the DOCX embeds them, so a frozen report keeps them with its texts.
        "images": {
            str(pk): {"mime": mime, "data": base64.b64encode(content).decode("ascii")}
            for pk, (mime, content) in narrative["images"].items()
        },
        "other_cases": _other_cases(events, engagements, agreements),
        "notes": [
            _(
                "All figures are cumulative from the project start (%(start)s) to the end of period "
                "%(number)s (%(end)s); indicator numbers are counted from the records by the KPI engine."
            )
            % {
                "start": format_date(project.start_date),
                "number": period.number,
                "end": format_date(period.end_date),
            },
            _(
                "Per-country tables list third countries only (neither EU nor COSME-participating), one per "
                "row; an event that targeted two countries is counted in both rows and listed under the "
                "table. Consortium meetings are not included."
            ),
            _("Records without a date are included only in the report of the period being reported now."),
            _("Milestones and deliverables as they stand on the report date (%(date)s).")
            % {"date": format_date(report_date)},
            _(
                "Cooperation cases (tables 3 to 6): cooperation case records and signed agreements reaching "
                "a third country. The EU party is the European cluster or SME (for an agreement by a "
                "cluster without one named, the responsible consortium partner); the third-country party is "
                "the organisation recorded in a third country. Table 3 counts the parties of the same cases "
                "as tables 4 to 6."
            ),
        ],
    }
    return plain(ctx)
