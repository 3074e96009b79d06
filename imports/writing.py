"""Writing the rows an import checked: in bulk, with history, in the caller's one transaction.

RecordResource (imports/resources.py) checks every row without writing (import-export's bulk mode
hands the rows over instead of saving them); BulkWriting.write() then writes them with
django-simple-history's bulk helpers, so the write lock is held for the writing only (issue 12, imports at
scale; bench/bench_import_scale.py).
"""

import time
from pathlib import Path

from django.conf import settings
from django.db import connections, models
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from events.models import EventCountry


class BulkWriting:
    """The writing half of RecordResource (which provides kind, checked, widgets, user, reason...)."""

    def write(self) -> tuple[list[int], list[int]]:
        """Write the rows import_data checked, in the caller's transaction; (created ids, updated ids).

        Checking (import_data, which here opens no transaction and saves nothing) takes no lock; this
        writes in bulk with django-simple-history's helpers (one history row each, the import's reason
        and user), so the write lock is held for the writing only. A row that another save changed since
        it was checked (its version moved) stops the import: StaleRows, and the caller's transaction
        writes nothing.
        """
        model = self.kind.model
        self._write_new_organisations()
        new = [instance for instance, _ in self.checked if instance.pk is None]
        old = [instance for instance, _ in self.checked if instance.pk is not None]
        for instance, _row in self.checked:
            instance._new = instance.pk is None  # for the many-to-many rules, once the new have ids
        if old and hasattr(model, "version"):
            seen = {instance.pk: instance.version - 1 for instance in old}
            now = dict(model.objects.filter(pk__in=seen).values_list("pk", "version"))
            moved = sorted(
                str(getattr(instance, self.kind.key))
                for instance in old
                if now.get(instance.pk) != seen[instance.pk]
            )
            if moved:
                raise StaleRows(moved)
        for start in range(0, len(new), BATCH):
            bulk_create_with_history(
                new[start : start + BATCH],
                model,
                batch_size=BATCH,
                default_user=self.user,
                default_change_reason=self.reason,
            )
            pause_for_tests(start + len(new[start : start + BATCH]))
        if old:
            now = timezone.now()
            for instance in old:
                if hasattr(instance, "updated_at"):
                    instance.updated_at = now  # auto_now is not applied by bulk_update
            # Only the columns some row changes: bulk_update writes a CASE per column and row, so the
            # ~30 columns of a record would hold the write lock ten times longer than the 2-4 changed.
            fields = sorted(
                {
                    f.attname
                    for instance in old
                    for f in model._meta.concrete_fields
                    if not f.primary_key
                    and getattr(instance, f.attname) != getattr(instance._original, f.attname)
                }
            )
            bulk_update_with_history(
                old,
                model,
                fields,
                default_user=self.user,
                default_change_reason=self.reason,
                manager=RowByRowUpdate.of(model),
            )
        self._write_many_to_many()
        return [i.pk for i in new], [i.pk for i in old]

    def _write_new_organisations(self):
        for widget in self.widgets.values():
            if not getattr(widget, "new", None):
                continue
            for organisation in widget.new:
                organisation.assign_keeper(self.membership)
            bulk_create_with_history(
                widget.new, type(widget.new[0]), default_user=self.user, default_change_reason=self.reason
            )
            widget.created = [organisation.pk for organisation in widget.new]
            widget.new = []

    def _write_many_to_many(self):
        """The rows' many-to-many values (and an event's countries), in a few queries for all rows."""
        for column in self.kind.columns:
            if not column.m2m:
                continue
            wanted = {}
            for instance, row in self.checked:
                values = self._wanted(column, instance, row)
                if values is not None:
                    wanted[instance.pk] = values
            if not wanted:
                continue
            if column.attribute == "target_countries":
                self._replace(EventCountry, "event_id", "country", wanted)
            else:
                field = self.kind.model._meta.get_field(column.attribute)
                through = field.remote_field.through
                source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
                self._replace(through, source, target, wanted)

    def _wanted(self, column, instance, row):
        """The values a many-to-many column of a row should end with, or None when left as they are."""
        if column.attribute == "responsible":
            chosen = self.partners_in(row) if self.chooses_partners and column.header in row else None
            return self.kind.model.responsible_after(
                chosen=chosen, membership=self.membership, has_partners=instance.pk in self._had_partners()
            )
        if column.header not in row:
            return None
        values = self.widgets[column.attribute].clean(row[column.header])
        return [getattr(value, "pk", value) for value in values]

    def _had_partners(self) -> set[int]:
        """Ids of the checked rows that existed with responsible partners before this import."""
        if self._with_partners is None:
            through = self.kind.model.responsible.through
            source = f"{self.kind.model._meta.get_field('responsible').m2m_field_name()}_id"
            pks = [
                instance.pk for instance, _ in self.checked if instance.pk is not None and not instance._new
            ]
            self._with_partners = set()
            for start in range(0, len(pks), BATCH):
                self._with_partners |= set(
                    through.objects.filter(**{f"{source}__in": pks[start : start + BATCH]}).values_list(
                        source, flat=True
                    )
                )
        return self._with_partners

    @staticmethod
    def _replace(table, source: str, target: str, wanted: dict):
        """Make `table` link each source id to exactly its wanted targets: one delete, one bulk insert."""
        have: dict = {}
        pks = list(wanted)
        for start in range(0, len(pks), BATCH):
            for pk, source_id, target_id in table.objects.filter(
                **{f"{source}__in": pks[start : start + BATCH]}
            ).values_list("pk", source, target):
                have.setdefault(source_id, {})[target_id] = pk
        gone = [
            pk
            for source_id, links in have.items()
            for value, pk in links.items()
            if value not in wanted[source_id]
        ]
        for start in range(0, len(gone), BATCH):
            table.objects.filter(pk__in=gone[start : start + BATCH]).delete()
        table.objects.bulk_create(
            [
                table(**{source: source_id, target: value})
                for source_id, values in wanted.items()
                for value in dict.fromkeys(values)
                if value not in have.get(source_id, {})
            ],
            batch_size=BATCH,
        )


class RowByRowUpdate(models.Manager):
    """A manager for simple-history's bulk_update_with_history (its `manager` argument) whose bulk_update
    runs one prepared `UPDATE ... SET <fields> WHERE id = ?` for all rows (executemany).

    Why: Django's bulk_update builds a CASE expression per field and row in Python (inside the write's
    transaction: 5,000 rows of an update import held SQLite's write lock 4 s, 20,000 rows 15 s); the
    history rows are still simple-history's. Same rows written as Django's (tests/imports/
    test_import_background.py compares them); figures in bench/RESULTS.md.
    """

    @classmethod
    def of(cls, model):
        manager = cls()
        manager.model, manager.name = model, "row_by_row_update"
        return manager

    def bulk_update(self, objs, fields, batch_size=None):
        connection = connections[self.db]
        quote = connection.ops.quote_name
        columns = [self.model._meta.get_field(name) for name in fields]
        # Only quoted names from the model's own metadata go into the text; every value is a parameter.
        table, key = quote(self.model._meta.db_table), quote(self.model._meta.pk.column)
        assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
        sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608
        params = [
            [column.get_db_prep_save(getattr(obj, column.attname), connection) for column in columns]
            + [obj.pk]
            for obj in objs
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
        return len(objs)


class StaleRows(Exception):
    """Rows changed by someone else between the check and the write; the import writes nothing."""

    def __init__(self, names: list[str]):
        self.names = names
        shown = ", ".join(names[:5])
        if len(names) > 5:
            shown = _("%(names)s and %(more)s more") % {"names": shown, "more": len(names) - 5}
        super().__init__(
            _("changed by someone else while the import was checked: %(names)s; import the file again")
            % {"names": shown}
        )


# Rows per INSERT/UPDATE statement (and per IN list): well under SQLite's limit of bound parameters.
BATCH = 500


def pause_for_tests(saved_rows: int) -> None:
    """Test-only hook for the kill -9 test (tests/imports/test_kill.py), off unless a setting turns it on.

    With settings.IMPORT_TEST_PAUSE_AFTER_ROWS = N (set only by tests/imports/kill_settings.py, never by
    elca/settings.py), the import writes settings.IMPORT_TEST_PAUSE_SIGNAL (a file path) after its N-th
    saved row, inside the open transaction, and sleeps, so the test kills it at a known point.
    """
    pause_after = getattr(settings, "IMPORT_TEST_PAUSE_AFTER_ROWS", None)
    if pause_after is None or saved_rows != pause_after:
        return
    Path(settings.IMPORT_TEST_PAUSE_SIGNAL).write_text(str(saved_rows))
    time.sleep(120)
