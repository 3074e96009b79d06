"""The import pages (issue 6): choose and upload, match columns, preview, confirm; past imports and undo.

Who: members who edit records (partner staff, task leader, coordinator); viewers get a 403, other
projects' users a 404. Partner staff import their own partner's rows only: the engine refuses other rows
in the preview, by row. Each step works on the user's own ImportRun; nothing is written before confirm.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from consortium.access import is_coordinator, may_record
from consortium.models import Project
from events.models import Event
from imports.forms import FROM_LIST, ColumnsForm, ImportUploadForm, ParticipantUploadForm
from imports.kinds import KINDS
from imports.models import ImportRun
from imports.participants import PARTICIPANTS
from imports.runs import (
    UndoRefused,
    file_columns,
    import_cancel,
    import_set_columns,
    import_undo,
    import_upload,
    kind_of,
    needs_columns,
    purge_stale,
)
from imports.tasks import check_enqueue, import_enqueue
from imports.template import workbook_bytes
from kpis.access import project_for
from workspace.choose import into_a_project

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def importer_project(user, acronym: str) -> Project:
    """The project if the user may import into it: 404 for non-members, 403 for read-only members."""
    project = project_for(user, acronym)
    if not may_record(user, project):
        raise PermissionDenied(_("Your role lets you read records, not import them."))
    return project


def _own_run(request, project, pk) -> ImportRun:
    """A run of this project started by this user (others' runs are a 404)."""
    return get_object_or_404(
        ImportRun.objects.of_records().select_related("project", "event"),
        project=project,
        user=request.user,
        pk=pk,
    )


@login_required
def import_index(request):
    """The navbar's and the list pages' "Import": straight to the user's project, else a list to choose."""
    projects = list(Project.objects.recordable_by(request.user).order_by("acronym"))
    if not projects:
        raise PermissionDenied(_("Your role lets you read records, not import them."))
    query = f"?list={request.GET['list']}" if request.GET.get("list") in FROM_LIST else ""
    return into_a_project(
        request,
        projects,
        "imports:import",
        title=_("Import"),
        heading=_("Import spreadsheets"),
        intro=_("Choose the project to import into."),
        query=query,
    )


@login_required
def import_start(request, acronym):
    project = importer_project(request.user, acronym)
    purge_stale(project=project)
    kinds = FROM_LIST.get(request.GET.get("list") or "")
    form = ImportUploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        update = form.cleaned_data["mode"] == "update"
        return _uploaded(request, project, form, form.cleaned_data["kind"], update=update)
    return render(
        request,
        "imports/start.html",
        {
            "project": project,
            "form": form,
            "kinds": [KINDS[name] for name in kinds or KINDS],
            "matchmaking": kinds is None or "matchmaking" in kinds,
            "coordinator": is_coordinator(request.user, project),
            # The command's syntax, not translated.
            "command": f"python manage.py import_records {project.acronym} <record-kind> FILE "
            "[--dry-run] [--update]",
        },
    )


def _uploaded(request, project, form, kind: str, *, update: bool, event=None):
    """Keep the checked upload on a new run, then on to its columns step or its preview."""
    upload = form.cleaned_data["file"]
    run = import_upload(
        project=project,
        user=request.user,
        kind=kind,
        data=upload.content,
        filename=upload.name,
        parsed=upload.parsed,
        update=update,
        event=event,
    )
    if needs_columns(run):
        return redirect("imports:import_columns", run.project.acronym, run.pk)
    check_enqueue(run=run)
    return redirect(run.get_absolute_url())


@login_required
def import_participants(request, acronym):
    """A participant list of a matchmaking platform into one matchmaking event of the user's partner."""
    project = importer_project(request.user, acronym)
    events = Event.objects.editable_by(request.user).filter(
        project=project, category=Event.Category.MATCHMAKING
    )
    form = ParticipantUploadForm(
        request.POST or None,
        request.FILES or None,
        events=events,
        initial={"event": request.GET.get("event")},
    )
    if request.method == "POST" and form.is_valid():
        return _uploaded(
            request, project, form, PARTICIPANTS.name, update=True, event=form.cleaned_data["event"]
        )
    return render(
        request, "imports/participants.html", {"project": project, "form": form, "kind": PARTICIPANTS}
    )


@login_required
def import_template(request, acronym, kind):
    project = project_for(request.user, acronym)
    if kind not in KINDS and kind != PARTICIPANTS.name:
        raise Http404(_("There is no record kind '%(kind)s'.") % {"kind": kind})
    response = HttpResponse(workbook_bytes(kind_of(kind), project), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{project.acronym}-{kind}-template.xlsx"'
    return response


@login_required
def import_columns(request, acronym, pk):
    project = importer_project(request.user, acronym)
    run = _own_run(request, project, pk)
    if run.status not in (ImportRun.Status.UPLOADED, ImportRun.Status.PREVIEWED) or not run.data:
        return redirect(run.get_absolute_url())
    kind = kind_of(run)
    form = ColumnsForm(request.POST or None, kind=kind, columns=file_columns(run))
    if request.method == "POST" and form.is_valid():
        import_set_columns(run=run, mapping=form.mapping())
        check_enqueue(run=run)
        return redirect(run.get_absolute_url())
    return render(
        request, "imports/columns.html", {"project": project, "run": run, "kind": kind, "form": form}
    )


@login_required
def import_run(request, acronym, pk):
    """The preview of a run not yet confirmed, or what it did."""
    project = importer_project(request.user, acronym)
    coordinator = is_coordinator(request.user, project)
    runs = ImportRun.objects.of_records().select_related("project", "event", "user", "undone_by")
    if not coordinator:
        runs = runs.filter(user=request.user)
    run = get_object_or_404(runs, project=project, pk=pk)
    if run.status == ImportRun.Status.UPLOADED and run.user_id == request.user.pk:
        return redirect("imports:import_columns", project.acronym, run.pk)
    kind = kind_of(run)
    records = []
    if run.status == ImportRun.Status.APPLIED:
        ids = run.created_ids + run.updated_ids
        records = list(kind.model.objects.filter(pk__in=ids).order_by("pk")[:200])
    return render(
        request,
        "imports/run.html",
        {
            "project": project,
            "run": run,
            "kind": kind,
            "records": records,
            "created": set(run.created_ids),
            "can_undo": run.status == ImportRun.Status.APPLIED and coordinator,
            "mine": run.user_id == request.user.pk,
            "progress_label": progress_label(run),
        },
    )


@login_required
@require_POST
def import_confirm(request, acronym, pk):
    project = importer_project(request.user, acronym)
    run = _own_run(request, project, pk)
    # An import the worker dropped may be tried again; a check it dropped needs the file uploaded again.
    ready = run.status == ImportRun.Status.PREVIEWED or (
        run.interrupted and run.status == ImportRun.Status.APPLYING
    )
    if not ready or run.problems or not run.data:
        messages.error(request, _("Only a preview without problems can be imported."))
        return redirect(run.get_absolute_url())
    import_enqueue(run=run)
    run.refresh_from_db()
    if run.status == ImportRun.Status.APPLIED:
        messages.success(
            request,
            _("Imported: %(created)s created, %(updated)s updated, %(skipped)s skipped.")
            % {"created": run.created, "updated": run.updated, "skipped": run.skipped},
        )
    elif run.status == ImportRun.Status.PREVIEWED:
        messages.error(
            request,
            _("The data changed since the preview and the file now has problems; nothing was written."),
        )
    elif run.status == ImportRun.Status.APPLYING:
        messages.info(request, _("The import runs in the background; this page shows how far it is."))
    return redirect(run.get_absolute_url())


@login_required
@require_GET
def import_run_status(request, acronym, pk):
    """How far a background import is, for the run page's progress bar (static/js/import-progress.js)."""
    project = importer_project(request.user, acronym)
    runs = ImportRun.objects.of_records().defer("data", "before")
    if not is_coordinator(request.user, project):
        runs = runs.filter(user=request.user)
    run = get_object_or_404(runs, project=project, pk=pk)
    return JsonResponse(
        {
            "status": "interrupted" if run.interrupted else run.status,
            "label": progress_label(run),
            "percent": run.progress_percent,
            "done": run.rows_checked,
            "total": run.rows,
        }
    )


def progress_label(run) -> str:
    """The words under the progress bar (the page and the status answer say the same)."""
    if run.interrupted and run.status == ImportRun.Status.CHECKING:
        return _(
            "Checking the file was interrupted (the background worker stopped); nothing was written. "
            "Upload it again."
        )
    if run.interrupted:
        return _("The import was interrupted (the background worker stopped) and wrote nothing.")
    if run.status == ImportRun.Status.CHECKING:
        return _("%(done)s of %(total)s rows checked; the preview follows.") % {
            "done": run.rows_checked,
            "total": run.rows,
        }
    if run.status == ImportRun.Status.APPLYING:
        return _("%(done)s of %(total)s rows checked; then they are written all at once.") % {
            "done": run.rows_checked,
            "total": run.rows,
        }
    return run.get_status_display()


@login_required
@require_POST
def import_cancel_view(request, acronym, pk):
    project = importer_project(request.user, acronym)
    run = _own_run(request, project, pk)
    if run.status in (ImportRun.Status.UPLOADED, ImportRun.Status.PREVIEWED):
        import_cancel(run=run)
        messages.info(
            request, _("Import of %(file)s cancelled; the file was discarded.") % {"file": run.filename}
        )
    return redirect("imports:import", project.acronym)


@login_required
def import_list(request, acronym):
    project = importer_project(request.user, acronym)
    runs = list(ImportRun.objects.for_list(project)[:100])
    return render(
        request,
        "imports/list.html",
        {"project": project, "runs": runs, "can_undo": is_coordinator(request.user, project)},
    )


@login_required
@require_POST
def import_undo_view(request, acronym, pk):
    project = importer_project(request.user, acronym)
    if not is_coordinator(request.user, project):
        raise PermissionDenied(_("Only the coordinator undoes an import."))
    run = get_object_or_404(ImportRun.objects.of_records(), project=project, pk=pk)
    try:
        import_undo(run=run, user=request.user)
    except UndoRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Import #%(number)s undone: what it added is deleted, what it changed is back.")
            % {"number": run.pk},
        )
    return redirect("imports:import_list", project.acronym)
