"""A person's calendar feed (issue 17): the deadlines of the projects they are a member of, as an iCalendar
file that Outlook, Google Calendar, Thunderbird or Apple Calendar subscribe to.

What it holds: every deliverable and milestone on the last day of the month it is due now (a moved due
date is the moved one: Planned.due_date), the end of every reporting period, and the events the person's
partner is responsible for that are dated to the day. A viewer works for no partner, so gets no events; a
coordinator gets their own partner's events, not every partner's. Someone who left a project (no
membership) gets none of its dates.

Every entry is an all-day event with a stable UID ("deliverable-12@host"), so a calendar updates an entry
when its date moves instead of adding a second one. Built in seven queries whatever the number of rows.
The words are the server's language: a calendar program sends no session to choose another.
"""

from datetime import date, timedelta
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from consortium.dates import format_date
from consortium.models import Deliverable, Membership, Milestone, ReportingPeriod
from consortium.vague_dates import Precision
from events.models import Event

PRODID = "-//Consortium KPI tracker//Calendar feed//EN"
# How often calendar programs that read the hint (Outlook, Apple) fetch the feed again. Google Calendar
# ignores it and comes every few hours whatever the feed says.
REFRESH = timedelta(hours=1)


def feed_bytes(user, *, site: str) -> bytes:
    """The feed of `user` as the bytes of an .ics file; `site` is "https://host" for links and UIDs."""
    return build_feed(user, site=site).to_ical()


def build_feed(user, *, site: str) -> Calendar:
    """The calendar of `user`'s deadlines; `site` ("https://host") makes the links absolute and the UIDs."""
    site = site.rstrip("/")
    host = urlsplit(site).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Project deadlines"))
    calendar.add("x-published-ttl", "PT1H")  # an unknown property: written as text, so in its own form
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    stamp = timezone.now()
    for entry in entries(user):
        calendar.add_component(_vevent(entry, site=site, host=host, stamp=stamp))
    return calendar


def entries(user) -> list[dict]:
    """The feed's entries as plain dicts (uid, day, last day, summary, description, path, category)."""
    memberships = list(Membership.objects.filter(user=user).select_related("project", "partner"))
    projects = {m.project_id: m.project for m in memberships}
    partners = [m.partner_id for m in memberships if m.partner_id]
    found = []
    deliverables = (
        Deliverable.objects.filter(project__in=list(projects))
        .prefetch_related("due_date_changes")
        .order_by("project_id", "code")
    )
    for deliverable in deliverables:
        deliverable.project = projects[deliverable.project_id]
        if entry := _deliverable(deliverable):
            found.append(entry)
    milestones = (
        Milestone.objects.filter(project__in=list(projects))
        .prefetch_related("due_date_changes")
        .order_by("project_id", "number")
    )
    for milestone in milestones:
        milestone.project = projects[milestone.project_id]
        if entry := _milestone(milestone):
            found.append(entry)
    for period in ReportingPeriod.objects.filter(project__in=list(projects)).order_by("project_id", "number"):
        found.append(_period_end(period, projects[period.project_id]))
    # Events dated to the day only: one known "sometime in November" would fill a whole month of the
    # calendar with a bar that says nothing about the day.
    events = (
        Event.objects.filter(Event.objects.owned_by(partners), date_precision=Precision.DAY)
        .filter(project__in=list(projects))
        .with_category_name()
        .order_by("date_start", "pk")
    )
    for event in events:
        found.append(_event(event, projects[event.project_id]))
    return found


def _tag(project) -> str:
    return f"[{project.acronym}]"


def _deliverable(deliverable) -> dict | None:
    due = deliverable.due_date
    if due is None:
        return None
    project = deliverable.project
    words = {"project": _tag(project), "code": deliverable.code, "title": deliverable.title}
    if deliverable.submitted_on:
        summary = _("%(project)s %(code)s due: %(title)s (submitted)") % words
        state = _("Submitted on %(day)s.") % {"day": format_date(deliverable.submitted_on)}
    else:
        summary = _("%(project)s %(code)s due: %(title)s") % words
        state = _("Not submitted yet.")
    return {
        "uid": f"deliverable-{deliverable.pk}",
        "day": due,
        "summary": summary,
        "lines": [
            _("Deliverable %(code)s of %(project)s, due at the end of project month M%(month)s.")
            % {"code": deliverable.code, "project": project.acronym, "month": deliverable.current_due_month},
            *_moved(deliverable),
            state,
        ],
        "path": reverse("kpis:deliverables", args=[project.acronym]) + "#deliverables",
        "category": _("Deliverable"),
    }


def _milestone(milestone) -> dict | None:
    due = milestone.due_date
    if due is None:
        return None
    project = milestone.project
    words = {"project": _tag(project), "number": milestone.number, "title": milestone.title}
    if milestone.achieved:
        summary = _("%(project)s MS%(number)s due: %(title)s (achieved)") % words
        state = (
            _("Achieved on %(day)s.") % {"day": format_date(milestone.achieved_on)}
            if milestone.achieved_on
            else _("Achieved.")
        )
    else:
        summary = _("%(project)s MS%(number)s due: %(title)s") % words
        state = _("Not achieved yet.")
    return {
        "uid": f"milestone-{milestone.pk}",
        "day": due,
        "summary": summary,
        "lines": [
            _("Milestone %(number)s of %(project)s, due at the end of project month M%(month)s.")
            % {"number": milestone.number, "project": project.acronym, "month": milestone.current_due_month},
            *_moved(milestone),
            state,
        ],
        "path": reverse("kpis:deliverables", args=[project.acronym]) + "#milestones",
        "category": _("Milestone"),
    }


def _moved(item) -> list[str]:
    """ "Moved from M10." when an extension moved its due month (nothing when it did not)."""
    if item.due_month and item.current_due_month != item.due_month:
        return [_("Moved from M%(month)s.") % {"month": item.due_month}]
    return []


def _period_end(period, project) -> dict:
    words = {"project": _tag(project), "number": period.number}
    return {
        "uid": f"period-{period.pk}",
        "day": period.end_date,
        "summary": _("%(project)s Reporting period %(number)s ends") % words,
        "lines": [
            _("Reporting period %(number)s of %(project)s runs from %(start)s to %(end)s.")
            % {
                "number": period.number,
                "project": project.acronym,
                "start": format_date(period.start_date),
                "end": format_date(period.end_date),
            }
        ],
        "path": reverse("narrative:texts", args=[project.acronym, period.number]),
        "category": _("Reporting period"),
    }


def _event(event, project) -> dict:
    lines = [event.category_name]
    if event.location:
        lines.append(event.location)
    return {
        "uid": f"event-{event.pk}",
        "day": event.date_start,
        "last_day": event.date_end,
        "summary": f"{_tag(project)} {event.name}",
        "lines": lines,
        "path": event.get_absolute_url(),
        "category": _("Event"),
        "location": event.location,
    }


def _vevent(entry: dict, *, site: str, host: str, stamp) -> VEvent:
    day: date = entry["day"]
    link = site + entry["path"]
    vevent = VEvent()
    vevent.add("uid", f"{entry['uid']}@{host}")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", day)
    # All-day: the end is the day after the last one (RFC 5545 3.6.1).
    vevent.add("dtend", entry.get("last_day", day) + timedelta(days=1))
    vevent.add("summary", entry["summary"])
    vevent.add("description", "\n".join([*entry["lines"], link]))
    vevent.add("url", link)
    vevent.add("categories", [entry["category"]])
    if entry.get("location"):
        vevent.add("location", entry["location"])
    vevent.add("transp", "TRANSPARENT")  # a deadline does not make the person busy that day
    return vevent
