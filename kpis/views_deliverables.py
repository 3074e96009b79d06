"""The deliverables and milestones page of a project, and the pages that change them over time.

Who may (DESIGN.md §6, asked through the lookups): every member sees the page; the lead partner's staff, the
task leaders whose partner leads the work package, and the coordinator submit a deliverable (day and file,
`Deliverable.objects.editable_by`); only the coordinator approves, moves a due date (with its reason) and
records a milestone's achievement. A non-member gets 404, another member 403, an anonymous user the login.
The deliverable's file is an evidence row of the workspace attached to it: checked like any evidence, served
only by the workspace's permission-checked download, and never deleted (a new file hides nothing).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consortium.access import is_coordinator
from consortium.models import Deliverable, DueDateChange, Milestone
from kpis.access import project_for
from kpis.forms_deliverables import ApproveForm, MilestoneForm, RevisionForm, SubmitForm
from workspace.evidence import store_evidence
from workspace.models import Evidence


def _written_due(item) -> str:
    """The due date as the work plan writes it, where it says more than the month ("M 6 /M8 30.04.2021")."""
    written = item.due_text.replace(" ", "")
    return item.due_text if written and written != f"M{item.due_month}" else ""


def _files(deliverables) -> dict:
    """Each deliverable's newest file (one query): {deliverable pk: Evidence}."""
    found = {}
    rows = Evidence.objects.filter(
        content_type__app_label="consortium",
        content_type__model="deliverable",
        object_id__in=[d.pk for d in deliverables],
        removed_at=None,
    ).order_by("object_id", "-uploaded_at", "-id")
    for row in rows:
        found.setdefault(row.object_id, row)
    return found


@login_required
@require_http_methods(["GET", "HEAD"])
def plan_status(request, acronym):
    """Every deliverable and milestone: status, due month (moved, with the reason), dates, file, overdue."""
    project = project_for(request.user, acronym)
    today = timezone.localdate()
    deliverables = list(
        Deliverable.objects.filter(project=project)
        .select_related("work_package", "lead", "project")
        .prefetch_related("due_date_changes")
        .order_by("work_package__number", "code")
    )
    files = _files(deliverables)
    submittable = set(
        Deliverable.objects.editable_by(request.user).filter(project=project).values_list("pk", flat=True)
    )
    for d in deliverables:
        d.file = files.get(d.pk)
        d.overdue = d.is_overdue(today)
        d.written_due = _written_due(d)
        d.may_submit = d.pk in submittable
    milestones = list(
        Milestone.objects.filter(project=project)
        .select_related("project")
        .prefetch_related("due_date_changes")
        .order_by("number")
    )
    for m in milestones:
        m.overdue = m.is_overdue(today)
        m.written_due = _written_due(m)
    context = {
        "project": project,
        "today": today,
        "deliverables": deliverables,
        "milestones": milestones,
        "coordinates": is_coordinator(request.user, project),
    }
    return render(request, "kpis/deliverables/status.html", context)


def _deliverable(request, acronym, pk, allowed):
    """The project's deliverable `pk` if `allowed` (a QuerySet of deliverables the user may change) has it:
    404 for non-members and another project's deliverable, 403 for other members."""
    project = project_for(request.user, acronym)
    deliverable = get_object_or_404(
        Deliverable.objects.filter(project=project).select_related("project", "lead"), pk=pk
    )
    if not allowed.filter(pk=deliverable.pk).exists():
        raise PermissionDenied(_("You may not change %(item)s.") % {"item": deliverable})
    return deliverable


def _coordinated(request, acronym):
    project = project_for(request.user, acronym)
    if not is_coordinator(request.user, project):
        raise PermissionDenied(_("Only the coordinator approves, moves due dates and records milestones."))
    return project


def _posted(request):
    """The posted data, even when empty (an empty POST is a form sent blank, to be told what is missing)."""
    return request.POST if request.method == "POST" else None


def _back(project):
    return redirect("kpis:deliverables", project.acronym)


def _form_page(request, project, item, form, title, action, **extra):
    context = {"project": project, "item": item, "form": form, "title": title, "action": action, **extra}
    return render(request, "kpis/deliverables/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def deliverable_submit(request, acronym, pk):
    deliverable = _deliverable(request, acronym, pk, Deliverable.objects.editable_by(request.user))
    project = deliverable.project
    if deliverable.status == Deliverable.Status.APPROVED and not is_coordinator(request.user, project):
        # What the agency approved stays as it was approved; the coordinator may still correct it.
        raise PermissionDenied(
            _("%(item)s is approved: only the coordinator changes it.") % {"item": deliverable}
        )
    current = _files([deliverable]).get(deliverable.pk)
    form = SubmitForm(
        _posted(request), request.FILES or None, instance=deliverable, has_file=current is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the file and the row, or neither
                deliverable = form.save()
                if checked := form.cleaned_data["file"]:
                    store_evidence(record=deliverable, files=[checked], user=request.user)
        except ValidationError as exc:  # the disk is full: nothing was saved, no file left behind
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("%(item)s is submitted.") % {"item": deliverable})
            return _back(project)
    return _form_page(request, project, deliverable, form, _("Submit a deliverable"), "submit", file=current)


@login_required
@require_http_methods(["GET", "POST"])
def deliverable_approve(request, acronym, pk):
    deliverable = _deliverable(request, acronym, pk, Deliverable.objects.approvable_by(request.user))
    project = deliverable.project
    form = ApproveForm(_posted(request), instance=deliverable)
    if request.method == "POST" and form.is_valid():
        deliverable = form.save()
        messages.success(request, _("%(item)s is approved.") % {"item": deliverable})
        return _back(project)
    return _form_page(request, project, deliverable, form, _("Approve a deliverable"), "approve")


def _revise(request, project, item, owner: str):
    change = DueDateChange(project=project, from_month=item.current_due_month, **{owner: item})
    form = RevisionForm(_posted(request), instance=change, item=item)
    if request.method == "POST" and form.is_valid():
        change = form.save()
        messages.success(
            request, _("%(item)s is now due in M%(month)s.") % {"item": item, "month": change.to_month}
        )
        return _back(project)
    return _form_page(request, project, item, form, _("Move the due date"), "revise")


@login_required
@require_http_methods(["GET", "POST"])
def deliverable_revise(request, acronym, pk):
    project = _coordinated(request, acronym)
    deliverable = get_object_or_404(
        Deliverable.objects.filter(project=project).select_related("project"), pk=pk
    )
    return _revise(request, project, deliverable, "deliverable")


@login_required
@require_http_methods(["GET", "POST"])
def milestone_revise(request, acronym, pk):
    project = _coordinated(request, acronym)
    milestone = get_object_or_404(Milestone.objects.filter(project=project).select_related("project"), pk=pk)
    return _revise(request, project, milestone, "milestone")


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, acronym, pk):
    project = _coordinated(request, acronym)
    milestone = get_object_or_404(Milestone.objects.filter(project=project).select_related("project"), pk=pk)
    form = MilestoneForm(_posted(request), instance=milestone)
    if request.method == "POST" and form.is_valid():
        milestone = form.save()
        messages.success(request, _("%(item)s is saved.") % {"item": milestone})
        return _back(project)
    return _form_page(request, project, milestone, form, _("Milestone achieved"), "milestone")
