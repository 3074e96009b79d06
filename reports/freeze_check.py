"""The before-freeze check on the freeze page (issue 16 item 7): narrative.checks lists what is missing;
with any item, the coordinator freezes only after ticking a box that names how many."""

from django import forms
from django.urls import reverse
from django.utils.translation import ngettext

from narrative.checks import before_freeze


def missing_items(project, period, kind: str) -> list[dict]:
    """The check's list for the progress report (other reports have no texts: nothing), each item with a
    link: its own page, else the section of the report's preview it belongs to."""
    if kind != "progress":
        return []
    preview = reverse("reports:preview", args=[project.acronym, kind, period.number])
    return [
        {**item, "url": item["url"] or (f"{preview}#part-{item['section']}" if item["section"] else preview)}
        for item in before_freeze(project, period)
    ]


def confirm_missing_field(count: int) -> forms.BooleanField:
    """The second box: "Freeze with 7 items missing"; not ticked, nothing is frozen and the page says why."""
    names = {"count": count}
    label = ngettext("Freeze with %(count)d item missing", "Freeze with %(count)d items missing", count)
    why = ngettext(
        "%(count)d item is missing: tick “Freeze with %(count)d item missing” to freeze anyway; "
        "nothing was frozen.",
        "%(count)d items are missing: tick “Freeze with %(count)d items missing” to freeze anyway; "
        "nothing was frozen.",
        count,
    )
    return forms.BooleanField(required=True, label=label % names, error_messages={"required": why % names})
