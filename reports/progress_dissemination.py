"""II.8's list of communication activities: the dissemination log's records (communication app) placed by
the end of the period, cumulative like the report's other tables, with the audience each reached."""

from communication.models import CommunicationActivity
from reports.common import column, date_cell, responsible, table


def _audience(activity) -> str:
    """ "256 (197 SMEs, 34 RTOs, 12 clusters and intermediaries, 13 policy makers)"; blank when not known."""
    total = activity.audience_total
    if total is None:
        return ""
    parts = [
        f"{value} {label}"
        for value, label in (
            (activity.audience_smes, "SMEs"),
            (activity.audience_rtos, "RTOs"),
            (activity.audience_clusters, "clusters and intermediaries"),
            (activity.audience_policy, "policy makers"),
            (activity.audience_other, "other"),
        )
        if value
    ]
    return f"{total} ({', '.join(parts)})" if len(parts) > 1 else str(total)


def dissemination_table(project, period) -> dict:
    activities = (
        CommunicationActivity.objects.filter(project=project)
        .known_by(period)
        .prefetch_related("responsible")
        .order_by("date_end", "position", "id")
    )
    rows = [
        {
            "cells": [
                date_cell(a),
                a.get_kind_display(),
                a.name,
                a.channel,
                responsible(a, project.acronym),
                a.link,
                _audience(a),
            ],
            "records": [{"model": a._meta.label_lower, "id": a.pk, "name": a.name}],
        }
        for a in activities
    ]
    return table(
        "dissemination",
        "Communication activities (dissemination log)",
        "II.8 Dissemination",
        "Date",
        [
            column("date", "Date", 14),
            column("kind", "Kind", 14),
            column("name", "Activity", 30),
            column("channel", "Channel", 14),
            column("responsible", "Partners", 12),
            column("link", "Link", 28),
            column("audience", "Audience reached", 22),
        ],
        rows,
        empty_text="No communication activity recorded.",
        landscape=True,
    )
