"""The set-up pages: a new project (superusers and users given consortium.add_project), and a project's
frame and its rows (periods, partners, work packages, tasks, deliverables, milestones) for its coordinator.

Who may, on a project's pages (`_coordinated`, as on the People page): its coordinators and superusers; a
member with another role gets 403, anyone else 404 (the project does not exist for them), anonymous users
the login page. Every row keeps its history (django-simple-history records who changed what).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.people import mail
from accounts.security_events import security_event
from consortium.access import is_coordinator
from consortium.models import Project
from setup import services
from setup.forms import NewProjectForm, ProjectForm
from setup.kinds import BY_NAME, KINDS
from setup.links import SETUP_LINKS


def may_create_projects(user) -> bool:
    """Whether the user creates projects: superusers, and users given consortium.add_project in the admin."""
    return user.is_authenticated and user.has_perm("consortium.add_project")


def coordinated_project(request, acronym) -> Project:
    """The project if the user coordinates it (or is a superuser): 404 for non-members, 403 for other
    members. The set-up workbook's pages (imports) ask it too."""
    project = get_object_or_404(Project.objects.visible_to(request.user), acronym=acronym)
    if not is_coordinator(request.user, project):
        raise PermissionDenied(
            gettext("Only the coordinator of %(project)s sets up its frame.") % {"project": project.acronym}
        )
    return project


_coordinated = coordinated_project  # the name the pages below know it by


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    if not may_create_projects(request.user):
        raise PermissionDenied(gettext("Only the administrators, and people they allow, create projects."))
    form = NewProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        frame = {name: form.cleaned_data[name] for name in ProjectForm.Meta.fields}
        project, invited = services.project_create(
            frame=frame,
            period_months=form.cleaned_data["period_months"],
            partner=form.partner(),
            coordinator=form.cleaned_data["coordinator"],
            invite_email=form.invite_email,
            by=request.user,
        )
        security_event("project_created", request, project=project.acronym)
        if invited is None:
            messages.success(
                request,
                gettext("%(project)s is created; %(name)s coordinates it.")
                % {"project": project.acronym, "name": form.cleaned_data["coordinator"].get_username()},
            )
            if is_coordinator(request.user, project):
                return redirect("setup:index", project.acronym)
            # Someone allowed to create projects but not coordinating this one: its set-up is not theirs.
            return redirect(settings.LOGIN_REDIRECT_URL)
        invitation, token = invited
        delivered = mail.invitation_deliver(request, invitation, token)
        return render(
            request,
            "accounts/people/sent.html",
            {"project": project, "resent": False, **delivered},
        )
    # The start page is above this app (portal): the Cancel button goes where a login lands.
    cancel = resolve_url(settings.LOGIN_REDIRECT_URL)
    return render(request, "setup/project_form.html", {"form": form, "cancel_url": cancel})


@login_required
@require_http_methods(["GET", "HEAD"])
def index(request, acronym):
    project = _coordinated(request, acronym)
    steps = [(kind, kind.rows(project).count(), _list_url(kind, project)) for kind in KINDS]
    links = [(link, link.url(project)) for link in SETUP_LINKS]
    return render(request, "setup/index.html", {"project": project, "steps": steps, "links": links})


@login_required
@require_http_methods(["GET", "POST"])
def frame(request, acronym):
    project = _coordinated(request, acronym)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        project = form.save()
        messages.success(
            request, gettext("The frame of %(project)s is saved.") % {"project": project.acronym}
        )
        return redirect("setup:index", project.acronym)
    return render(request, "setup/frame.html", {"project": project, "form": form})


@login_required
@require_POST
def period_fit(request, acronym):
    """After an extension: the last period stretched to the project's new end (or an added period, on the
    add page, which proposes the months after the last one)."""
    project = _coordinated(request, acronym)
    list_url = reverse("setup:period_list", args=[project.acronym])
    if project.last_period() is None:
        return redirect(list_url)
    try:
        period = services.period_fit(project=project)
    except ValidationError:
        messages.error(
            request,
            gettext("The project ends before its last period starts: change or delete that period instead."),
        )
    else:
        messages.success(request, gettext("%(period)s now ends with the project.") % {"period": period})
    return redirect(list_url)


# -- the rows of the frame ----------------------------------------------------------------------------------
def _list_url(kind, project) -> str:
    return reverse(f"setup:{kind.name}_list", args=[project.acronym])


def _page(request, template, project, kind, status=200, **context):
    """A row page, with the addresses of its kind's list and add pages (the template cannot build them)."""
    urls = {
        "list_url": _list_url(kind, project),
        "add_url": reverse(f"setup:{kind.name}_add", args=[project.acronym]),
        "edit_name": f"setup:{kind.name}_edit",
        "delete_name": f"setup:{kind.name}_delete",
    }
    return render(request, template, {"project": project, "kind": kind, **urls, **context}, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def row_list(request, acronym, kind):
    kind = BY_NAME[kind]
    project = _coordinated(request, acronym)
    rows = [(row, kind.cells(row)) for row in kind.rows(project)]
    context = {"rows": rows, "headings": [h for h, _v in kind.columns]}
    if kind.name == "period":
        context["periods_end"] = rows[-1][0].end_date if rows else None
    return _page(request, "setup/row_list.html", project, kind, **context)


@login_required
@require_http_methods(["GET", "POST"])
def row_add(request, acronym, kind):
    kind = BY_NAME[kind]
    project = _coordinated(request, acronym)
    form = kind.form(request.POST or None, project=project, initial=_next(kind, project))
    if request.method == "POST" and form.is_valid():
        row = form.save()
        messages.success(request, gettext("%(row)s is added.") % {"row": row})
        return redirect(_list_url(kind, project))
    return _page(request, "setup/row_form.html", project, kind, form=form)


def _next(kind, project) -> dict:
    """What a new row most likely is: the next number; for a period, the months after the last one."""
    if kind.name == "period":
        last = project.last_period()
        if last is None:
            return {"number": 1, "start_date": project.start_date, "end_date": project.end_date}
        start = last.end_date + timedelta(days=1)
        return {"number": last.number + 1, "start_date": start, "end_date": max(start, project.end_date)}
    if kind.name in ("partner", "work_package", "milestone"):
        numbers = kind.rows(project).values_list("number", flat=True)
        return {"number": max(numbers, default=0) + 1}
    return {}


@login_required
@require_http_methods(["GET", "POST"])
def row_edit(request, acronym, kind, pk):
    kind = BY_NAME[kind]
    project = _coordinated(request, acronym)
    row = get_object_or_404(kind.of(project), pk=pk)
    form = kind.form(request.POST or None, instance=row, project=project)
    if request.method == "POST" and form.is_valid():
        row = form.save()
        messages.success(request, gettext("%(row)s is saved.") % {"row": row})
        return redirect(_list_url(kind, project))
    return _page(request, "setup/row_form.html", project, kind, form=form, row=row)


@login_required
@require_http_methods(["GET", "POST"])
def row_delete(request, acronym, kind, pk):
    kind = BY_NAME[kind]
    project = _coordinated(request, acronym)
    row = get_object_or_404(kind.of(project), pk=pk)
    used_by = (kind.uses or services.uses)(row)
    if request.method == "POST" and not used_by:
        row.delete()  # its history keeps it, with who deleted it
        messages.success(request, gettext("%(row)s is deleted.") % {"row": row})
        return redirect(_list_url(kind, project))
    return _page(
        request,
        "setup/row_delete.html",
        project,
        kind,
        status=409 if request.method == "POST" else 200,
        row=row,
        used_by=sorted(used_by.items()),
    )
