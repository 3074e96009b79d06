"""One submission per form, and evidence files kept while a form comes back (issue 12, daily work 2 and 5).

Every record form carries a one-time token (a hidden field). Saving stores it (FormSubmission) in the
same transaction as the record; the same form posted again is sent to what it saved. Files chosen on a
create form that comes back (an error elsewhere, a warning to confirm) are checked, then kept as
PendingUpload rows under that token and user, listed on the form ("invoice.pdf will be attached"), and
attached when the form is saved. Both kinds of row are removed after a day.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from workspace.evidence import CheckedFile
from workspace.models import FormSubmission, PendingUpload

# The name of a form field, not a secret (ruff S105 and bandit B105 take "token" for a password).
TOKEN_FIELD = "form_token"  # noqa: S105  # nosec B105
KEEP_FIELD = "keep_evidence"
KEPT_FOR = timedelta(days=1)


class AlreadySaved(Exception):
    """The form's token was saved by another request (a double click that arrived at the same time)."""


def form_token(data) -> uuid.UUID:
    """The token a posted form carries, or a new one for a form shown for the first time (or tampered)."""
    try:
        return uuid.UUID(str((data or {}).get(TOKEN_FIELD, "")))
    except ValueError:
        return uuid.uuid4()


def saved_record(token: uuid.UUID, user, model):
    """The record of `model` this user's form with `token` saved, if it was saved."""
    found = FormSubmission.objects.filter(
        token=token, user=user, content_type=ContentType.objects.get_for_model(model)
    ).first()
    return model._default_manager.filter(pk=found.object_id).first() if found else None


def remember_submission(*, token: uuid.UUID, user, record) -> None:
    """Store the token with what it saved; call inside the transaction that saves the record.

    A second request with the same token fails here (unique token) and its transaction is undone.
    """
    FormSubmission.objects.create(
        token=token, user=user, content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )


def forget_old() -> None:
    """Remove tokens and waiting files older than a day (forms left half-way)."""
    since = timezone.now() - KEPT_FOR
    FormSubmission.objects.filter(created_at__lt=since).delete()
    PendingUpload.objects.filter(created_at__lt=since).delete()


# -- files waiting for their form ------------------------------------------------------------------------
def pending_uploads(token: uuid.UUID, user, keep: list[str]) -> list[PendingUpload]:
    """The files this form kept, without their bytes; those the user unticked (not in `keep`) go now."""
    rows = PendingUpload.objects.filter(token=token, user=user)
    wanted = {value for value in keep if value.isdigit()}
    rows.exclude(pk__in=wanted).delete()
    return list(rows.defer("data"))


def waiting_uploads(token: uuid.UUID, user) -> list[PendingUpload]:
    """The files waiting for this form, without their bytes."""
    return list(PendingUpload.objects.filter(token=token, user=user).defer("data"))


def keep_uploads(*, token: uuid.UUID, user, files: list[CheckedFile], waiting: int) -> list[str]:
    """Keep checked files for the form; returns the names of those not kept (over the file limit)."""
    limit = settings.EVIDENCE_MAX_FILES
    room = max(limit - waiting, 0)
    PendingUpload.objects.bulk_create(
        [
            PendingUpload(
                token=token,
                user=user,
                original_name=checked.original_name[:255],
                mime_type=checked.mime_type,
                extension=checked.extension,
                size=len(checked.data),
                data=checked.data,
            )
            for checked in files[:room]
        ]
    )
    return [checked.original_name for checked in files[room:]]


def pending_files(rows: list[PendingUpload]) -> list[CheckedFile]:
    """The kept files' contents, ready to be stored as evidence (they were checked when chosen)."""
    by_pk = dict(PendingUpload.objects.filter(pk__in=[r.pk for r in rows]).values_list("pk", "data"))
    return [
        CheckedFile(bytes(by_pk[row.pk]), row.original_name, row.mime_type, row.extension)
        for row in rows
        if row.pk in by_pk
    ]


def discard_uploads(token: uuid.UUID, user) -> None:
    PendingUpload.objects.filter(token=token, user=user).delete()
