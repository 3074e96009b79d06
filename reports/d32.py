"""Builder of D3.2 *Cross-fertilisation results*: Table 0 (indicators) and Tables 2-12, as plain data.

Rows of a period N are the records known by the end of N (`Model.objects.known_by(N)`, the rule the KPI
engine counts with): dated up to the period's end, plus, only in the period being reported now, the
undated ones (marked "undated"); agreements are placed by their signature date, so an agreement not
(yet) signed, having none, appears only in the report of the current period.
Numbers come from the KPI engine (reports.indicators); the builder never counts.
"""

from django.db.models import Q

from agreements.models import Agreement, Engagement, SectorInvolvement
from consortium.dates import format_date
from consortium.models import Project, ReportingPeriod
from events.models import Event
from kpis.models import PlanItem
from reports.common import (
    UNDATED,
    column,
    data_as_of,
    date_cell,
    meta,
    month_label,
    responsible,
)
from reports.indicators import indicator_rows, overview_chart

RECORD_MODELS = (Engagement, Agreement, Event, SectorInvolvement)

# (table number, title as D3.2 captions it, model, filter, the counting rule whose target heads the table)
SECTIONS = [
    (
        2,
        "Clusters and Business Networks from participating countries",
        Engagement,
        {},
        "organisations_engaged",
    ),
    (
        3,
        "Clusters Cooperation Agreements",
        Agreement,
        {"kind": "cluster_cluster"},
        "cooperation_agreements_cluster_cluster",
    ),
    (
        4,
        "Clusters/Consortiums & Intermediary Organizations Cooperation Agreements",
        Agreement,
        {"kind": "cluster_intermediary"},
        "cooperation_agreements_cluster_intermediary",
    ),
    (5, "SMEs Cooperation Agreements", Agreement, {"kind": "sme_sme"}, "cooperation_agreements_sme_sme"),
    (6, "SMEs Business Agreements", Agreement, {"kind": "business"}, "business_agreements"),
    (7, "National workshops with SMEs", Event, {"category": "national_workshop"}, "national_workshops"),
    (8, "International meetings", Event, {"category": "international_meeting"}, "international_meetings"),
    (9, "Other International events", Event, {"category": "international_event"}, "international_events"),
    (
        10,
        "Cluster & business matchmaking meetings supported",
        Event,
        {"category": "matchmaking"},
        "matchmaking_meetings",
    ),
    (11, "Other sectors involved beyond mobility", SectorInvolvement, {}, "sectors_beyond_mobility"),
]

# Headings as the deliverable D3.2 words its columns, not the workspace's labels (RecordKind.fields): the
# report reproduces the deliverable's tables.
NAME, WHO = column("name", "Name", 34), column("responsible", "Responsible", 14)
DESCRIPTION = column("description", "Description", 50)
DATES = column("dates", "Dates & Location", 28)
RESULTS = column("results", "Expectations & Results", 60)
# Only in the spreadsheet: the record behind the row and its date as real dates, for sorting and filters.
XLSX_EXTRA = [
    column("ref", "Record", 14, only="xlsx"),
    column("date_start", "Date from", 12, kind="date", only="xlsx"),
    column("date_end", "Date to", 12, kind="date", only="xlsx"),
]


def _signature(agreement) -> str:
    if agreement.status == Agreement.Status.SIGNED:
        return str(agreement.signed_date) if agreement.signed_date else UNDATED
    return f"expected {agreement.expected_date}" if agreement.expected_date else ""


def _columns(model, number):
    if model is Agreement and number != 6:
        return [
            NAME,
            WHO,
            DESCRIPTION,
            column("signature", "Signature date", 16),
            column("status", "Status", 14),
            column("as_written", "Date of signature (as written)", 40),
            column("ref", "Record", 14, only="xlsx"),
            column("signed_end", "Signed on (date)", 12, kind="date", only="xlsx"),
        ]
    if model is Agreement:
        return [
            NAME,
            WHO,
            DESCRIPTION,
            DATES,
            RESULTS,
            column("signature", "Signature date", 16),
            column("status", "Status", 14),
            *XLSX_EXTRA,
        ]
    if model is SectorInvolvement:
        return [column("sectors", "Sectors", 30), NAME, WHO, DESCRIPTION, DATES, RESULTS, *XLSX_EXTRA]
    return [NAME, WHO, DESCRIPTION, DATES, RESULTS, *XLSX_EXTRA]


def _cells(record, model, number, acronym):
    ref = record.external_ref or f"#{record.pk}"
    if model is Agreement and number != 6:
        return [
            record.name,
            responsible(record, acronym),
            record.description,
            _signature(record),
            record.get_status_display(),
            record.date_text,
            ref,
            record.signed_end,
        ]
    common = [record.name, responsible(record, acronym), record.description]
    if model is Agreement:
        return [
            *common,
            record.dates_location or record.location,
            record.expectations_results,
            _signature(record),
            record.get_status_display(),
            ref,
            record.signed_start,
            record.signed_end,
        ]
    dated = [date_cell(record), record.expectations_results, ref, record.date_start, record.date_end]
    if model is SectorInvolvement:
        return [", ".join(s.name for s in record.sectors.all()), *common, *dated]
    return [*common, *dated]


def table_records(project, period, specs):
    """The records the D3.2 record tables of one record kind list for `period`, in the tables' order (not
    yet fetched): one query for all of them, each record's table told by its `filters` (the table's
    `kind` or `category`, read back from the record by `_in_table`)."""
    model = specs[0][2]
    either = Q()
    for _, _, _, filters, _ in specs:
        either |= Q(**filters)
    return model.objects.filter(project=project).filter(either).known_by(period).order_by("position", "id")


def _in_table(record, spec) -> bool:
    return all(getattr(record, name) == value for name, value in spec[3].items())


def _record_tables(project, period, targets) -> list[dict]:
    """Tables 2-11: one query per record kind for their rows (and one for their partners, one for sectors)."""
    by_model: dict = {}
    for spec in SECTIONS:
        by_model.setdefault(spec[2], []).append(spec)
    rows: dict = {}
    for model, specs in by_model.items():
        queryset = table_records(project, period, specs).prefetch_related("responsible")
        if model is SectorInvolvement:
            queryset = queryset.prefetch_related("sectors")
        records = list(queryset)
        for spec in specs:
            rows[spec[0]] = [r for r in records if _in_table(r, spec)]
    return [_record_table(project, spec, rows[spec[0]], targets) for spec in SECTIONS]


def _record_table(project, spec, records, targets):
    number, title, model, filters, rule = spec
    target = targets.get(rule)
    return {
        "key": f"t{number}",
        "number": number,
        "title": f"Table {number}. {title}",
        "sheet": f"T{number} {title}",
        "heading": title,
        "total_text": (target["target_text"] if target else ""),
        # D3.2 heads the first column with the table's subject and its target ("... 12 in total").
        "columns": [NAME | {"label": title}, *_columns(model, number)[1:]]
        if model is not SectorInvolvement
        else _columns(model, number),
        "landscape": True,
        "rows": [
            {
                "cells": _cells(r, model, number, project.acronym),
                "id": r.pk,
                "model": model._meta.label_lower,
                "version": r.version,
                "name": r.name,
            }
            for r in records
        ],
    }


def _targets_by_rule(indicators) -> dict:
    """The target text heading each record table, from the counted indicators the engine read."""
    rules = {}
    for indicator in indicators:
        if indicator.mode != "counted":
            continue
        # "12 in total", as D3.2 heads its tables; a target text that is only the number reads the same way.
        text = indicator.target_text
        if indicator.target and text.strip() in ("", str(indicator.target)):
            text = f"{indicator.target} in total"
        rules.setdefault(indicator.rule, {"target_text": text})
    return rules


def _table0(wp3: dict) -> dict:
    rows = [
        {
            "cells": [i, ind["title"], ind["description"], ind["target"], ind["achieved"]],
            "code": ind["code"],
            "records": ind["records"],
        }
        for i, ind in enumerate(wp3["indicators"], start=1)
    ]
    return {
        "key": "t0",
        "number": 0,
        "title": "Table 0. Performance indicators for work package 3",
        "sheet": "T0 Performance indicators",
        "heading": "Title",
        "total_text": "",
        "landscape": False,
        "columns": [
            column("n", "#", 4, kind="int"),
            column("title", "Title", 46),
            column("description", "Description", 54),
            column("target", "Total (target)", 14, kind="int"),
            column("achieved", "Achieved", 14, kind="int"),
        ],
        "rows": rows,
    }


def _table12(project) -> dict:
    rows, last_month = [], None
    for item in PlanItem.objects.filter(project=project).order_by("position"):
        label = month_label(project, item.month)
        rows.append(
            {"cells": [label, item.activity, item.status], "first_in_group": item.month != last_month}
        )
        last_month = item.month
    return {
        "key": "t12",
        "number": 12,
        "title": "Table 12. Cross-fertilisation planning",
        "sheet": "T12 Timeline",
        "heading": "Deadline",
        "total_text": "",
        "landscape": False,
        "grouped_first_column": True,
        "columns": [
            column("month", "Deadline", 16),
            column("activity", "Activity", 70),
            column("status", "Status", 22),
        ],
        "rows": rows,
    }


def build_d32(project: Project, period: ReportingPeriod) -> dict:
    """Everything D3.2 shows for `period`, every query done."""
    periods = project.reporting_periods()
    period = periods[periods.index(period)]  # the same period, knowing whether it is the last: no query
    indicators = indicator_rows(project, period, periods)
    wp3 = indicators["sets"].get("WP3", {"title": "", "indicators": []})
    targets = _targets_by_rule(indicators["indicator_objects"])
    tables = [_table0(wp3), *_record_tables(project, period, targets)]
    tables.append(_table12(project))
    return {
        "kind": "d32",
        "report_title": "D3.2 Cross-fertilisation results",
        "meta": meta(project, period, data_as_of(project, RECORD_MODELS)),
        "engine": indicators["engine"],
        "indicators": wp3["indicators"],
        "chart_svg": overview_chart(
            wp3["indicators"], indicators["elapsed"], wp3.get("title", ""), "d32-wp3"
        ),
        "tables": tables,
        "notes": [
            f"Numbers are cumulative from the project start to the end of period {period.number} "
            f"({format_date(period.end_date)}) and are counted from the records by the KPI engine.",
            "Rows list what was known by the end of the period: records dated up to its end; records "
            "without a date only in the report of the period being reported now, marked \u201cundated\u201d.",
            "Agreements are placed by their signature date; agreements not (yet) signed appear only in the "
            "report of the period being reported now, with their status.",
        ],
    }
