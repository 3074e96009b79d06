"""The record form pages: new and edit, for every kind (bound in RecordKind.urlpatterns()).

What the pages promise (issue 12): one record per form however often Save is pressed (a one-time token,
workspace/submissions.py); evidence files chosen on a form that comes back are kept, never
silently dropped; a date after the project's last reporting period is saved only once confirmed; a
returned record can be fixed and resubmitted in one step; every error is listed at the top.
"""

from crispy_forms.helper import FormHelper
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from consortium.access import acting_membership, may_review, projects_to_add_to
from consortium.models import Project, ReviewStatus
from workspace import submissions
from workspace.evidence import store_evidence
from workspace.forms import error_summary, needs_confirmation
from workspace.saving import EditConflict, files_reason, record_edit_save
from workspace.submissions import AlreadySaved

# Non-field errors are listed in the error summary at the top of the page; crispy's own box inside the
# form would show them a second time, so the form's fields are drawn without it.
FIELDS_ONLY_TEMPLATE = "workspace/_crispy_fields.html"


def editable_record(request, kind, pk):
    """404 if the user cannot see it at all; 403 if they see it but may not change it."""
    record = get_object_or_404(kind.queryset(request.user), pk=pk)
    if not kind.editable(request.user).filter(pk=pk).exists():
        raise PermissionDenied(_("You may not change this %(kind)s.") % {"kind": kind.label})
    return record


def _project_for_create(request, kind) -> tuple[Project, list[Project]]:
    """The project a new record goes into: the one asked for, else the user's first where they may add."""
    projects = projects_to_add_to(request.user, coordinator_only=kind.coordinator_only)
    if not projects:
        raise PermissionDenied(_("Your role lets you read records, not add them."))
    wanted = request.GET.get("project") or request.POST.get("project")
    chosen = next((p for p in projects if p.acronym == wanted), projects[0])
    return chosen, projects


def _save_extras(form, kind, record):
    form.save_m2m()
    if hasattr(form, "save_responsible"):
        form.save_responsible(record)
    if kind.after_save:
        kind.after_save(form, record)


def _already_saved(request, record):
    messages.info(
        request,
        _("This form was already saved (Save was pressed twice): here is “%(record)s” as it was saved.")
        % {"record": record},
    )
    return redirect(record.get_absolute_url())


def _render(request, kind, form, token, **context):
    if hasattr(form, "helper"):
        form.helper.template = FIELDS_ONLY_TEMPLATE
    else:
        form.helper = FormHelper()
        form.helper.form_tag, form.helper.template = False, FIELDS_ONLY_TEMPLATE
    return render(
        request,
        kind.template("form"),
        {
            "kind": kind,
            "form": form,
            "token": token,
            "token_field": submissions.TOKEN_FIELD,
            "keep_field": submissions.KEEP_FIELD,
            "summary": error_summary(form),
            "warning": getattr(form, "warning", ""),
            **context,
        },
    )


def _remember(token, user, record):
    """Store the form's token with the record it saved; a twin request that saved it first: AlreadySaved
    (raised inside the saving transaction, which is then undone)."""
    try:
        with transaction.atomic():
            submissions.remember_submission(token=token, user=user, record=record)
    except IntegrityError:
        raise AlreadySaved from None


def _create(*, form, kind, project, user, token, files):
    """Save a new record, its extras, its token and its files in one transaction (files last: a failure
    before them writes no file; store_evidence removes its own files if it fails)."""
    with transaction.atomic():
        record = form.save(commit=False)
        record.project = project
        if files:  # the creation's history row names the files it came with
            record._change_reason = files_reason(
                _("Evidence added: %(names)s"), [f.original_name for f in files]
            )
        record.save()
        _save_extras(form, kind, record)
        _remember(token, user, record)
        if files:
            store_evidence(record=record, files=files, user=user)
        submissions.discard_uploads(token, user)
    return record


@login_required
def record_create(request, kind):
    project, projects = _project_for_create(request, kind)
    form = kind.form_class(
        request.POST or None,
        request.FILES or None,
        instance=kind.model(project=project),
        project=project,
        membership=acting_membership(request.user, project),
    )
    token = submissions.form_token(request.POST if request.method == "POST" else None)
    waiting = []
    if request.method == "POST":
        done = submissions.saved_record(token, request.user, kind.model)
        if done is not None:
            return _already_saved(request, done)
        submissions.forget_old()
        waiting = submissions.pending_uploads(
            token, request.user, request.POST.getlist(submissions.KEEP_FIELD)
        )
        if form.is_valid() and not needs_confirmation(form, request.POST):
            files = [*(form.cleaned_data.get("evidence") or []), *submissions.pending_files(waiting)]
            try:
                record = _create(
                    form=form, kind=kind, project=project, user=request.user, token=token, files=files
                )
            except AlreadySaved:
                done = submissions.saved_record(token, request.user, kind.model)
                return _already_saved(request, done) if done else redirect(kind.url("list"))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Saved %(kind)s “%(record)s”.") % {"kind": kind.label, "record": record}
                )
                return redirect(record.get_absolute_url())
        _keep_chosen_files(form, token, request.user, waiting)
        waiting = submissions.waiting_uploads(token, request.user)
    return _render(
        request, kind, form, token, project=project, projects=projects, creating=True, waiting=waiting
    )


def _keep_chosen_files(form, token, user, waiting) -> None:
    """Files chosen this time that passed their check wait for the form to be saved (never dropped)."""
    field = form.fields.get("evidence")
    if field is None or not field.accepted:
        return
    not_kept = submissions.keep_uploads(token=token, user=user, files=field.accepted, waiting=len(waiting))
    if not_kept:
        form.add_error(
            "evidence",
            _("Not kept, over the limit of files per record form: %(names)s. Add them on the record's page.")
            % {"names": ", ".join(not_kept)},
        )


def _saved_by(token, request, kind, record) -> bool:
    """Whether this very form (its token) already saved this record."""
    done = submissions.saved_record(token, request.user, kind.model)
    return done is not None and done.pk == record.pk


@login_required
def record_edit(request, kind, pk):
    record = editable_record(request, kind, pk)
    was_returned = kind.is_record and record.review_status == ReviewStatus.RETURNED
    form = kind.form_class(
        request.POST or None,
        request.FILES or None,
        instance=record,
        project=record.project,
        membership=acting_membership(request.user, record.project),
    )
    if kind.is_record:
        form.fields["version"].required = True
    token = submissions.form_token(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _saved_by(token, request, kind, record):
        return _already_saved(request, record)
    conflict = None
    if request.method == "POST" and form.is_valid() and not needs_confirmation(form, request.POST):
        record = form.save(commit=False)
        try:
            resubmit = "resubmit" in request.POST or request.POST.get("save_anyway") == "resubmit"
            _edit(request, form, kind, record, token, resubmit=was_returned and resubmit)
        except (EditConflict, AlreadySaved) as exc:
            # A twin of this post (Save pressed twice) that saved first shows up as a conflict here.
            if _saved_by(token, request, kind, record):
                return _already_saved(request, kind.model._default_manager.get(pk=record.pk))
            conflict = exc
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Saved %(kind)s “%(record)s”.") % {"kind": kind.label, "record": record}
            )
            return redirect(record.get_absolute_url())
    return _render(
        request,
        kind,
        form,
        token,
        record=record,
        project=record.project,
        conflict=conflict,
        returned=was_returned,
    )


def _edit(request, form, kind, record, token, *, resubmit: bool):
    def after_save(saved):
        _save_extras(form, kind, saved)
        _remember(token, request.user, saved)

    if not kind.is_record:  # organisations and plan items: no version, no review
        with transaction.atomic():
            record.save()
            after_save(record)
        return
    record_edit_save(
        record=record,
        expected_version=form.cleaned_data["version"],
        changed_by_reviewer=may_review(request.user, record.project),
        resubmit=resubmit,
        after_save=after_save,
    )
