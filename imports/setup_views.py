"""The set-up workbook's pages (issue 15 item 6): upload and preview, confirm, the template.

Who: the project's coordinators and superusers, by the set-up pages' own check (setup.views
.coordinated_project): other members 403, other projects' users 404, anonymous users the login page. A
run is its user's: someone else's is a 404. The workbook is kept on an ImportRun (SETUP_KIND) between the
preview and the confirmation, like a record import's file, and emptied once written.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.people import mail
from imports.files import ImportFileError
from imports.forms import XLSX_TYPE, SetupBookForm
from imports.models import SETUP_KIND, ImportRun
from imports.runs import purge_stale
from imports.setup_book import BookReport, setup_book_import, setup_book_template, summary
from imports.setup_sheets import SHEETS
from setup.views import coordinated_project


def _check(run, *, dry_run: bool) -> BookReport:
    """The run's workbook previewed or written; its counts, lines and problems kept on the run."""
    try:
        report = setup_book_import(
            project=run.project, data=bytes(run.data), filename=run.filename, user=run.user, dry_run=dry_run
        )
    except ImportFileError as exc:
        report = BookReport(filename=run.filename, dry_run=dry_run)
        run.problems = [["", 1, "", "", str(exc)]]
    else:
        run.problems = [[p.sheet, p.row, p.column, p.value, p.message] for p in report.problems]
    run.rows = sum(count.rows for count in report.counts)
    run.created, run.updated = report.total("created"), report.total("updated")
    run.skipped = report.total("unchanged")
    run.notes = summary(report.counts) + report.notes
    if report.written:
        run.status, run.applied_at, run.data = ImportRun.Status.APPLIED, timezone.now(), b""
    else:
        run.status = ImportRun.Status.PREVIEWED
    run.save()
    return report


@login_required
@require_http_methods(["GET", "POST"])
def setup_book(request, acronym):
    project = coordinated_project(request, acronym)
    purge_stale(project=project)  # workbooks left at their preview for a day lose their file
    form = SetupBookForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = ImportRun.objects.create(
            project=project,
            user=request.user,
            kind=SETUP_KIND,
            filename=upload.name[:255],
            update=True,
            data=upload.content,
        )
        _check(run, dry_run=True)
        return redirect("imports:setup_book_run", project.acronym, run.pk)
    return render(request, "imports/setup_book.html", {"project": project, "form": form, "sheets": SHEETS})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup_book_run(request, acronym, pk):
    """The preview of an uploaded workbook (GET), its import (POST), and what it did."""
    project = coordinated_project(request, acronym)
    run = get_object_or_404(
        ImportRun.objects.filter(kind=SETUP_KIND), project=project, user=request.user, pk=pk
    )
    context = {"project": project, "run": run, "sent": []}
    if request.method == "POST":
        if run.status != ImportRun.Status.PREVIEWED or run.problems or not run.data:
            messages.error(request, gettext("Only a preview without problems can be imported."))
            return redirect("imports:setup_book_run", project.acronym, run.pk)
        report = _check(run, dry_run=False)
        if not report.written:
            messages.error(
                request, gettext("The project changed since the preview and the workbook now has problems.")
            )
            return redirect("imports:setup_book_run", project.acronym, run.pk)
        # Mailed and logged as the People page does; the links shown where no mail reaches a mailbox.
        context["sent"] = [mail.invitation_deliver(request, *made) for made in report.invitations]
        messages.success(
            request,
            gettext("Imported: %(created)s added, %(updated)s changed, %(skipped)s unchanged.")
            % {"created": run.created, "updated": run.updated, "skipped": run.skipped},
        )
    return render(request, "imports/setup_book_run.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def setup_book_template_view(request, acronym):
    project = coordinated_project(request, acronym)
    response = HttpResponse(setup_book_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{project.acronym}-setup-template.xlsx"'
    return response
