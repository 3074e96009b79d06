"""The writing page of a report text or a partner's contribution (issue 16).

GET shows the text (an empty one starts from the previous period's), the section's prompt, the difference
from the previous period, the period's numbers to insert, the history and, on a task's text, its partners'
contributions side by side. POST does what the pressed button says: save, preview (server-rendered, nothing
stored), submit, accept, return (with a comment), or, on a task's text, start from the contributions.
Saving stores the value of every number the text cites ([[CODE]]), so a later change shows as a warning.
Who may press what: narrative.access; a member who may not gets a 403, someone not in the project a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kpis.engine import BEHIND, build_dashboard
from narrative import access, images
from narrative.assemble import period_images
from narrative.diff import changed, word_diff
from narrative.forms import WritingForm
from narrative.markup import changed_numbers, number_codes, to_html
from narrative.models import Contribution, Status
from narrative.pieces import contribution_piece, text_piece
from narrative.records import period_records
from narrative.views import current_numbers, project_and_period

WRITER_ACTIONS = {"save", "preview", "submit", "merge", "upload"}
REVIEWER_ACTIONS = {"accept", "return"}


@login_required
@require_http_methods(["GET", "POST"])
def text(request, acronym, number, key, about="", pk=None):
    project, periods, period = project_and_period(request, acronym, number)
    m = access.membership(request.user, project)
    piece = text_piece(project, period, key, m, about=about, pk=pk)
    return _page(request, project, periods, period, piece, m.partner if m else None)


@login_required
@require_http_methods(["GET", "POST"])
def contribution(request, acronym, number, task, partner):
    project, periods, period = project_and_period(request, acronym, number)
    m = access.membership(request.user, project)
    piece = contribution_piece(project, period, task, partner, m)
    return _page(request, project, periods, period, piece, piece.partner)


def _uploaded(request, form, row) -> bool:
    """Attach the uploaded image to the row; False with the reason on the form when it is refused."""
    upload_file = request.FILES.get("image")
    if upload_file is None:
        form.add_error(None, _("Choose an image to upload."))
        return False
    try:
        image = images.upload(row, upload_file, request.user)
    except ValidationError as exc:
        form.add_error(None, exc.messages[0])
        return False
    messages.success(request, _("Image added: insert it with its button."))
    return image is not None


def _declaration(request, piece, action):
    """On the declaration, the ticked box and the filled lines go on the row; an error message or None."""
    section = piece.section
    if section is None or section.kind != "declaration" or action not in ("save", "submit"):
        return None
    choice = request.POST.get("choice", "")
    if choice and choice not in dict(section.choices):
        return _("Tick one of the declaration's boxes.")
    if action == "submit" and not choice:
        return _("Tick one of the declaration's boxes before submitting it.")
    piece.row.choice = choice
    piece.row.fields = {
        label: request.POST.get(f"field-{i}", "").strip()[:300] for i, label in enumerate(section.fields)
    }
    return None


def _indicator(project, period, periods, piece):
    """II.1's comment on one indicator: its result with the names of the records counted (the engine's)."""
    if piece.indicator is None:
        return None
    dashboard = build_dashboard(
        project, period, periods=periods, with_ids=True, only_code=piece.indicator.code
    )
    return next(iter(dashboard.results), None)


def _contributions(piece):
    """A task text's contributions of the same period, in partner order (one query)."""
    if piece.is_contribution or piece.task is None:
        return []
    return list(
        Contribution.objects.filter(period=piece.row.period, task=piece.task)
        .select_related("partner", "updated_by")
        .order_by("partner__number")
    )


def _merged(contributions) -> str:
    return "\n\n".join(
        f"**{c.partner.short_name}**\n\n{c.body.strip()}" for c in contributions if c.body.strip()
    )


def _page(request, project, periods, period, piece, partner):
    """The page; `partner` is whose records of the period are offered beside the text (None: everyone's)."""
    row = piece.row
    current, results = current_numbers(project, period, periods)
    # Every image of the period, as the report shows them: a task's text cites its contributions' images.
    shown = period_images(project, period)
    attached = images.attached_to(row, shown)
    image_urls = images.urls(project, shown.values())
    contributions = _contributions(piece)
    preview = None
    if request.method == "POST":
        form = WritingForm(request.POST, request.FILES)
        action = request.POST.get("action", "save")
        if action in REVIEWER_ACTIONS and not piece.may_review:
            raise PermissionDenied(
                _("Only the task's leader or the coordinator accepts or returns this text.")
            )
        if action not in REVIEWER_ACTIONS and not piece.may_write:
            raise PermissionDenied(_("You may read this text but not write it."))
        if form.is_valid():
            action = form.cleaned_data["action"]
            body = form.cleaned_data["body"]
            if action == "preview":
                preview = to_html(body, numbers=current, images=image_urls)
            elif action == "upload":
                if _uploaded(request, form, row):
                    return redirect(request.path)
            elif action == "merge" and not contributions:
                messages.warning(request, _("No partner has written a contribution to this task yet."))
                return redirect(request.path)
            elif (errors := _declaration(request, piece, action)) is None:
                _act(request, row, action, body, form.cleaned_data["comment"], current, contributions)
                return redirect(request.path)
            else:
                form.add_error(None, errors)
    else:
        body = row.body if row.pk else (piece.previous.body if piece.previous else "")
        form = WritingForm(initial={"body": body})
    shown = form["body"].value() or ""
    segments = word_diff(piece.previous.body, shown) if piece.previous else []
    return render(
        request,
        "narrative/write.html",
        {
            "project": project,
            "period": period,
            "piece": piece,
            "row": row,
            "form": form,
            "preview": preview,
            "html": to_html(row.body, numbers=current, images=image_urls) if row.pk else "",
            "images": [(image, image_urls[image.pk]) for image in attached],
            "prefilled": not row.pk and piece.previous is not None and bool(piece.previous.body),
            "segments": segments,
            "differs": changed(segments),
            "stale": changed_numbers(row.numbers, current) if row.pk else [],
            "results": results,
            "records": period_records(project, period, partner) if piece.may_write else [],
            "records_partner": partner,
            "contributions": [{"c": c, "html": to_html(c.body, numbers=current)} for c in contributions],
            "declaration": piece.section if piece.section and piece.section.kind == "declaration" else None,
            "declared_fields": [
                (i, label, row.fields.get(label, "")) for i, label in enumerate(piece.section.fields)
            ]
            if piece.section
            else [],
            "indicator": _indicator(project, period, periods, piece),
            "behind": BEHIND,
            "history": list(row.history.select_related("history_user")[:10]) if row.pk else [],
        },
    )


@transaction.atomic
def _act(request, row, action, body, comment, current, contributions):
    if action in ("save", "submit", "merge"):
        if action == "merge":
            body = _merged(contributions)
        row.body = body
        row.numbers = {code: current[code] for code in number_codes(body) if code in current}
        row.status = Status.SUBMITTED if action == "submit" else Status.DRAFT
        if action == "submit":
            row.returned_comment = ""
    elif action == "accept":
        if not row.pk:
            messages.error(request, _("There is nothing to accept: the text has not been written."))
            return
        row.status = Status.ACCEPTED
    else:  # return
        if not row.pk:
            messages.error(request, _("There is nothing to return: the text has not been written."))
            return
        row.status = Status.RETURNED
        row.returned_comment = comment.strip()
    row.updated_by = request.user
    row.save()
    done = {
        "save": _("Saved as a draft."),
        "merge": _("The text now starts from the contributions; change it and save."),
        "submit": _("Submitted."),
        "accept": _("Accepted."),
        "return": _("Returned to the writer with your comment."),
    }
    messages.success(request, done[action])
