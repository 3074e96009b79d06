"""Saving records safely: optimistic concurrency on PartnerRecord.version, and the review actions.

Two people open the same record at version N. The first save runs `UPDATE ... SET version=N+1 WHERE
id=? AND version=N` and gets one row; the second finds no row with version N and is refused with
EditConflict naming who saved in between and when. The conditional UPDATE takes the row's write lock
until the transaction ends, so this holds under real concurrency on PostgreSQL and on SQLite (whose
IMMEDIATE transactions queue writers). The record is then saved with save(), so simple-history records
the change with its user (a QuerySet.update() alone would leave no history: RELIABILITY.md R17).
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consortium.access import may_review
from consortium.models import ReviewStatus
from workspace.evidence import CheckedFile, remove_evidence, store_evidence
from workspace.models import Evidence

# simple-history keeps a change reason of at most 100 characters.
REASON_LENGTH = 100


@dataclass
class EditConflict(Exception):
    """Someone saved the record after the editor loaded it."""

    by: str
    at: datetime | None
    version: int

    def __str__(self):
        if self.at:
            message = _(
                "%(by)s changed this record at %(when)s, after you opened it. Your changes were not saved: "
                "reload the record to see theirs, then make yours again."
            )
        else:
            message = _(
                "%(by)s changed this record after you opened it. Your changes were not saved: "
                "reload the record to see theirs, then make yours again."
            )
        when = date_format(timezone.localtime(self.at), "SHORT_DATETIME_FORMAT") if self.at else ""
        return message % {"by": self.by, "when": when}


def latest_change(record) -> tuple[str, datetime | None]:
    """Who saved the record last and when, from its history."""
    last = record.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    if last is None:
        return _("Someone"), None
    return (last.history_user.get_username() if last.history_user else _("Someone")), last.history_date


def record_save(*, record, expected_version: int, after_save=None):
    """Save an edited record unless it changed since `expected_version`; raise EditConflict if it did.

    `after_save(record)` runs inside the same transaction (many-to-many fields, target countries), so a
    conflict or a failure there leaves the database as it was.
    """
    model = type(record)
    with transaction.atomic():
        claimed = model.objects.filter(pk=record.pk, version=expected_version).update(
            version=expected_version + 1
        )
        if not claimed:
            current = model.objects.filter(pk=record.pk).values_list("version", flat=True).first()
            by, at = latest_change(record)
            raise EditConflict(by=by, at=at, version=current or 0)
        record.version = expected_version + 1
        record.save()
        if after_save:
            after_save(record)
    return record


def record_edit_save(
    *, record, expected_version: int, changed_by_reviewer: bool, resubmit: bool, after_save=None
):
    """Save an edited record (record_save) after the review rules: a verified record goes back to review
    unless a reviewer changed it (PartnerRecord.reopen_review), and a returned record its editor resubmits
    awaits review again, in the same save: one version, one history row, one transaction."""
    record.reopen_review(changed_by_reviewer=changed_by_reviewer)
    if resubmit and record.review_status == ReviewStatus.RETURNED:
        record.review_status = ReviewStatus.SUBMITTED
    return record_save(record=record, expected_version=expected_version, after_save=after_save)


def _bump_and_save(record):
    """A change of review state is a change like any other: new version, one history row."""
    record.version += 1
    type(record).objects.filter(pk=record.pk).update(version=record.version)
    record.save()


@transaction.atomic
def record_verify(*, record, user):
    """Mark a record verified: the task leader or coordinator checked it against its evidence."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    record.review_status = ReviewStatus.VERIFIED
    record.reviewed_by, record.reviewed_at, record.review_comment = user, timezone.now(), ""
    _bump_and_save(record)
    return record


@transaction.atomic
def record_return(*, record, user, comment: str):
    """Send a record back to its partner with a comment saying what needs changing."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what needs changing: a returned record needs a comment.")})
    record = type(record).objects.select_for_update().get(pk=record.pk)
    record.review_status = ReviewStatus.RETURNED
    record.reviewed_by, record.reviewed_at, record.review_comment = user, timezone.now(), comment
    _bump_and_save(record)
    return record


@transaction.atomic
def record_resubmit(*, record, user):
    """The partner says the returned record is fixed: it awaits review again (the comment stays)."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.review_status != ReviewStatus.RETURNED:
        raise PermissionDenied(_("Only a returned record can be resubmitted."))
    record.review_status = ReviewStatus.SUBMITTED
    _bump_and_save(record)
    return record


def files_reason(template: str, names: list[str]) -> str:
    """A history change reason naming files ("Evidence added: a.pdf, b.png"), cut to what history keeps."""
    reason = template % {"names": ", ".join(names)}
    return reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"


def _evidence_changed(record, *, user, reason: str):
    """Adding or removing a file changes the record: one history row by `user` naming the files, a new
    version (an editor who opened the record before gets a conflict), and a verified record goes back to
    review unless a reviewer of its project changed it (PartnerRecord.reopen_review)."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    record._change_reason, record._history_user = reason, user
    if hasattr(record, "reopen_review"):
        record.reopen_review(changed_by_reviewer=may_review(user, record.project))
        _bump_and_save(record)
    else:  # organisations: no version or review, but the history row all the same
        record.save()
    return record


@transaction.atomic
def record_add_evidence(*, record, files: list[CheckedFile], user) -> list[Evidence]:
    """Attach checked files to a record, as one change of the record (all of it, or nothing)."""
    names = [checked.original_name for checked in files]
    _evidence_changed(record, user=user, reason=files_reason(_("Evidence added: %(names)s"), names))
    return store_evidence(record=record, files=files, user=user)


@transaction.atomic
def record_remove_evidence(*, record, evidence: Evidence, user):
    """Hide a file from a record (the file and its row stay as the trace), as one change of the record."""
    remove_evidence(evidence=evidence, user=user)
    reason = files_reason(_("Evidence removed: %(names)s"), [evidence.original_name])
    return _evidence_changed(record, user=user, reason=reason)
