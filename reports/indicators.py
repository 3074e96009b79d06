"""The one place the reports get indicator numbers from: the KPI engine (kpis.engine), never a count of ours.

`indicator_rows(project, period)` returns, per indicator set code, the engine's rows (the shape of
`manage.py kpis --json`: code, title, target, achieved, per_partner, records...) with the target as the
source writes it and the records behind each number named, so a report can say what was counted.
"""

from consortium.models import Project, ReportingPeriod
from kpis import charts as kpi_charts
from kpis.engine import as_json, build_dashboard


def _named_records(rows: list[dict], results: dict) -> None:
    """Replace each row's record ids by {model, id, name}; the engine read the names with the ids."""
    for row in rows:
        rule = results[row["code"]].rule
        undated = set(row["undated"])
        row["records"] = (
            [
                {
                    "model": rule.model._meta.label_lower,
                    "id": pk,
                    "name": results[row["code"]].record_names.get(pk, ""),
                    "undated": pk in undated,
                }
                for pk in row["records"]
            ]
            if rule
            else []
        )


def indicator_rows(project: Project, period: ReportingPeriod, periods: list | None = None) -> dict:
    """{"sets": {set_code: {"code", "title", "source", "indicators": [row, ...]}}, "sections": the same
    set dicts by the report section they feed (IndicatorSet.report_section), "elapsed": share of months,
    "indicator_objects": every Indicator}."""
    periods = project.reporting_periods() if periods is None else periods
    dashboard = build_dashboard(project, period, periods=periods, with_ids=True)
    rows = as_json(dashboard)
    _named_records(rows, {result.code: result for result in dashboard.results})
    by_code = {row["code"]: row for row in rows}
    sets, sections = {}, {}
    for indicator_set, results in dashboard.sets:
        indicators = []
        for result in results:
            row = by_code[result.code]
            target = result.indicator.target
            row |= {
                "description": result.indicator.description,
                "target_text": result.indicator.target_text or ("" if target is None else str(target)),
                "comment": row["comment"] or "",
            }
            indicators.append(row)
        sets[indicator_set.code] = {
            "code": indicator_set.code,
            "title": indicator_set.title,
            "source": indicator_set.source,
            "indicators": indicators,
        }
        if indicator_set.report_section:
            sections[indicator_set.report_section] = sets[indicator_set.code]
    # The Indicator objects in set order, for the D3.2 tables' headings (no second query).
    return {
        "engine": True,
        "sets": sets,
        "sections": sections,
        "elapsed": dashboard.elapsed,
        "indicator_objects": [result.indicator for result in dashboard.results],
    }


def overview_chart(indicators: list[dict], elapsed: float, title: str, label_id: str) -> str:
    """The dashboard's own overview chart (kpis.charts), as SVG text for the HTML and PDF renderers."""
    if not indicators:
        return ""
    rows = [(i["code"], i["achieved"], i["target"], i["status"] or "") for i in indicators]
    return str(kpi_charts.hbars(rows, title=title, label_id=label_id, elapsed=elapsed))
