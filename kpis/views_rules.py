"""The coordinator's counting-rule pages: the project's rules, and a rule composed from parts with a preview
of what it would count now, before saving (issue 15 item 4). Who may: the project's coordinators and
superusers (kpis.access.project_for_coordinator): other members 403, anyone else 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, ProtectedError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kpis.access import project_for_coordinator
from kpis.dashboard import drilldown_rows
from kpis.forms_rules import CountingRuleForm
from kpis.models import CountingRule

PREVIEW_ROWS = 50  # the preview lists the first records it would count; the count is of all


@login_required
@require_GET
def rule_list(request, acronym):
    project = project_for_coordinator(request.user, acronym)
    rules = list(
        CountingRule.objects.filter(project=project)
        .annotate(used=Count("indicators"))
        .order_by("title", "name")
    )
    for rule in rules:
        rule.project = project  # the statement names the project's own categories: no query per rule
    return render(request, "kpis/rules/list.html", {"project": project, "rules": rules})


def _preview(request, project, rule):
    """What the rule counts at the end of the last reporting period (the one being reported), and why the
    other records of its kind are not counted."""
    periods = project.reporting_periods()
    if not periods:
        return None
    period = periods[-1]
    rows = drilldown_rows(rule.compiled, project, period, request.user)
    counted = [row for row in rows if not row.reason]
    return {
        "period": period,
        "statement": rule.compiled.statement,
        "counted": counted[:PREVIEW_ROWS],
        "counted_total": len(counted),
        "not_counted": len(rows) - len(counted),
    }


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request, acronym, pk=None):
    project = project_for_coordinator(request.user, acronym)
    rule = get_object_or_404(CountingRule, project=project, pk=pk) if pk else CountingRule(project=project)
    form = CountingRuleForm(request.POST or None, instance=rule, project=project)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" not in request.POST:
            form.save()
            messages.success(request, _("Counting rule “%(title)s” saved.") % {"title": rule.title})
            return redirect("kpis:rule_list", project.acronym)
        preview = _preview(request, project, form.instance)
    elif request.method == "GET" and rule.pk:
        preview = _preview(request, project, rule)
    used_by = list(rule.indicators.select_related("indicator_set").order_by("code")) if rule.pk else []
    return render(
        request,
        "kpis/rules/form.html",
        {"project": project, "form": form, "rule": rule, "preview": preview, "used_by": used_by},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_delete(request, acronym, pk):
    project = project_for_coordinator(request.user, acronym)
    rule = get_object_or_404(CountingRule, project=project, pk=pk)
    used_by = list(rule.indicators.order_by("code").values_list("code", flat=True))
    if request.method == "POST" and not used_by:
        try:
            rule.delete()
        except ProtectedError:  # an indicator took the rule meanwhile
            used_by = list(rule.indicators.order_by("code").values_list("code", flat=True))
        else:
            messages.success(request, _("Counting rule “%(title)s” deleted.") % {"title": rule.title})
            return redirect("kpis:rule_list", project.acronym)
    status = 409 if request.method == "POST" else 200
    return render(
        request,
        "kpis/rules/delete.html",
        {"project": project, "rule": rule, "used_by": used_by},
        status=status,
    )
