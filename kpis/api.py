"""GET /api/projects/<acronym>/kpis/?period=N: the indicators as JSON, the same as `manage.py kpis --json`.

Logged-in members only: anonymous gets 401, a project the user is not a member of 404, an unknown
period 400, each with a JSON body saying why.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kpis.access import PeriodError, chosen_period, project_for
from kpis.engine import as_json, build_dashboard


def kpis_payload(project, number=None) -> list[dict]:
    """The JSON of the API and the CLI for `project` and period number `number` (default the last)."""
    periods = project.reporting_periods()
    period = chosen_period(project, periods, number)
    if period is None:
        raise PeriodError(_("%(acronym)s has no reporting periods yet") % {"acronym": project.acronym})
    return as_json(build_dashboard(project, period, periods=periods, with_ids=True))


@require_GET
def project_kpis(request, acronym):
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("log in first (%(url)s)") % {"url": "/accounts/login/"}}, status=401)
    project = project_for(request.user, acronym)
    try:
        payload = kpis_payload(project, request.GET.get("period"))
    except PeriodError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(payload, safe=False, json_dumps_params={"ensure_ascii": False})
