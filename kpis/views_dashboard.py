"""The KPI dashboard, the drill-down behind every number, and the timeline: every member of a project."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from consortium.access import is_coordinator, rights
from consortium.models import Project
from kpis.access import period_or_404, project_for
from kpis.dashboard import (
    Timeline,
    attach_charts,
    attach_result_charts,
    drilldown_rows,
    group_not_counted,
    overdue_items,
)
from kpis.engine import build_dashboard
from kpis.first_steps import first_steps, with_first_steps
from kpis.models import Indicator, PlanItem, ReportedValue
from missions.models import Mission
from workspace.choose import into_a_project


@login_required
def dashboard_index(request):
    """The navbar's "Dashboard": straight to the project when the user has one, else a list to choose."""
    projects = list(Project.objects.visible_to(request.user).order_by("acronym"))
    return into_a_project(
        request, projects, "kpis:dashboard", title=_("Dashboards"), heading=_("KPI dashboards")
    )


@login_required
def dashboard(request, acronym):
    project = project_for(request.user, acronym, with_first_steps(Project.objects.all()))
    periods = project.reporting_periods()
    period = period_or_404(project, periods, request.GET.get("period"))
    context = {"project": project, "periods": periods, "period": period, "board": None}
    if period is not None:
        board = build_dashboard(project, period, periods=periods)
        attach_charts(board)
        context["board"] = board
    allowed = rights(request.user, project)
    context["can_edit"] = allowed.coordinate
    context["first_steps"] = first_steps(project, allowed)
    context["overdue"] = overdue_items(project, timezone.localdate())
    return render(request, "kpis/dashboard.html", context)


@login_required
def indicator_detail(request, acronym, code):
    """Drill-down: the records behind a number, the records not counted and why, evidence coverage."""
    project = project_for(request.user, acronym)
    periods = project.reporting_periods()
    period = period_or_404(project, periods, request.GET.get("period"))
    if period is None:
        raise Http404(_("The project has no reporting periods yet."))
    board = build_dashboard(project, period, periods=periods, only_code=code)
    if not board.results:
        raise Http404(
            _("%(acronym)s has no indicator %(code)s.") % {"acronym": project.acronym, "code": code}
        )
    result = board.results[0]
    attach_result_charts(result)
    context = {
        "project": project,
        "periods": periods,
        "period": period,
        "board": board,
        "result": result,
        "indicator_set": board.sets[0][0],
        "can_edit": is_coordinator(request.user, project),
    }
    if result.rule is not None:
        rows = drilldown_rows(result.rule, project, board.period, request.user)
        context["counted"] = [row for row in rows if row.counted]
        context["not_counted"] = group_not_counted(rows)
    elif result.indicator.mode == Indicator.Mode.REPORTED:
        context["reported_values"] = list(
            ReportedValue.objects.filter(indicator=result.indicator)
            .select_related("period")
            .order_by("period__number")
        )
    return render(request, "kpis/indicator_detail.html", context)


@login_required
def timeline(request, acronym):
    project = project_for(request.user, acronym)
    periods = project.reporting_periods()
    period = period_or_404(project, periods, request.GET.get("period"))
    plan = Timeline(
        project,
        period,
        list(PlanItem.objects.filter(project=project).select_related("mission").order_by("position")),
        list(
            Mission.objects.filter(project=project)
            .prefetch_related("participants")
            .order_by("date_start", "pk")
        ),
    )
    # Overdue as the timeline reads "late": on the chosen period's last day (today, if that is still to come).
    today = timezone.localdate()
    on = min(period.end_date, today) if period else today
    return render(
        request,
        "kpis/timeline.html",
        {
            "project": project,
            "periods": periods,
            "period": period,
            "plan": plan,
            "overdue": overdue_items(project, on),
        },
    )
