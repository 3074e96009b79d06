"""One django-import-export resource per record kind, built from a column list (kinds.py).

A resource is bound to one project and one user: the natural key (Reference) is looked up inside the
project only, every row is checked against what the user may change, and each save leaves a history
entry naming the import.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from import_export import fields, resources

from consortium.models import Membership, Organisation


@dataclass(frozen=True)
class Column:
    header: str
    attribute: str
    widget: Any  # a callable (project) -> Widget
    help: str
    allowed: str = ""
    required: bool = False
    synonyms: tuple[str, ...] = ()
    m2m: bool = False


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    model: Any
    columns: list[Column]
    fixed: dict = field(default_factory=dict)  # values every row of this kind gets (kind, category)
    key: str = "external_ref"

    @property
    def key_column(self) -> Column:
        return next(c for c in self.columns if c.attribute == self.key)


class RecordResource(resources.ModelResource):
    """Imports rows of one kind into one project for one user; see module docstring."""

    def __init__(self, kind: Kind, project, user, update: bool, source: str, reason: str = ""):
        super().__init__()
        self.kind, self.project, self.user, self.update, self.source = kind, project, user, update, source
        # The history entry of every row this import saves: "import #12 file.xlsx" (ImportRun.reason).
        self.reason = (reason or f"import of {source}")[:100]
        self.saved_rows = 0
        self.fields = {}
        self.widgets = {}
        for column in kind.columns:
            widget = column.widget(project)
            if hasattr(widget, "created"):
                widget.reason = self.reason
            self.widgets[column.attribute] = widget
            self.fields[column.attribute] = fields.Field(
                attribute=column.attribute, column_name=column.header, widget=widget, m2m_add=False
            )
        self.membership = (
            Membership.objects.filter(user=user, project=project).select_related("partner").first()
        )

    # -- scoping ----------------------------------------------------------------------------------
    def get_queryset(self):
        return self.kind.model.objects.filter(project=self.project, **self.kind.fixed)

    def get_import_id_fields(self):
        return [self.kind.key]

    def get_import_fields(self):
        # Many-to-many values (and an event's countries) are written after the row is saved: save_m2m.
        m2m = {c.attribute for c in self.kind.columns if c.m2m}
        return [f for name, f in self.fields.items() if name not in m2m]

    def get_export_fields(self, selected_fields=None):
        return list(self.fields.values())

    def dehydrate_responsible(self, record):
        """Partners, and the project's acronym for work done by the consortium as a whole."""
        names = [p.short_name for p in record.responsible.all()]
        if record.consortium_led:
            names.append(self.project.acronym)
        return ", ".join(names)

    def init_instance(self, row=None):
        return self.kind.model(project=self.project, **self.kind.fixed)

    # -- rows -------------------------------------------------------------------------------------
    def import_instance(self, instance, row, **kwargs):
        errors = {}
        key = self.kind.key_column
        if not str(row.get(key.header) or "").strip():
            errors[key.attribute] = ValidationError(f"{key.header} is needed to recognise the row next time")
        for column in self.kind.columns:
            if column.required and not str(row.get(column.header) or "").strip() and column is not key:
                errors[column.attribute] = ValidationError(f"{column.header} is needed")
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.error_dict)
        for column in self.kind.columns:
            if column.m2m and column.header in row:
                try:
                    self.widgets[column.attribute].clean(row[column.header])
                except ValueError as exc:
                    errors[column.attribute] = ValidationError(str(exc))
        if not errors:
            refusal = self.refusal(instance, row)
            if refusal:
                errors["responsible"] = ValidationError(refusal)
        if errors:
            raise ValidationError(errors)

    def partners_in(self, row) -> list:
        column = next((c for c in self.kind.columns if c.attribute == "responsible"), None)
        if column is None or column.header not in row:
            return []
        return self.widgets["responsible"].clean(row[column.header])

    def refusal(self, instance, row) -> str:
        """Why this user may not write this row, or ""; partners import their own partner's rows only."""
        if self.user.is_superuser:
            return ""
        role = self.membership.role if self.membership else None
        if role == Membership.Role.COORDINATOR:
            return ""
        if role not in Membership.EDITING_ROLES:
            return f"you may not import into {self.project.acronym} (read-only access)"
        mine = self.membership.partner
        if isinstance(instance, Organisation):
            if instance.pk and instance.owner_id not in (None, mine.pk):
                return f"'{instance.name}' is kept by {instance.owner}; only they or the coordinator edit it"
            return ""
        if not hasattr(type(instance), "responsible"):
            return f"only the coordinator may import {self.kind.label}"
        if instance.pk and not instance.responsible.filter(pk=mine.pk).exists():
            return f"the record is not {mine.short_name}'s; only its partner or the coordinator edit it"
        partners = self.partners_in(row)
        others = [p.short_name for p in partners if p != mine]
        if others or not partners:
            who = ", ".join(others) or "the consortium"
            return f"you may import records of {mine.short_name} only, not of {who}"
        return ""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.pk and not self.update:
            return True  # adding only: an existing Reference is left as it is (and reported as skipped)
        if instance.pk and self.m2m_changes(instance, row):
            return False  # import-export compares plain fields only
        return super().skip_row(instance, original, row, import_validation_errors)

    def m2m_changes(self, instance, row) -> bool:
        for column in self.kind.columns:
            if not column.m2m or column.header not in row:
                continue
            wanted = self.widgets[column.attribute].clean(row[column.header])
            if column.attribute == "target_countries":
                have = set(instance.target_countries.values_list("country", flat=True))
                if set(wanted) != have:
                    return True
            elif {o.pk for o in wanted} != set(
                getattr(instance, column.attribute).values_list("pk", flat=True)
            ):
                return True
        return False

    def before_save_instance(self, instance, row, **kwargs):
        if "responsible" in self.widgets and hasattr(type(instance), "consortium_led"):
            header = next(c.header for c in self.kind.columns if c.attribute == "responsible")
            instance.consortium_led = self.widgets["responsible"].is_consortium(row.get(header))
        if hasattr(type(instance), "version") and instance.pk:
            instance.version += 1
        if isinstance(instance, Organisation) and not instance.owner_id and self.membership:
            instance.owner = self.membership.partner
        instance._change_reason = self.reason
        instance._history_user = self.user

    def after_save_instance(self, instance, row, **kwargs):
        self.saved_rows += 1
        pause_for_tests(self.saved_rows)

    def created_organisations(self) -> list[int]:
        """Ids of the organisations this import added because a row named one not in the directory."""
        return [pk for widget in self.widgets.values() for pk in getattr(widget, "created", [])]

    def save_m2m(self, instance, row, **kwargs):
        for column in self.kind.columns:
            if column.m2m and column.header in row and column.attribute != "target_countries":
                getattr(instance, column.attribute).set(
                    self.widgets[column.attribute].clean(row[column.header])
                )
        self.after_m2m(instance, row)

    def after_m2m(self, instance, row):
        """Values kept in other tables (an event's target countries) are written here."""
        countries_column = next((c for c in self.kind.columns if c.attribute == "target_countries"), None)
        if countries_column and countries_column.header in row:
            wanted = set(self.widgets["target_countries"].clean(row[countries_column.header]))
            instance.target_countries.exclude(country__in=wanted).delete()
            have = set(instance.target_countries.values_list("country", flat=True))
            for code in sorted(wanted - have):
                instance.target_countries.create(country=code)


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


def resource_for(kind: Kind, project, user, *, update: bool, source: str, reason: str = "") -> RecordResource:
    """A RecordResource subclass bound to the kind's model (import-export reads the model from Meta)."""
    meta = type(
        "Meta",
        (),
        {
            "model": kind.model,
            "fields": (),
            "clean_model_instances": True,
            "skip_unchanged": True,
            "report_skipped": True,
            "use_transactions": True,
            "skip_html_diff": True,
        },
    )
    cls = type(f"{kind.model.__name__}ImportResource", (RecordResource,), {"Meta": meta})
    return cls(kind, project, user, update=update, source=source, reason=reason)
