"""Who may see and change a project's indicators: every member sees, only the coordinator edits.

Asked through the lookup, never by hiding buttons (STYLE.md habit 4): a project the user is not a member
of is a 404; a member who is not its coordinator gets a 403 on every page that writes.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from consortium.access import is_coordinator
from consortium.models import Project


def project_for(user, acronym: str, projects=None) -> Project:
    """The project if the user is a member (any role), else 404; from `projects` (a Project QuerySet with
    annotations the page needs, e.g. kpis.first_steps.with_first_steps) if given."""
    return get_object_or_404(
        (Project.objects.all() if projects is None else projects).visible_to(user), acronym=acronym
    )


def project_for_coordinator(user, acronym: str) -> Project:
    """The project if the user coordinates it; 404 for non-members, 403 for other members."""
    project = project_for(user, acronym)
    if not is_coordinator(user, project):
        raise PermissionDenied(_("Only the coordinator changes indicators, targets and reported values."))
    return project


class PeriodError(ValueError):
    """The period asked for is not one of the project's; the message says which exist."""


def chosen_period(project, periods: list, number: str | None):
    """The period numbered `number` (default: the last one); PeriodError when there is no such period."""
    if not periods:
        return None
    if number in (None, ""):
        return periods[-1]
    for period in periods:
        if str(period.number) == str(number).strip():
            return period
    raise PeriodError(
        _(
            "period must be the number of a reporting period of %(acronym)s (%(first)s-%(last)s), "
            "not '%(number)s'"
        )
        % {
            "acronym": project.acronym,
            "first": periods[0].number,
            "last": periods[-1].number,
            "number": number,
        }
    )


def period_or_404(project, periods, number):
    try:
        return chosen_period(project, periods, number)
    except PeriodError as exc:
        raise Http404(str(exc)) from None
