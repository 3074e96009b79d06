"""One django-import-export resource per record kind, built from a column list (kinds.py).

A resource is bound to one project and one user: the natural key (Reference) is looked up inside the
project only, every row is checked against what the user may change, and each save leaves a history
entry naming the import.
"""

import functools

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import CheckConstraint, Q
from django.utils.translation import gettext as _
from import_export import fields, resources

from consortium.access import may_review
from consortium.models import Membership, Organisation
from consortium.models.records import vague_date_names
from imports.loader import KeyedInstanceLoader
from imports.spec import Kind
from imports.widgets import LookupWidget
from imports.writing import BulkWriting

# What the history entry of a verified record an import sent back to review adds to the import's reason.
REOPENED = "sent back to review"


PROGRESS_EVERY = 250  # rows checked between two progress reports (one small UPDATE each)


class RecordResource(BulkWriting, resources.ModelResource):
    """Imports rows of one kind into one project for one user; see module docstring."""

    def __init__(self, kind: Kind, project, user, update: bool, source: str, reason: str = ""):
        super().__init__()
        self.kind, self.project, self.user, self.update, self.source = kind, project, user, update, source
        # The history entry of every row this import saves: "import #12 file.xlsx" (ImportRun.reason).
        self.reason = (reason or f"import of {source}")[:100]
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
        self.may_review = user is not None and may_review(user, project)
        self._editable_pks = None
        self._seen_keys: set = set()
        self.checked: list = []  # (instance, row) of every row to write, in file order
        self.progress = None  # progress(done, total): told as rows are checked (imports.tasks)
        self.rows_total = self.rows_done = 0
        self._with_partners: set | None = None
        self._other_keys: set | None = None

    # -- scoping ----------------------------------------------------------------------------------
    def get_queryset(self):
        """The kind's rows in the project, with what their columns show: the rows the file names are
        loaded (and, for undo, exported) in a few queries whatever their number, not a few per row."""
        model = self.kind.model
        related, many = ["project"], []
        for column in self.kind.columns:
            try:
                field = model._meta.get_field(column.attribute)
            except FieldDoesNotExist:
                continue  # a vague date, kept in three columns
            if field.many_to_one:
                related.append(column.attribute)
            elif field.many_to_many or field.one_to_many:
                many.append(column.attribute)
        return (
            model.objects.filter(project=self.project, **self.kind.fixed)
            .select_related(*related)
            .prefetch_related(*many)
        )

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
            errors[key.attribute] = ValidationError(
                _("%(column)s is needed to recognise the row next time") % {"column": key.label}
            )
        else:
            taken = self.key_taken(instance, row)
            if taken:
                errors[key.attribute] = ValidationError(taken)
        for column in self.kind.columns:
            if column.required and not str(row.get(column.header) or "").strip() and column is not key:
                errors[column.attribute] = ValidationError(
                    _("%(column)s is needed") % {"column": column.label}
                )
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

    def key_taken(self, instance, row) -> str:
        """Why the row's key cannot be its record's, or "": twice in the file, or another kind's record.

        Checked here from two sets (one query) instead of by the unique constraint per row, which costs
        Django a query each (validate_instance leaves the key's constraint out).
        """
        key = self.kind.key_column
        try:
            value = self.widgets[key.attribute].clean(row.get(key.header))
        except ValueError:
            return ""  # the widget's own message comes with the row
        if value in self._seen_keys:
            return _("%(value)s is in the file twice; each row needs its own %(column)s") % {
                "value": value,
                "column": key.label,
            }
        self._seen_keys.add(value)
        if self._other_keys is None:
            others = self.kind.model.objects.filter(project=self.project).exclude(
                pk__in=self.get_queryset().values("pk")
            )
            self._other_keys = set(others.values_list(key.attribute, flat=True))
        if instance.pk is None and value in self._other_keys:
            return _("%(value)s is the %(column)s of another kind of record in %(project)s") % {
                "value": value,
                "column": key.label,
                "project": self.project.acronym,
            }
        return ""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's full_clean, without the constraints each of which costs Django a query per row
        (Q.check, 1-3 ms) and which cannot fail here: a vague date's three columns (the date widget
        always writes them whole and in order) and the key's uniqueness (key_taken, asked from sets)."""
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            # A directory row named in the file (found, or new and written first by write()) needs no
            # query to prove it exists; neither does the project the resource sets.
            looked_up = {
                name
                for name, widget in self.widgets.items()
                if isinstance(widget, LookupWidget) and getattr(instance, name, None) is not None
            }
            steps = (
                lambda exclude: instance.clean_fields(exclude=exclude | looked_up | {"project"}),
                lambda exclude: instance.clean(),
                lambda exclude: self._validate_constraints(instance, exclude),
            )
            for step in steps:
                try:
                    step(exclude={name for name in errors if name != NON_FIELD_ERRORS})
                except ValidationError as exc:
                    errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _validate_constraints(self, instance, exclude):
        """Model.validate_constraints over the constraints left to ask (_constraints)."""
        errors = {}
        for model, constraint in self._constraints:
            try:
                constraint.validate(model, instance, exclude=exclude)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @functools.cached_property
    def _constraints(self) -> list:
        """(model, constraint) of the kind's model, but those on a vague date's columns or the key."""
        model = self.kind.model
        checked_here = {self.kind.key} | {
            f"{getattr(model, name).prefix}_{part}"
            for name in vague_date_names(model)
            for part in ("start", "end", "precision")
        }
        kept = []
        for owner, constraints in model(project=self.project).get_constraints():
            for constraint in constraints:
                fields = set(getattr(constraint, "fields", ()) or ())
                if isinstance(constraint, CheckConstraint):
                    fields = Q(constraint.condition).referenced_base_fields
                if not fields & checked_here:
                    kept.append((owner, constraint))
        return kept

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
        if not (self.membership and self.membership.may_record):
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
            current = {partner.pk for partner in instance.responsible.all()}  # prefetched by the loader
            added = [p.short_name for p in partners if p.pk not in current]
            if added:
                column = next(c for c in self.kind.columns if c.attribute == "responsible")
                return _(
                    "only the coordinator adds partners to a record, not %(partners)s; leave the "
                    "%(column)s cell as the record has it"
                ) % {"partners": ", ".join(added), "column": column.label}
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
        instance._original = original  # what write() compares to, to update the changed columns only
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
            # .all(): the values the loader prefetched for every row of the file
            if column.attribute == "target_countries":
                if set(wanted) != {country.country for country in instance.target_countries.all()}:
                    return True
            elif {o.pk for o in wanted} != {o.pk for o in getattr(instance, column.attribute).all()}:
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
        """Checking writes nothing: the row is kept, and written with the others by write()."""
        self.checked.append((instance, row))

    def before_import_row(self, row, **kwargs):
        self.rows_done += 1
        if self.progress and self.rows_done % PROGRESS_EVERY == 0:
            self.progress(self.rows_done, self.rows_total)

    def after_import(self, dataset, result, **kwargs):
        """Nothing: import-export resets the id sequences here for files that bring their own ids (ours
        never do), which would run while the rows are only checked."""

    def before_import(self, dataset, **kwargs):
        self.rows_total, self.rows_done = len(dataset), 0

    def save_m2m(self, instance, row, **kwargs):
        """Many-to-many values are written by write(), after the rows have their ids."""

    def bulk_create(self, *args, **kwargs):
        self.create_instances.clear()  # kept in `checked`; write() writes them

    def bulk_update(self, *args, **kwargs):
        self.update_instances.clear()

    def bulk_delete(self, *args, **kwargs):
        self.delete_instances.clear()

    def created_organisations(self) -> list[int]:
        """Ids of the organisations this import added because a row named one not in the directory."""
        return [pk for widget in self.widgets.values() for pk in getattr(widget, "created", [])]


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
            # Checking runs without a transaction and writes nothing: import-export hands the rows to
            # bulk_create/bulk_update (use_bulk), which only clear its lists here; write() writes them.
            "use_transactions": False,
            "use_bulk": True,
            "skip_html_diff": True,
            "instance_loader_class": KeyedInstanceLoader,
        },
    )
    cls = type(f"{kind.model.__name__}ImportResource", (RecordResource,), {"Meta": meta})
    return cls(kind, project, user, update=update, source=source, reason=reason)
