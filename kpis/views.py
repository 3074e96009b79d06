from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from consortium.models import Membership
from kpis.home import PARTNER_KINDS, partners_for_home, projects_for_home, workspace_for_home


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
    return render(
        request,
        "kpis/home.html",
        {"projects": projects, "kinds": [label for label, _ in PARTNER_KINDS], "workspace": workspace},
    )
