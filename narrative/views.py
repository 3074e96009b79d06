"""The "Report texts" page: for one project and period, the report's sections in order with each text's
status, writer and last change, a warning where a number it cites changed since it was saved, and for I.2
every work package and task with its partners' contributions (issue 16). Every member reads it; the links
lead to the writing pages (narrative.views_write), which say who may write what.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from consortium.models import Partner, Project, WorkPackage
from kpis.engine import build_dashboard
from narrative import access
from narrative.checks import REPORTED_SECTIONS
from narrative.markup import changed_numbers
from narrative.models import Contribution, Text
from narrative.structure import for_project


def project_and_period(request, acronym, number):
    """The project (a 404 for someone not in it) and its period `number`, knowing whether it is the last."""
    project = get_object_or_404(Project.objects.visible_to(request.user), acronym=acronym)
    periods = project.reporting_periods()
    period = next((p for p in periods if p.number == number), None)
    if period is None:
        raise Http404(gettext("No such reporting period."))
    return project, periods, period


def current_numbers(project, period, periods) -> tuple[dict, list]:
    """{code: achieved} of every indicator at the period's end, and the engine's results."""
    results = build_dashboard(project, period, periods=periods).results
    return {r.code: r.achieved for r in results}, results


def _entry(text, current):
    return {"text": text, "changed": changed_numbers(text.numbers, current) if text else []}


def _work_packages(section, work_packages, partners, by_key, contributions, m, current):
    """I.2's rows: each work package's text, its tasks' texts and each contributing partner's contribution."""
    rows = []
    for wp in work_packages:
        tasks = []
        for task in wp.tasks.all():
            ids = access.contributing_partner_ids(task, [p.pk for p in task.participants.all()])
            tasks.append(
                {
                    "task": task,
                    **_entry(by_key.get((section.key, None, task.pk, None)), current),
                    "may_lead": access.leads_task(m, task),
                    "contributions": [
                        {
                            "partner": partner,
                            "mine": access.may_contribute(m, task, partner, ids or ()),
                            **_entry(contributions.get((task.pk, partner.pk)), current),
                        }
                        for partner in partners
                        if ids is None or partner.pk in ids
                    ],
                }
            )
        rows.append(
            {"wp": wp, "tasks": tasks, **_entry(by_key.get((section.key, wp.pk, None, None)), current)}
        )
    return rows


@login_required
@require_GET
def texts(request, acronym, number):
    project, periods, period = project_and_period(request, acronym, number)
    m = access.membership(request.user, project)
    current, results = current_numbers(project, period, periods)
    rows = Text.objects.filter(project=project, period=period).select_related("updated_by")
    by_key = {(t.key, t.work_package_id, t.task_id, t.indicator_id): t for t in rows}
    contributions = {}
    for c in Contribution.objects.filter(project=project, period=period).select_related("updated_by"):
        contributions[(c.task_id, c.partner_id)] = c
    partners = list(Partner.objects.filter(project=project).order_by("number"))
    work_packages = list(
        WorkPackage.objects.filter(project=project)
        .select_related("lead")
        .prefetch_related("tasks__lead", "tasks__participants")
        .order_by("number")
    )
    sections = []
    for section in for_project(project).sections:
        if not section.has_text:
            continue
        entry = {"section": section, "texts": [], "work_packages": [], "indicators": []}
        for key in section.text_keys():
            heading = next((p.heading for p in section.parts if f"{section.key}.{p.key}" == key), "")
            entry["texts"].append(
                {"key": key, "heading": heading, **_entry(by_key.get((key, None, None, None)), current)}
            )
        if section.kind == "work_packages":
            entry["work_packages"] = _work_packages(
                section, work_packages, partners, by_key, contributions, m, current
            )
        if section.kind == "indicators":
            entry["indicators"] = [  # those II.1 prints: the call and project sets
                {"result": r, **_entry(by_key.get((section.key, None, None, r.indicator.pk)), current)}
                for r in results
                if r.indicator.indicator_set.report_section in REPORTED_SECTIONS
            ]
        sections.append(entry)
    return render(
        request,
        "narrative/texts.html",
        {
            "project": project,
            "period": period,
            "periods": periods,
            "sections": sections,
            "coordinates": access.may_review_text(m),
        },
    )
