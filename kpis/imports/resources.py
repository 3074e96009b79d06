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
from django.utils.translation import gettext as _
from import_export import fields, resources

from consortium.models import Membership, Organisation

# What the history entry of a verified record an import sent back to review adds to the import's reason.
REOPENED = "sent back to review"


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
        # `user` is None when the resource only exports (the template with records).
        self.chooses_partners = bool(user and user.is_superuser) or bool(
            self.membership and self.membership.chooses_partners
        )
        self.may_review = user is not None and Membership.objects.may_review(user, project)
        self._editable_pks = None

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
        """Why this user may not write this row, or "": the web forms' rules, asked the same way.

        An existing row must be in `editable_by(user)` (the edit page's question). Only a member who
        chooses partners (Membership.chooses_partners) sets a record's responsible partners; anyone
        else's new rows are their own partner's, and their existing rows keep their partners
        (PartnerRecord.assign_responsible): the cell may name fewer of them, not others.
        """
        if self.user.is_superuser:
            return ""
        role = self.membership.role if self.membership else None
        if role not in Membership.EDITING_ROLES:
            return _("you may not import into %(project)s (read-only access)") % {
                "project": self.project.acronym
            }
        mine = self.membership.partner
        if instance.pk and instance.pk not in self.editable_pks():
            if isinstance(instance, Organisation):
                if instance.owner_id is None:
                    return _("'%(name)s' is kept by no partner; only the coordinator edits it") % {
                        "name": instance.name
                    }
                return _("'%(name)s' is kept by %(owner)s; only they or the coordinator edit it") % {
                    "name": instance.name,
                    "owner": instance.owner,
                }
            return _("the record is not %(partner)s's; only its partner or the coordinator edit it") % {
                "partner": mine.short_name
            }
        if self.chooses_partners or isinstance(instance, Organisation):
            return ""
        if not hasattr(type(instance), "responsible"):
            return _("only the coordinator may import %(kind)s") % {"kind": self.kind.label}
        partners = self.partners_in(row)
        if instance.pk:
            current = set(instance.responsible.values_list("pk", flat=True))
            added = [p.short_name for p in partners if p.pk not in current]
            if added:
                return _(
                    "only the coordinator adds partners to a record, not %(partners)s; leave the "
                    "Responsible cell as the record has it"
                ) % {"partners": ", ".join(added)}
            return ""
        others = [p.short_name for p in partners if p != mine]
        if others or not partners:
            who = ", ".join(others) or _("the consortium")
            return _("you may import records of %(partner)s only, not of %(who)s") % {
                "partner": mine.short_name,
                "who": who,
            }
        return ""

    def editable_pks(self) -> set[int]:
        """The ids of this kind's rows in the project the user may change (`editable_by`), asked once."""
        if self._editable_pks is None:
            self._editable_pks = set(
                self.kind.model.objects.editable_by(self.user)
                .filter(project=self.project, **self.kind.fixed)
                .values_list("pk", flat=True)
            )
        return self._editable_pks

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.pk and not self.update:
            return True  # adding only: an existing Reference is left as it is (and reported as skipped)
        if instance.pk and self.m2m_changes(instance, row):
            return False  # import-export compares plain fields only
        return super().skip_row(instance, original, row, import_validation_errors)

    def m2m_changes(self, instance, row) -> bool:
        for column in self.kind.columns:
            if not column.m2m or column.header not in row or not self.m2m_written(column):
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

    def m2m_written(self, column) -> bool:
        """Responsible partners are written by those who choose them (PartnerRecord.assign_responsible)."""
        return column.attribute != "responsible" or self.chooses_partners

    def before_save_instance(self, instance, row, **kwargs):
        if (
            "responsible" in self.widgets
            and hasattr(type(instance), "consortium_led")
            and self.chooses_partners
        ):
            header = next(c.header for c in self.kind.columns if c.attribute == "responsible")
            instance.consortium_led = self.widgets["responsible"].is_consortium(row.get(header))
        if hasattr(type(instance), "version") and instance.pk:
            instance.version += 1
        if isinstance(instance, Organisation):
            instance.assign_keeper(self.membership)
        instance._change_reason = self.reason
        # Reached only by a row that changes its record (unchanged rows are skipped before): the web
        # edit's rule, PartnerRecord.reopen_review, and the history entry says so.
        reopens = instance.pk and hasattr(instance, "reopen_review")
        if reopens and instance.reopen_review(changed_by_reviewer=self.may_review):
            instance._change_reason = f"{self.reason}: {REOPENED}"[:100]
        instance._history_user = self.user

    def after_save_instance(self, instance, row, **kwargs):
        self.saved_rows += 1
        pause_for_tests(self.saved_rows)

    def created_organisations(self) -> list[int]:
        """Ids of the organisations this import added because a row named one not in the directory."""
        return [pk for widget in self.widgets.values() for pk in getattr(widget, "created", [])]

    def save_m2m(self, instance, row, **kwargs):
        for column in self.kind.columns:
            if not column.m2m or column.attribute == "target_countries":
                continue
            if column.attribute == "responsible":
                header = next(c.header for c in self.kind.columns if c.attribute == "responsible")
                chosen = self.partners_in(row) if self.chooses_partners and header in row else None
                instance.assign_responsible(chosen=chosen, membership=self.membership)
            elif column.header in row:
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
