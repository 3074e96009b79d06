"""How the security tests build a record of any kind and fill its form, without code per kind.

Records are built generically from the model's required fields (so a new RecordKind needs no code here),
and form data is read back from the kind's own form (so a POST is what the page itself would send).
"""

import io
import itertools
from datetime import date

from django import forms
from django.db import models
from django_countries.fields import CountryField
from pypdf import PdfWriter

from consortium.models import Organisation
from workspace.kinds import RecordKind

serials = itertools.count(1)


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _required_value(model, field, project, partner):
    """A valid value for a required field that has no default."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        if target is Organisation:
            return Organisation.objects.create(project=project, name=f"Org {next(serials)}", owner=partner)
        raise LookupError(f"{model.__name__}.{field.name}: say how to build a {target.__name__}")
    if isinstance(field, CountryField):
        return "CL"
    if isinstance(field, models.DateField):
        return date(2021, 1, 15)
    if isinstance(field, models.IntegerField):
        return next(serials) % 12 + 1  # small: months, counts and positions all take it
    if isinstance(field, models.CharField | models.TextField):
        return f"{model._meta.verbose_name} {next(serials)}"
    raise LookupError(f"{model.__name__}.{field.name}: say how to fill a {type(field).__name__}")


def _any_row(model):
    """A row of a small reference table (sectors...), made if there is none."""
    found = model._default_manager.first()
    if found is None:
        values = {
            f.name: _required_value(model, f, None, None)
            for f in model._meta.concrete_fields
            if not (f.primary_key or f.has_default() or f.null or f.blank)
        }
        found = model._default_manager.create(**values)
    return found


def _offered(kind: RecordKind, project, name: str):
    """The first value the kind's form offers for `name` where the form, not the model, holds the list (an
    event's category: one of its project's), else None."""
    field = kind.form_class(project=project, membership=None).fields.get(name)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return next((value for value, _label in field.choices if value), None)
    return None


def build_record(kind: RecordKind, project, partner, **values):
    """One row of the kind, in `project`, belonging to `partner` (responsible partner or owner)."""
    model = kind.model
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in values or field.has_default() or field.null or field.blank:
            continue
        if field.name == "project":
            values["project"] = project
            continue
        offered = _offered(kind, project, field.name) if not field.choices else None
        values[field.name] = offered or _required_value(model, field, project, partner)
    values.setdefault("project", project)
    if any(f.name == "owner" for f in model._meta.concrete_fields):
        values.setdefault("owner", partner)
    record = model(**values)
    record.save()
    for field in model._meta.many_to_many:
        if not field.blank:  # a required choice (e.g. the sectors of a sector involvement)
            getattr(record, field.name).set([_any_row(field.related_model)])
    if kind.is_record:
        record.responsible.set([partner])
    return record


def is_plan(kind) -> bool:
    """Plan items take a free row number (unique per project)."""
    return kind.model._meta.label == "kpis.PlanItem"


def form_data(form) -> dict:
    """What the browser would post back for this (unbound) form: every field's current value."""
    data = {}
    for bound in form:
        field = bound.field
        if isinstance(field, forms.FileField):
            continue
        value = bound.value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = str(value)
    return data
