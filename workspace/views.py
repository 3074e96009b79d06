"""The generic record pages. Plain functions taking a RecordKind (bound in RecordKind.urlpatterns()).

Scoping is always in the lookup (STYLE.md 4): a record of another project is not in `visible_to(user)`
and is a 404; a visible record the user may not change is a 403 from `editable_by(user)`. Templates
hide buttons the user may not use, but nothing relies on that.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.security_events import security_event
from consortium.access import rights
from consortium.models import Project
from workspace import exports
from workspace.editing import editable_record
from workspace.forms import EvidenceUploadForm, ReviewForm
from workspace.history import deleted_records, history_rows, record_delete, record_restore
from workspace.models import Evidence
from workspace.paging import configure_table
from workspace.saving import (
    record_add_evidence,
    record_remove_evidence,
    record_resubmit,
    record_return,
    record_verify,
)


@login_required
def record_list(request, kind):
    filterset = kind.filterset_class(
        request.GET or None, queryset=kind.queryset(request.user, listing=True), request=request
    )
    table = kind.table_class(filterset.qs)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        table.order_by = request.GET.get("sort")  # the file lists the rows in the order the page shows
        table.exclude = (*table.exclude, *getattr(table.Meta, "exclude_from_export", ()))
        return exports.download(exports.table_rows(table), export, kind.slug.replace("_", "-") + "s")
    configure_table(request, table)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    may = rights(request.user)  # in any of their projects: the list shows them all
    return render(
        request,
        kind.template("list"),
        {
            "kind": kind,
            "filter": filterset,
            "table": table,
            "query": query.urlencode(),
            "can_create": kind.may_add(may),
            "is_coordinator": may.coordinate,
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort", "per_page")),
        },
    )


@login_required
def record_detail(request, kind, pk):
    record = get_object_or_404(kind.queryset(request.user), pk=pk)
    can_edit = kind.editable(request.user).filter(pk=pk).exists()
    can_review = kind.is_record and kind.reviewable(request.user).filter(pk=pk).exists()
    return render(
        request,
        kind.template("detail"),
        {
            "kind": kind,
            "record": record,
            "fields": kind.shown_fields(record),
            "evidence": list(Evidence.objects.for_record(record)) if kind.has_evidence else None,
            "history": history_rows(record),
            "linked": linked_records(record),
            "can_edit": can_edit,
            "record_links": kind.record_links(record) if can_edit else [],
            "edit_refusal": "" if can_edit else kind.edit_refusal(request.user, record),
            "can_review": can_review,
            "review_form": ReviewForm(),
            "upload_form": EvidenceUploadForm(),
        },
    )


@login_required
def record_delete_view(request, kind, pk):
    record = editable_record(request, kind, pk)
    if request.method == "POST":
        try:
            with transaction.atomic():
                record_delete(record=record)
        except ProtectedError as exc:
            used_by = sorted({str(o._meta.verbose_name) for o in exc.protected_objects})
            messages.error(
                request,
                _("“%(record)s” is still used by %(used_by)s; it was not deleted.")
                % {"record": record, "used_by": ", ".join(used_by)},
            )
            return redirect(record.get_absolute_url())
        messages.success(
            request,
            _("Deleted %(kind)s “%(record)s”. The coordinator can restore it.")
            % {"kind": kind.label, "record": record},
        )
        return redirect(kind.url("list"))
    return render(request, "workspace/confirm_delete.html", {"kind": kind, "record": record})


@login_required
@require_POST
def review(request, kind, pk):
    record = get_object_or_404(kind.queryset(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied(_("Unknown review action."))
    action = form.cleaned_data["action"]
    scope = kind.editable if action == "resubmit" else kind.reviewable
    if not scope(request.user).filter(pk=pk).exists():
        raise PermissionDenied(_("Your role does not let you do this."))
    try:
        if action == "verify":
            record_verify(record=record, user=request.user)
            messages.success(request, _("Marked verified."))
        elif action == "return":
            record_return(record=record, user=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("Returned to the partner with your comment."))
        else:
            record_resubmit(record=record, user=request.user)
            messages.success(request, _("Resubmitted: it awaits review again."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(record.get_absolute_url())


@login_required
@require_POST
def evidence_upload(request, kind, pk):
    record = editable_record(request, kind, pk)
    form = EvidenceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rows = record_add_evidence(record=record, files=form.cleaned_data["evidence"], user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext("Added %(count)s file.", "Added %(count)s files.", len(rows)) % {"count": len(rows)},
            )
    else:
        messages.error(
            request, _("Nothing was added: %(reasons)s") % {"reasons": " ".join(form.errors["evidence"])}
        )
    return redirect(record.get_absolute_url())


def _evidence_and_record(request, pk, editing: bool):
    evidence = get_object_or_404(Evidence.objects.select_related("content_type"), pk=pk, removed_at=None)
    model = evidence.content_type.model_class()
    visible = model.objects.visible_to(request.user).filter(pk=evidence.object_id)
    record = visible.first()
    if record is None:
        security_event("evidence_refused", request, level=logging.WARNING, evidence=evidence.pk)
        raise Http404(_("No such file."))
    if editing and not model.objects.editable_by(request.user).filter(pk=record.pk).exists():
        raise PermissionDenied(_("You may not change this record's files."))
    return evidence, record


@login_required
def evidence_download(request, pk):
    """Files are only ever sent from here: permission checked, as an attachment, never rendered inline."""
    evidence, _record = _evidence_and_record(request, pk, editing=False)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def evidence_remove(request, pk):
    evidence, record = _evidence_and_record(request, pk, editing=True)
    record_remove_evidence(record=record, evidence=evidence, user=request.user)
    messages.success(
        request,
        _("Removed “%(name)s” from the record (kept in the trace).") % {"name": evidence.original_name},
    )
    return redirect(record.get_absolute_url())


@login_required
def deleted_list(request, kind):
    if not rights(request.user).coordinate:
        raise PermissionDenied(_("Only the coordinator restores deleted records."))
    rows = list(deleted_records(kind.model, Project.objects.coordinated_by(request.user))[:200])
    return render(request, "workspace/deleted.html", {"kind": kind, "rows": rows})


@login_required
@require_POST
def restore(request, kind, history_id):
    row = get_object_or_404(
        deleted_records(kind.model, Project.objects.coordinated_by(request.user)), history_id=history_id
    )
    record = record_restore(deleted_row=row)
    security_event("record_restored", request, kind=kind.slug, record=record.pk)
    messages.success(request, _("Restored %(kind)s “%(record)s”.") % {"kind": kind.label, "record": record})
    return redirect(record.get_absolute_url())


def linked_records(record) -> list[tuple[str, list]]:
    """Records of other kinds that point to this one (an event's agreements, a mission's events...).

    Found from the model's reverse relations, so this bottom layer names no app above it; one query per
    relation, whatever the number of rows.
    """
    groups = []
    for relation in record._meta.related_objects:
        if relation.hidden or not hasattr(relation.related_model, "get_absolute_url"):
            continue
        accessor = relation.get_accessor_name()
        rows = list(getattr(record, accessor).all()[:50])
        if rows:
            groups.append((str(relation.related_model._meta.verbose_name_plural).capitalize(), rows))
    return groups
