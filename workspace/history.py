"""A record's history for people: who, when, what changed; and restoring deleted records.

django-simple-history keeps one row per save and one per delete (history_type "-"); nothing here writes
history itself. Deleting keeps the responsible partners in the delete row's change reason, because the
many-to-many field is not part of the historical row, so a restore can give the record back to them.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext, pgettext_lazy

from consortium.models import Partner

# Fields whose change is bookkeeping, not content: left out of "what changed".
QUIET_FIELDS = {"version", "updated_at", "created_at", "position"}
KIND = {
    "+": pgettext_lazy("history of a record", "Created"),
    "~": pgettext_lazy("history of a record", "Changed"),
    "-": pgettext_lazy("history of a record", "Deleted"),
}
RESPONSIBLE_PREFIX = "Deleted; responsible: "  # stored in the history (data): shown by _reason_shown
RESTORED = "Restored"


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: datetime
    who: str
    what: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def _shown(model, name: str, value, names=None) -> str:
    if value in (None, ""):
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.is_relation and names is not None:
        return names.get((model_field.related_model, value), gettext("#%(id)s (removed)") % {"id": value})
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _related_names(model, changes) -> dict:
    """(related model, id) -> its name, for the foreign keys among the changes: one query per model named."""
    wanted: dict = {}
    for change in changes:
        model_field = model._meta.get_field(change.field)
        if model_field.is_relation:
            ids = wanted.setdefault(model_field.related_model, set())
            ids.update(v for v in (change.old, change.new) if v not in (None, ""))
    return {
        (related, obj.pk): str(obj)
        for related, ids in wanted.items()
        for obj in related._default_manager.filter(pk__in=ids)
    }


def history_rows(record, limit: int = 50) -> list[HistoryRow]:
    """Newest first; each save with the fields it changed.

    One query for the history rows and their users, plus one per kind of linked record a change names
    (an organisation replaced by another is shown by name, not by number).
    """
    model = type(record)
    entries = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    pairs = list(zip(entries, [*entries[1:], None], strict=False))[:limit]
    deltas = [
        [c for c in newer.diff_against(older).changes if c.field not in QUIET_FIELDS]
        if older is not None and newer.history_type == "~"
        else []
        for newer, older in pairs
    ]
    names = _related_names(model, [c for delta in deltas for c in delta])
    rows = []
    for (newer, _), delta in zip(pairs, deltas, strict=True):
        changes = [
            Change(
                str(capfirst(model._meta.get_field(c.field).verbose_name)),
                _shown(model, c.field, c.old, names),
                _shown(model, c.field, c.new, names),
            )
            for c in delta
        ]
        rows.append(
            HistoryRow(
                when=newer.history_date,
                who=newer.history_user.get_username()
                if newer.history_user
                else pgettext("who changed: no person", "system"),
                what=str(KIND.get(newer.history_type, newer.history_type)),
                changes=changes,
                reason=_reason_shown(newer.history_change_reason or ""),
            )
        )
    return rows


def _reason_shown(reason: str) -> str:
    """A change reason this module stored (in English, as data), in the reader's language."""
    if reason == RESTORED:
        return gettext("Restored")
    if reason.startswith(RESPONSIBLE_PREFIX):
        return gettext("Deleted; responsible: %(partners)s") % {"partners": reason[len(RESPONSIBLE_PREFIX) :]}
    return reason


def record_delete(*, record):
    """Delete a record; its history keeps every version and who deleted it, so it can be restored."""
    if hasattr(record, "responsible"):
        partners = ", ".join(p.short_name for p in record.responsible.all())
        record._change_reason = f"{RESPONSIBLE_PREFIX}{partners}"[:100]
    record.delete()


def deleted_records(model, projects):
    """The delete rows of records of these projects that have not been restored since."""
    existing = model.objects.values("pk")
    return (
        model.history.filter(history_type="-", project__in=projects)
        .exclude(id__in=existing)
        .select_related("history_user", "project")
        .order_by("-history_date")
    )


@transaction.atomic
def record_restore(*, deleted_row):
    """Bring a deleted record back as it was when deleted, with its partners; history gets a new row."""
    record = deleted_row.instance
    record._change_reason = RESTORED
    record.save()
    reason = deleted_row.history_change_reason or ""
    if reason.startswith(RESPONSIBLE_PREFIX) and hasattr(record, "responsible"):
        names = [n.strip() for n in reason[len(RESPONSIBLE_PREFIX) :].split(",") if n.strip()]
        record.responsible.set(Partner.objects.filter(project=record.project_id, short_name__in=names))
    return record
