"""II.8's list of communication activities: the dissemination log's records (communication app) placed by
the end of the period, cumulative like the report's other tables, with the audience each reached."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communication.models import CommunicationActivity
from reports.common import column, date_cell, responsible, table


def _audience(activity) -> str:
    """ "256 (197 SMEs, 34 RTOs, 12 clusters and intermediaries, 13 policy makers)"; blank when not known."""
    total = activity.audience_total
    if total is None:
        return ""
    # English writes the same words for one and for several ("1 SMEs", as the dissemination log does);
    # other languages may not.
    parts = [
        text % {"n": value}
        for value, text in (
            (activity.audience_smes, ngettext("%(n)s SMEs", "%(n)s SMEs", activity.audience_smes or 0)),
            (activity.audience_rtos, ngettext("%(n)s RTOs", "%(n)s RTOs", activity.audience_rtos or 0)),
            (
                activity.audience_clusters,
                ngettext(
                    "%(n)s clusters and intermediaries",
                    "%(n)s clusters and intermediaries",
                    activity.audience_clusters or 0,
                ),
            ),
            (
                activity.audience_policy,
                ngettext("%(n)s policy makers", "%(n)s policy makers", activity.audience_policy or 0),
            ),
            (activity.audience_other, ngettext("%(n)s other", "%(n)s other", activity.audience_other or 0)),
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
        _("Communication activities (dissemination log)"),
        _("II.8 Dissemination"),
        _("Date"),
        [
            column("date", _("Date"), 14),
            column("kind", _("Kind"), 14),
            column("name", _("Activity"), 30),
            column("channel", _("Channel"), 14),
            column("responsible", _("Partners"), 12),
            column("link", _("Link"), 28),
            column("audience", _("Audience reached"), 22),
        ],
        rows,
        empty_text=_("No communication activity recorded."),
        landscape=True,
    )
