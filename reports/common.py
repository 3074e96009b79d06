"""What both reports share: the data-as-of time, the cover and the shape of a table.

Which records a report of a period lists is the record QuerySets' rule (`Model.objects.known_by(period)`,
`Agreement.objects.signed(by=period)`), the same the KPI engine counts with.

A report context (`ctx`) is plain data: dicts, lists, str, int, date, datetime, None. Every query is done
by the builder; renderers only lay it out. A table is
`{"key", "title", "heading", "columns": [...], "rows": [{"cells": [...], "id", "model", "ref"}], ...}`
so that one renderer per format draws every table of both reports.
"""

from django.db.models import Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from consortium.models import Deliverable, Milestone, Partner, Project, ReportingPeriod

UNDATED = gettext_lazy("undated")
# Where a report's texts point their images (narrative texts): under the renderers' unresolvable base URL;
# the PDF's fetcher serves them from the report's context, the HTML inlines them, the DOCX embeds them.
REPORT_BASE_URL = "https://report.invalid/"
REPORT_IMAGES = f"{REPORT_BASE_URL}images/"


def responsible(record, acronym: str) -> str:
    """The Responsible cell as the tables write it: as recorded, else the partners, else the consortium."""
    if record.responsible_text:
        return record.responsible_text
    names = ", ".join(p.short_name for p in record.responsible.all())
    return names or (acronym if record.consortium_led else "")


def date_cell(record, undated_label: bool = True) -> str:
    """Dates & Location as written; a record without a date says so (it counts only in the last period)."""
    text = record.dates_location or ", ".join(filter(None, [str(record.date or ""), record.location]))
    if record.date is None and undated_label:
        return _("%(dates)s (undated)") % {"dates": text} if text else _("Undated")
    return text


def data_as_of(project: Project, record_models):
    """The time of the last change to anything the report shows (records, indicators, plan, frame).

    Taken from the history tables, so a deletion moves it too; two exports of unchanged data therefore
    carry the same time and are identical. One query: the latest change of each history table is a
    subquery of it (about a dozen, each reading one row from the end of the table's date index).
    """
    from kpis.models import Indicator, IndicatorTarget, PlanItem, ReportedValue

    indicator_ids = Indicator.objects.filter(indicator_set__project=project).values("id")
    sources = [m.history.filter(project_id=project.pk) for m in record_models]
    sources += [m.history.filter(project_id=project.pk) for m in (Milestone, Deliverable, PlanItem, Partner)]
    sources += [
        Project.history.filter(id=project.pk),
        ReportingPeriod.history.filter(project_id=project.pk),
        Indicator.history.filter(id__in=indicator_ids),
        IndicatorTarget.history.filter(indicator_id__in=indicator_ids),
        ReportedValue.history.filter(indicator_id__in=indicator_ids),
    ]
    latest = {
        f"last{n}": Subquery(qs.order_by("-history_date").values("history_date")[:1])
        for n, qs in enumerate(sources)
    }
    times = Project.objects.filter(pk=project.pk).annotate(**latest).values_list(*latest).get()
    times = [t for t in times if t is not None]
    return max(times) if times else None


def plain(value):
    """The context with every lazy translation made text (in the active language): a context is plain data,
    stored with a frozen report (codec). Copies dicts and lists, so the builders' module-level columns keep
    their lazy labels."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(plain(item) for item in value)
    return value


def ordinal(n: int) -> str:
    """ "1st", "2nd", "11th": the progress report's number as the cover writes it."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    # Translators: ordinal numbers by their English suffix; a language with one form writes all four alike.
    texts = {
        "st": pgettext("ordinal ending in 1", "%(n)sst"),
        "nd": pgettext("ordinal ending in 2", "%(n)snd"),
        "rd": pgettext("ordinal ending in 3", "%(n)srd"),
        "th": pgettext("other ordinals", "%(n)sth"),
    }
    return texts[suffix] % {"n": n}


def month_label(project: Project, month: int) -> str:
    """'M6 - Feb 2021', as D3.2 Table 12 writes a deadline."""
    day = project.month_start(month)
    # Translators: a deadline of the plan: its project month, then the month and year ("M6 - Feb 2021").
    return _("M%(month)s - %(date)s") % {"month": month, "date": date_format(day, "M Y")}


def meta(project: Project, period: ReportingPeriod, as_of) -> dict:
    """The cover: who, which period, and as of when."""
    return {
        "acronym": project.acronym,
        "title": project.title,
        "grant_number": project.grant_number,
        "programme": project.programme,
        "call_identifier": project.call_identifier,
        "call_title": project.call_title,
        "period_number": period.number,
        "period_start": period.start_date,
        "period_end": period.end_date,
        "period_months": f"M{project.month_of(period.start_date)}-M{project.month_of(period.end_date)}",
        "is_current_period": period.is_last,
        "data_as_of": timezone.localtime(as_of) if as_of else None,
    }


def column(key: str, label: str, width: int = 20, kind: str = "text", only: str = "") -> dict:
    """A table column; `width` in Excel characters; `only="xlsx"`: not in the printed layouts.

    `kind`: "text", "int", "date", or "number_text" (text as the source writes it; the XLSX writes a
    whole number as a number)."""
    return {"key": key, "label": label, "width": width, "kind": kind, "only": only}


def table(key, title, sheet, heading, columns, rows, *, empty_text, notes=(), **layout) -> dict:
    """One table of a report, as the module docstring shapes it; `layout` adds what only some tables have
    (landscape, header_groups, grouped_first_column, total)."""
    return {
        "key": key,
        "title": title,
        "sheet": sheet,
        "heading": heading,
        "columns": columns,
        "rows": rows,
        "notes": list(notes),
        "empty_text": empty_text,
        **layout,
    }


# A section's items besides its tables: the places of the indicator chart and of II.6 c)'s lists.
CHART = {"kind": "chart"}
OTHER_CASES = {"kind": "other_cases"}


def section(key: str, heading: str, items: list) -> dict:
    """A headed part of a report: its tables (dicts with "columns") and the CHART / OTHER_CASES blocks, in
    the order every printed format shows them. One list of sections per report, so the PDF/HTML and the
    DOCX cannot put its parts in different orders."""
    return {
        "key": key,
        "heading": heading,
        "items": [
            item if item in (CHART, OTHER_CASES) else {"kind": "table", "table": item} for item in items
        ],
    }


def section_tables(sections: list[dict]) -> list[dict]:
    """The tables of `sections`, in order (the XLSX's sheets)."""
    return [item["table"] for s in sections for item in s["items"] if item["kind"] == "table"]


# How many counted records an indicator's comment names on paper (PDF, DOCX): an indicator can count
# hundreds, and the whole list would make one table row longer than a page. The XLSX names them all.
PRINTED_NAMES = 15


def counted_text(names: list[str], limit: int | None = None) -> str:
    """'Counted: a; b; c', at most `limit` names, then how many more and where they are all listed."""
    if limit is None or len(names) <= limit:
        return _("Counted: %(names)s") % {"names": "; ".join(names)}
    more = len(names) - limit
    return ngettext(
        "Counted: %(names)s; and %(n)s more (see the XLSX export or the indicator's drill-down)",
        "Counted: %(names)s; and %(n)s more (see the XLSX export or the indicator's drill-down)",
        more,
    ) % {"names": "; ".join(names[:limit]), "n": more}


def printed_values(row: dict) -> list:
    """A row's cells as the printed layouts (HTML, PDF, DOCX) show them: `printed_cells` where the builder
    shortened some (a long list of counted records), else the cells themselves."""
    return row.get("printed_cells") or row["cells"]
