"""Report pages: the list with downloads per period, the HTML preview, background exports, freeze, compare.

Every member of a project views and downloads its reports; only its coordinator freezes one. A project the
user is not a member of is a 404 (it does not exist for them); a member who may not freeze gets a 403.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consortium.access import is_coordinator
from consortium.models import Project
from reports import formats
from reports.freeze import AlreadyFrozen, compare, report_freeze
from reports.freeze_check import confirm_missing_field, missing_items
from reports.models import Export, FrozenFile, FrozenReport
from reports.tasks import run_export
from workspace.choose import into_a_project


def _project(request, acronym) -> Project:
    return get_object_or_404(Project.objects.visible_to(request.user), acronym=acronym)


def _period(project, number):
    return get_object_or_404(project.periods.all(), number=number)


def _kind(kind: str) -> str:
    if kind not in formats.KINDS:
        raise Http404(_("No such report."))
    return kind


class ReportDateForm(forms.Form):
    """The day the progress report is prepared: its milestones and deliverables as they stand then."""

    report_date = forms.DateField(
        required=False,
        label=gettext_lazy("Report date"),
        help_text=gettext_lazy(
            "The day the progress report is prepared (default today): milestones and deliverables "
            "achieved or delivered by then show Yes with their date."
        ),
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "class": "form-control form-control-sm w-auto"}
        ),
    )


def _languages():
    """settings.LANGUAGES, read when a form is made (the choice follows the settings)."""
    return settings.LANGUAGES


class ReportOptionsForm(ReportDateForm):
    """What a download (or the preview) is made with: the report date and the language of the headings."""

    language = forms.ChoiceField(
        required=False,
        choices=_languages,
        label=gettext_lazy("Language of the headings"),
        help_text=gettext_lazy(
            "English by default: the agency reads the reports in English. Another language changes only "
            "the headings and fixed texts; the records' texts are never translated."
        ),
        widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = settings.LANGUAGE_CODE

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or settings.LANGUAGE_CODE


class BadOption(Exception):
    """A download or preview asked with an option that is not one (a crafted request): the response names
    the field."""

    def __init__(self, form, name: str):
        error = form.errors[name][0]
        super().__init__(_("%(field)s: %(error)s") % {"field": form.fields[name].label, "error": error})


def _options(data, kind: str) -> tuple:
    """(report date, language) asked for: the date only for the progress report (None: today, the
    builder's default), the language settings.LANGUAGE_CODE unless chosen; a bad value raises BadOption."""
    form = ReportOptionsForm(data)
    form.is_valid()
    # The report date only counts for the progress report (D3.2 has no dated tables and ignores it).
    for name in ("report_date", "language") if kind == "progress" else ("language",):
        if name in form.errors:
            raise BadOption(form, name)
    report_date = form.cleaned_data["report_date"] if kind == "progress" else None
    return report_date, form.cleaned_data["language"]


def _bad_option(error: BadOption) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")


def _attachment(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type=formats.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def home(request):
    """The navbar's Reports link: straight to the reports of the user's project, or a choice of them."""
    projects = list(Project.objects.visible_to(request.user).order_by("acronym"))
    return into_a_project(request, projects, "reports:index", title=_("Reports"))


@login_required
@require_GET
def index(request, acronym):
    project = _project(request, acronym)
    periods = list(project.periods.order_by("number"))
    if not periods:
        return render(request, "reports/index.html", {"project": project, "periods": []})
    chosen = request.GET.get("period", "")
    period = next((p for p in periods if str(p.number) == chosen), periods[-1])
    date_form = ReportOptionsForm(request.GET)
    date_form.is_valid()  # a bad option is left out (its default used), and the form shows its error
    report_date = date_form.cleaned_data.get("report_date")
    language = date_form.cleaned_data.get("language") or settings.LANGUAGE_CODE
    frozen = list(
        FrozenReport.objects.filter(project=project)
        .select_related("period", "frozen_by")
        .prefetch_related("files")
        .order_by("kind", "period__number")
    )
    exports = list(
        Export.objects.of_user(request.user)
        .filter(project=project)
        .select_related("period")
        .defer("content")[:8]
    )
    frozen_now = {f.kind: f for f in frozen if f.period_id == period.pk}
    kinds = [
        {"key": key, "label": label, "formats": formats.FORMATS[key], "frozen": frozen_now.get(key)}
        for key, (label, _) in formats.KINDS.items()
    ]
    return render(
        request,
        "reports/index.html",
        {
            "project": project,
            "periods": periods,
            "period": period,
            "kinds": kinds,
            "frozen": frozen,
            "exports": exports,
            "can_freeze": is_coordinator(request.user, project),
            "date_form": date_form,
            "report_date": report_date,
            # Only a language other than the default travels with the downloads and the preview link.
            "language": language if language != settings.LANGUAGE_CODE else "",
        },
    )


@login_required
@require_GET
def preview(request, acronym, kind, number):
    project = _project(request, acronym)
    period = _period(project, number)
    try:
        report_date, language = _options(request.GET, _kind(kind))
    except BadOption as error:
        return _bad_option(error)
    ctx = formats.build(kind, project, period, report_date=report_date, language=language)
    # The report itself in its language (English by default, whatever the page's); the page around it in
    # the person's.
    with translation.override(formats.report_language(language)):
        body = render_to_string(
            f"reports/_{kind}_body.html", {"ctx": ctx, "inline_images": True}, request=request
        )
    return render(
        request,
        "reports/preview.html",
        {
            "project": project,
            "period": period,
            "ctx": ctx,
            "report_body": mark_safe(body),  # noqa: S308 - the report's own template, escaped there
            "formats": formats.FORMATS[kind],
            "language": language if language != settings.LANGUAGE_CODE else "",
        },
    )


@login_required
@require_POST
def export_create(request, acronym, kind, number, fmt):
    project = _project(request, acronym)
    period = _period(project, number)
    if fmt not in formats.FORMATS[_kind(kind)]:
        raise Http404(_("No such format for this report."))
    try:
        report_date, language = _options(request.POST, kind)
    except BadOption as error:
        return _bad_option(error)
    # Fixed when asked for (today unless chosen), so the file does not change with the day it is built.
    if kind == "progress" and report_date is None:
        report_date = timezone.localdate()
    # Outside the transaction: a dozen reads that need no lock.
    as_of = formats.data_as_of(kind, project)
    with transaction.atomic():
        # One request of a user at a time decides (the user's row locked on PostgreSQL; SQLite's IMMEDIATE
        # transactions serialise writers anyway), so a burst of clicks cannot slip past the checks together.
        get_user_model().objects.select_for_update().filter(pk=request.user.pk).exists()
        same = (
            Export.objects.reusable(
                project=project,
                period=period,
                kind=kind,
                fmt=fmt,
                data_as_of=as_of,
                report_date=report_date,
                language=language,
            )
            .only("pk", "requested_by")  # not its file: a ready PDF can be megabytes
            .first()
        )
        if same is not None:
            if same.requested_by_id != request.user.pk:
                same.also_requested_by.add(request.user)
            return redirect("reports:export_detail", pk=same.pk)
        pending = list(
            Export.objects.filter(requested_by=request.user)
            .pending()
            .select_related("period")
            .defer("content")
        )
        if len(pending) >= settings.EXPORTS_PENDING_PER_USER:
            response = render(
                request,
                "reports/export_limit.html",
                {"project": project, "pending": pending, "limit": settings.EXPORTS_PENDING_PER_USER},
                status=429,
            )
            response["Retry-After"] = "30"  # seconds: about what a big export takes
            return response
        export = Export.objects.create(
            project=project,
            period=period,
            kind=kind,
            format=fmt,
            requested_by=request.user,
            report_date=report_date,
            language=language,
        )
    # With the database backend this only stores the job; `run_worker` runs it. A task that fails has
    # already written its error into the Export row, which the page shows.
    try:
        run_export.enqueue(str(export.pk))
    except Exception:  # noqa: BLE001 - the immediate backend raises the task's own error here
        export.refresh_from_db()
    return redirect("reports:export_detail", pk=export.pk)


def _export(request, pk) -> Export:
    return get_object_or_404(Export.objects.of_user(request.user).select_related("project", "period"), pk=pk)


@login_required
@require_GET
def export_detail(request, pk):
    export = _export(request, pk)
    export.mark_seen()
    return render(request, "reports/export.html", {"export": export, "project": export.project})


@login_required
@require_GET
def export_status(request, pk):
    export = _export(request, pk)
    export.mark_seen()
    return JsonResponse(
        {
            "status": export.shown_status,
            "label": export.shown_status_label,
            "percent": export.progress_percent,
            "done": export.steps_done,
            "total": export.steps_total,
            "text": export.progress_text,
            "error": export.shown_error,
            "download": reverse("reports:export_download", args=[export.pk])
            if export.status == Export.Status.DONE
            else "",
        }
    )


@login_required
@require_GET
def export_download(request, pk):
    export = _export(request, pk)
    if export.status != Export.Status.DONE:
        raise Http404(_("This export is not ready."))
    export.mark_seen()
    return _attachment(export.content, export.filename, export.format)


class FreezeForm(ReportDateForm):
    confirm = forms.BooleanField(
        required=True,
        label=gettext_lazy(
            "I understand: the report is stored as it is now, and later edits will not change it."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm the freeze; nothing was frozen.")},
    )

    def __init__(self, *args, missing: int = 0, **kwargs):
        """`missing`: how many items the before-freeze check lists; with any, a second box names the count."""
        super().__init__(*args, **kwargs)
        if missing:
            self.fields["confirm_missing"] = confirm_missing_field(missing)


@login_required
@require_http_methods(["GET", "POST"])
def freeze(request, acronym, kind, number):
    """A confirmation page (GET) naming the report and period; the freeze itself is its POST, with the box
    ticked. Works without JavaScript; after the POST the browser lands on the frozen report (redirect)."""
    project = _project(request, acronym)
    period = _period(project, number)
    _kind(kind)
    if not is_coordinator(request.user, project):
        raise PermissionDenied(_("Only the coordinator freezes a report."))
    label = formats.KINDS[kind][0]
    names = {"report": label, "number": number}
    already = FrozenReport.objects.filter(project=project, period=period, kind=kind).only("pk").first()
    if already is not None:
        messages.error(request, _("%(report)s for period %(number)s is already frozen.") % names)
        return redirect("reports:frozen_compare", pk=already.pk)
    missing = missing_items(project, period, kind)
    form = FreezeForm(
        request.POST if request.method == "POST" else None,
        initial={"report_date": request.GET.get("report_date") or timezone.localdate()},
        missing=len(missing),
    )
    if request.method == "POST" and form.is_valid():
        report_date = form.cleaned_data["report_date"] if kind == "progress" else None
        try:
            frozen = report_freeze(
                project=project, period=period, kind=kind, user=request.user, report_date=report_date
            )
        except AlreadyFrozen:
            messages.error(request, _("%(report)s for period %(number)s is already frozen.") % names)
            return redirect(f"{reverse('reports:index', args=[acronym])}?period={number}")
        messages.success(request, _("%(report)s for period %(number)s is frozen.") % names)
        return redirect("reports:frozen_compare", pk=frozen.pk)
    return render(
        request,
        "reports/freeze_confirm.html",
        {
            "project": project,
            "period": period,
            "kind": kind,
            "label": label,
            "form": form,
            "missing": missing,
        },
        status=400 if form.is_bound else 200,
    )


def _frozen(request, pk) -> FrozenReport:
    visible = Project.objects.visible_to(request.user)
    return get_object_or_404(
        FrozenReport.objects.filter(project__in=visible).select_related("project", "period", "frozen_by"),
        pk=pk,
    )


@login_required
@require_GET
def frozen_download(request, pk, fmt):
    frozen = _frozen(request, pk)
    stored = get_object_or_404(FrozenFile.objects.filter(report=frozen), format=fmt)
    name = formats.filename(frozen.project.acronym, frozen.kind, frozen.period.number, fmt, frozen=True)
    return _attachment(stored.content, name, fmt)


@login_required
@require_GET
def frozen_compare(request, pk):
    frozen = _frozen(request, pk)
    diff = compare(frozen)
    return render(
        request,
        "reports/compare.html",
        {
            "frozen": frozen,
            "project": frozen.project,
            "diff": diff,
            "files": list(frozen.files.values_list("format", flat=True)),
            "label": formats.KINDS[frozen.kind][0],
        },
    )
