"""Builder of D3.2 *Cross-fertilisation results*: Table 0 (indicators) and Tables 2-12, as plain data.

Rows of a period N are the records known by the end of N (`Model.objects.known_by(N)`, the rule the KPI
engine counts with): dated up to the period's end, plus, only in the period being reported now, the
undated ones (marked "undated"); agreements are placed by their signature date, so an agreement not
(yet) signed, having none, appears only in the report of the current period.
Numbers come from the KPI engine (reports.indicators); the builder never counts.
"""

from datetime import date

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement, Engagement, SectorInvolvement
from consortium.dates import format_date
from consortium.models import Project, ReportingPeriod
from consortium.vague_dates import Precision, VagueDateError, parse_vague_date
from events.models import Event, EventCategory
from kpis.models import IndicatorSet, PlanItem
from reports.common import (
    UNDATED,
    column,
    data_as_of,
    date_cell,
    meta,
    month_label,
    plain,
    responsible,
)
from reports.indicators import indicator_rows, overview_chart

RECORD_MODELS = (Engagement, Agreement, Event, SectorInvolvement)

# (table number, caption, model, filter, the counting rule whose target heads the table). D3.2's captions
# ("Table 3. Clusters Cooperation Agreements") and its tables' own first header cell, which numbers the
# tables from 1 and words some differently ("2. Clusters Cooperation Agreements (from our countries)"),
CATEGORY = Event.Category  # the template: the keys every project starts with
# are both the deliverable's text: HEADINGS keeps the second, SUBSECTIONS the chapters above the tables.
SECTIONS = [
    (
        2,
        gettext_lazy("Clusters and Business Networks from participating countries"),
        Engagement,
        {},
        "organisations_engaged",
    ),
    (
        3,
        gettext_lazy("Clusters Cooperation Agreements"),
        Agreement,
        {"kind": "cluster_cluster"},
        "cooperation_agreements_cluster_cluster",
    ),
    (
        4,
        gettext_lazy("Clusters/Consortiums & Intermediary Organizations Cooperation Agreements"),
        Agreement,
        {"kind": "cluster_intermediary"},
        "cooperation_agreements_cluster_intermediary",
    ),
    (
        5,
        gettext_lazy("SMEs Cooperation Agreements"),
        Agreement,
        {"kind": "sme_sme"},
        "cooperation_agreements_sme_sme",
    ),
    (6, gettext_lazy("SMEs Business Agreements"), Agreement, {"kind": "business"}, "business_agreements"),
    # The event tables are selected by the template's category keys (Event.Category); a project that renamed
    # one of them sees its own name in the caption and heading (_renamed).
    (
        7,
        gettext_lazy("National workshops with SMEs"),
        Event,
        {"category": CATEGORY.NATIONAL_WORKSHOP},
        "national_workshops",
    ),
    (
        8,
        gettext_lazy("International meetings"),
        Event,
        {"category": CATEGORY.INTERNATIONAL_MEETING},
        "international_meetings",
    ),
    (
        9,
        gettext_lazy("Other International events"),
        Event,
        {"category": CATEGORY.INTERNATIONAL_EVENT},
        "international_events",
    ),
    (
        10,
        gettext_lazy("Cluster & business matchmaking meetings supported"),
        Event,
        {"category": CATEGORY.MATCHMAKING},
        "matchmaking_meetings",
    ),
    (
        11,
        gettext_lazy("Other sectors involved beyond mobility"),
        SectorInvolvement,
        {},
        "sectors_beyond_mobility",
    ),
]
HEADINGS = {
    2: gettext_lazy("1. Clusters and Business Networks from participating countries"),
    3: gettext_lazy("2. Clusters Cooperation Agreements (from our countries)"),
    4: gettext_lazy("3. Other Clusters or Consortiums & Intermediary Organizations Cooperation Agreements"),
    5: gettext_lazy("4. SMEs Cooperation Agreements"),
    6: gettext_lazy("5. SMEs Business Agreements"),
    7: gettext_lazy("6. National workshops with SMEs"),
    8: gettext_lazy("7. International meetings"),
    9: gettext_lazy("8. Other International events"),
    10: gettext_lazy("9. Cluster & business matchmaking meetings supported"),
    11: gettext_lazy("10. Other sectors involved beyond mobility"),
}
SUBSECTIONS = {
    2: gettext_lazy("4.1 Cluster Organisations and Business Networks"),
    3: gettext_lazy("4.2 Cooperation Agreements"),
    6: gettext_lazy("4.3 Business Agreements"),
    7: gettext_lazy("4.4 Events"),
    10: gettext_lazy("4.5 Matchmaking Meetings"),
    11: gettext_lazy("4.6 Beyond Mobility Sectors"),
}
# The column of Tables 3-5 that D3.2 fills with the signature as written ("Not defined signature day NOT
# SIGNED"): its heading differs between the tables.
AS_WRITTEN = {
    3: gettext_lazy("Expected date of signature"),
    4: gettext_lazy("Expected date of signature"),
    5: gettext_lazy("Date of agreement"),
}

# Headings as the deliverable D3.2 words its columns, not the workspace's labels (RecordKind.fields): the
# report reproduces the deliverable's tables.
NAME, WHO = column("name", gettext_lazy("Name"), 34), column("responsible", gettext_lazy("Responsible"), 14)
DESCRIPTION = column("description", gettext_lazy("Description"), 50)
DATES = column("dates", gettext_lazy("Dates & Location"), 28)
RESULTS = column("results", gettext_lazy("Expectations & Results"), 60)
# Added to the deliverable's columns: the signature date as the app reads it and the agreement's status.
SIGNATURE, STATUS = (
    column("signature", gettext_lazy("Signature date"), 16),
    column("status", gettext_lazy("Status"), 14),
)
# Only in the spreadsheet: the record behind the row and its date, as written (a year stays "2021") and
# as a real date for sorting where the record's date is a day (else empty: "2021" is no day to sort by).
XLSX_EXTRA = [
    column("ref", gettext_lazy("Record"), 14, only="xlsx"),
    column("date_written", gettext_lazy("Date (as written)"), 16, only="xlsx"),
    column("date_sortable", gettext_lazy("Date (sortable)"), 12, kind="date", only="xlsx"),
]


def sortable(vague) -> date | None:
    """A vague date's first day when it is known to the day; a month or a year sorts nowhere."""
    return vague.start if vague and vague.precision == Precision.DAY else None


def date_in_text(text: str):
    """The first date written in a free text ("08.09.2022 Agreed procedure...", "Dubai January 2022"), as a
    VagueDate, or None: the longest run of up to five words from the left that is a date."""
    words = [word.strip(",;()") for word in (text or "").split()]
    for first in range(len(words)):
        for last in range(min(len(words), first + 5), first, -1):
            try:
                found = parse_vague_date(" ".join(words[first:last]))
            except VagueDateError:
                continue
            if found:
                return found
    return None


def _agreement_date(agreement):
    """An agreement's date: its signature's, else (Table 6: a meeting, not a signature) the date its Dates &
    Location cell writes."""
    return agreement.signed_date or date_in_text(agreement.dates_location or agreement.date_text)


def _signature(agreement) -> str:
    if agreement.status == Agreement.Status.SIGNED:
        return str(agreement.signed_date) if agreement.signed_date else UNDATED
    return _("expected %(date)s") % {"date": agreement.expected_date} if agreement.expected_date else ""


def _columns(model, number):
    if model is Agreement and number != 6:
        written = column("as_written", AS_WRITTEN[number], 40)
        return [NAME, WHO, DESCRIPTION, written, SIGNATURE, STATUS, *XLSX_EXTRA]
    if model is Agreement:
        return [NAME, WHO, DESCRIPTION, DATES, RESULTS, SIGNATURE, STATUS, *XLSX_EXTRA]
    if model is SectorInvolvement:
        return [column("sectors", _("Sectors"), 30), NAME, WHO, DESCRIPTION, DATES, RESULTS, *XLSX_EXTRA]
    return [NAME, WHO, DESCRIPTION, DATES, RESULTS, *XLSX_EXTRA]


def _written(vague) -> str:
    return str(vague) if vague else ""


def _cells(record, model, number, acronym):
    ref = record.external_ref or f"#{record.pk}"
    if model is Agreement and number != 6:
        return [
            record.name,
            responsible(record, acronym),
            record.description,
            record.date_text,
            _signature(record),
            record.get_status_display(),
            ref,
            _written(record.signed_date),
            sortable(record.signed_date),
        ]
    common = [record.name, responsible(record, acronym), record.description]
    if model is Agreement:
        when = _agreement_date(record)
        return [
            *common,
            record.dates_location or record.location,
            record.expectations_results,
            _signature(record),
            record.get_status_display(),
            ref,
            _written(when),
            sortable(when),
        ]
    dated = [
        date_cell(record),
        record.expectations_results,
        ref,
        _written(record.date),
        sortable(record.date),
    ]
    if model is SectorInvolvement:
        return [", ".join(s.name for s in record.sectors.all()), *common, *dated]
    return [*common, *dated]


def table_records(project, period, specs):
    """The records the D3.2 record tables of one record kind list for `period`, in the tables' order (not
    yet fetched): one query for all of them, each record's table told by its `filters` (the table's
    `kind` or `category`, read back from the record by `_in_table`)."""
    model = specs[0][2]
    either = Q()
    for spec in specs:
        either |= Q(**spec[3])
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
    renamed = _renamed(project)
    return [_record_table(project, spec, rows[spec[0]], targets, renamed) for spec in SECTIONS]


def _renamed(project) -> dict[str, str]:
    """{template key: the project's name} for the event tables' categories the project named otherwise than
    the template (one query). Those the template names keep the deliverable's wording."""
    keys = [spec[3]["category"] for spec in SECTIONS if "category" in spec[3]]
    names = EventCategory.objects.filter(project=project, key__in=keys).values_list("key", "name")
    with translation.override("en"):
        default = {key: str(CATEGORY(key).label) for key in keys}
    return {key: name for key, name in names if name != default[key]}


def _record_table(project, spec, records, targets, renamed):
    number, title, model, filters, rule = spec
    target = targets.get(rule)
    heading = HEADINGS[number]
    if filters.get("category") in renamed:
        title = renamed[filters["category"]]
        heading = f"{heading.split('. ', 1)[0]}. {title}"
    return {
        "key": f"t{number}",
        "number": number,
        "title": _("Table %(number)s. %(title)s") % {"number": number, "title": title},
        "sheet": f"T{number} {title}",
        "heading": heading,
        "subsection": SUBSECTIONS.get(number, ""),
        "total_text": (target["target_text"] if target else ""),
        # D3.2 heads the first column with the table's number, subject and target ("1. Clusters ... 12 in
        # total"); Table 11's first column holds the sectors.
        "columns": [_columns(model, number)[0] | {"label": heading}, *_columns(model, number)[1:]],
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
            text = _("%(target)s in total") % {"target": indicator.target}
        rules.setdefault(indicator.rule.name, {"target_text": text})
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
        "title": _("Table 0. Performance indicators for work package 3"),
        # Translators: a spreadsheet's sheet name (at most 31 characters).
        "sheet": _("T0 Performance indicators"),
        "heading": _("Title"),
        "total_text": "",
        "landscape": False,
        "columns": [
            column("n", "#", 4, kind="int"),
            column("title", _("Title"), 46),
            column("description", _("Description"), 54),
            column("target", _("Total"), 14, kind="int"),
            column("achieved", _("Achieved"), 14, kind="int"),
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
        "title": _("Table 12. Cross-fertilisation planning"),
        # Translators: a spreadsheet's sheet name (at most 31 characters).
        "sheet": _("T12 Timeline"),
        "heading": _("Deadline"),
        "total_text": "",
        "landscape": False,
        "grouped_first_column": True,
        "columns": [
            column("month", _("Deadline"), 16),
            column("activity", _("Activity"), 70),
            column("status", _("Status"), 22),
        ],
        "rows": rows,
    }


def build_d32(project: Project, period: ReportingPeriod) -> dict:
    """Everything D3.2 shows for `period`, every query done."""
    periods = project.reporting_periods()
    period = periods[periods.index(period)]  # the same period, knowing whether it is the last: no query
    indicators = indicator_rows(project, period, periods)
    wp3 = indicators["sections"].get(
        IndicatorSet.ReportSection.D32_TABLE0, {"code": "", "title": "", "indicators": []}
    )
    targets = _targets_by_rule(indicators["indicator_objects"])
    tables = [_table0(wp3), *_record_tables(project, period, targets)]
    tables.append(_table12(project))
    ctx = {
        "kind": "d32",
        "report_title": _("D3.2 Cross-fertilisation results"),
        "meta": meta(project, period, data_as_of(project, RECORD_MODELS)),
        "engine": indicators["engine"],
        "indicators": wp3["indicators"],
        "table0_code": wp3["code"],  # the set's code in the section heading ("3. WP3 Performance Indicators")
        "chart_svg": overview_chart(
            wp3["indicators"], indicators["elapsed"], wp3.get("title", ""), "d32-wp3"
        ),
        "tables": tables,
        "notes": [
            _(
                "Numbers are cumulative from the project start to the end of period %(number)s (%(end)s) "
                "and are counted from the records by the KPI engine."
            )
            % {"number": period.number, "end": format_date(period.end_date)},
            _(
                "Rows list what was known by the end of the period: records dated up to its end; "
                "records without a date only in the report of the period being reported now, marked "
                "“undated”."
            ),
            _(
                "Agreements are placed by their signature date; agreements not (yet) signed appear only in "
                "the report of the period being reported now, with their status."
            ),
        ],
    }
    return plain(ctx)
