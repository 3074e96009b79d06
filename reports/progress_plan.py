"""The progress report's Table 1 (milestones) and Table 2 (deliverables), as they stand on the report date.

The template calls both tables "cumulative ... up to date": a row shows what was achieved or delivered on or
before the report date, and the due-date changes decided by then. The due cell is the work plan's own
writing where the coordinator kept it (`due_text`: "M 6 /M8 30.04.2021"), else it is made from the planned
month and its revisions as the template writes them: "M6 (M8)". The comment is the row's comment followed by
the reasons of its revisions (a reason the comment already says is not repeated).
"""

from datetime import date

from django.utils.translation import gettext as _

from consortium.models import Deliverable, Milestone
from reports.common import column, table


def _revisions(item, report_date: date) -> list:
    """The item's due-date changes decided on or before the report date (undated ones always), in order."""
    return [c for c in item.revisions() if c.decided_on is None or c.decided_on <= report_date]


def _due(item, report_date: date) -> str:
    """A milestone's or deliverable's due date as the work plan writes it, else its months: "M6 (M8)"."""
    if item.due_text:
        return item.due_text
    if not item.due_month:
        return ""
    moved = "".join(f" (M{c.to_month})" for c in _revisions(item, report_date))
    return f"M{item.due_month}{moved}"


def _comment(item, report_date: date) -> str:
    """The row's comment, then the reasons of its revisions that the comment does not already say."""
    parts = [item.comments] if item.comments else []
    for change in _revisions(item, report_date):
        if change.reason and not any(change.reason in part for part in parts):
            parts.append(change.reason)
    return "\n".join(parts)


def _when_done(day, report_date: date) -> list:
    """The template's "Yes/No" and "actual date" cells of a milestone or deliverable: done on or before
    the report date (the tables are "cumulative ... up to date"), with its date."""
    done = day is not None and day <= report_date
    return [_("Yes") if done else _("No"), day if done else None]


def _milestones(project, period, report_date: date) -> dict:
    last_month = project.month_of(period.end_date)
    rows = []
    for m in (
        Milestone.objects.filter(project=project).prefetch_related("due_date_changes").order_by("number")
    ):
        achieved_on = m.achieved_on if m.achieved else None
        done = achieved_on is not None and achieved_on <= report_date
        # Due by the period's end as first planned (an extension moves it, the template keeps it: M6 (M 8)).
        if (m.due_month or 0) > last_month and not done:
            continue
        cells = [m.title, _due(m, report_date), *_when_done(achieved_on, report_date)]
        rows.append({"cells": [*cells, _comment(m, report_date)]})
    return table(
        "milestones",
        _("Table 1. Milestones"),
        _("Table 1 Milestones"),
        _("Milestones to be achieved"),
        [
            column("title", _("Milestones to be achieved"), 36),
            column("due", _("Expected due achievement date"), 16),
            column("achieved", _("Achieved Yes/No"), 13),
            column("date", _("Actual date achieved"), 14, kind="date"),
            column("comments", _("Comments (e.g. why not achieved or why achieved with delay)"), 50),
        ],
        rows,
        empty_text=_("No milestone due yet."),
    )


def _deliverables(project, report_date: date) -> dict:
    rows = []
    for d in (
        Deliverable.objects.filter(project=project)
        .select_related("work_package", "lead")
        .prefetch_related("due_date_changes")
        .order_by("work_package__number", "code")
    ):
        lead = d.lead.beneficiary if d.lead else ""
        number = d.work_package.number if d.work_package else None
        cells = [
            d.code,
            d.title,
            number,
            lead,
            d.type,
            d.dissemination,
            _due(d, report_date),
            *_when_done(d.submitted_on, report_date),
        ]
        rows.append({"cells": [*cells, _comment(d, report_date)]})
    return table(
        "deliverables",
        _("Table 2. Deliverables"),
        _("Table 2 Deliverables"),
        _("Del. no."),
        [
            column("code", _("Del. no."), 8),
            column("title", _("Deliverable name"), 36),
            column("wp", _("WP no."), 6, kind="int"),
            column("lead", _("Lead Beneficiary"), 12),
            column("type", _("Type"), 10),
            column("dissemination", _("Dissemination level"), 12),
            column("due", _("Expected due delivery date"), 14),
            column("delivered", _("Delivered Yes/No"), 12),
            column("date", _("Actual date delivered"), 12, kind="date"),
            column("comments", _("Comments"), 40),
        ],
        rows,
        empty_text=_("No deliverables defined."),
        landscape=True,
    )
