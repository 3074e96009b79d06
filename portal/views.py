"""The start page and the search box: the one place that lists every record kind."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from consortium.access import EVERYTHING, Rights
from consortium.models import Membership
from kpis.first_steps import first_steps
from portal.home import (
    PARTNER_KINDS,
    WORKSPACE_KINDS,
    partners_for_home,
    projects_for_home,
    workspace_for_home,
)

PER_KIND = 20


@login_required
def home(request):
    projects = projects_for_home(request.user)
    partners = partners_for_home(projects)
    memberships = {
        m.project_id: m for m in Membership.objects.filter(user=request.user).select_related("partner")
    }
    workspace = workspace_for_home(request.user, list(memberships.values()))
    for project in projects:
        project.partner_rows = [p for p in partners if p.project_id == project.pk]
        project.membership = memberships.get(project.pk)
        roles = [project.membership.role] if project.membership else []
        allowed = EVERYTHING if request.user.is_superuser else Rights.of_roles(roles)
        project.first_steps = first_steps(project, allowed)
    return render(
        request,
        "portal/home.html",
        {"projects": projects, "kinds": [label for label, _ in PARTNER_KINDS], "workspace": workspace},
    )


@login_required
def search(request):
    text = " ".join(request.GET.get("q", "").split())[:100]
    groups = []
    if text:
        # One query per kind (nine in all), whatever the number of matches.
        for kind in WORKSPACE_KINDS:
            filterset = kind.filterset_class(
                {"q": text}, queryset=kind.visible(request.user), request=request
            )
            rows = list(filterset.qs.select_related("project")[: PER_KIND + 1])
            if rows:
                groups.append({"kind": kind, "rows": rows[:PER_KIND], "more": len(rows) > PER_KIND})
    return render(
        request,
        "portal/search.html",
        {"q": text, "groups": groups, "found": sum(len(g["rows"]) for g in groups)},
    )
