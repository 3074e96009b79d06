"""The navbar's links that lead into a project (Dashboard, Reports, Import): straight into it when the user
has one, else a page to choose which."""

from django.shortcuts import redirect, render
from django.urls import reverse


def into_a_project(request, projects, url_name: str, *, title, heading="", intro="", query: str = ""):
    """Redirect to `url_name` of the only project, or list the projects (the empty list says so)."""
    if len(projects) == 1:
        return redirect(reverse(url_name, args=[projects[0].acronym]) + query)
    choices = [(project, reverse(url_name, args=[project.acronym]) + query) for project in projects]
    context = {"title": title, "heading": heading or title, "intro": intro, "choices": choices}
    return render(request, "workspace/choose_project.html", context)
