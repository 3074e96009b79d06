"""One record kind, one declaration (STYLE.md 17): `RecordKind.fields` gives the form and the record's page.

For every kind: the form's fields and the page's fields are the declared ones in the declared order, their
labels are the model's, a field added to the declaration appears on both, and the list's table shows only
declared fields. (The import's columns: tests/imports/test_declared_columns.py.)
"""

import dataclasses

import pytest
from django.utils.text import capfirst

from consortium.models import Membership
from consortium.models.records import VagueDateAccessor
from portal.home import WORKSPACE_KINDS
from tests.factories import AgreementFactory
from tests.workspace import test_record_kinds
from workspace.kinds import PARTNER_FIELDS

KINDS = {kind.slug: kind for kind in WORKSPACE_KINDS}
# Columns of a list that are no field of the kind's own: who is responsible (PARTNER_FIELDS), the review
# state, an event's target countries (the declared (label, function) pair shows them on its page) and a
# communication activity's audience in all (its declared audience fields added up).
SHARED_COLUMNS = {"responsible", "review", "countries", "audience"}


def declared(kind) -> list[str]:
    """The declared field names (a (label, function) pair is a value only the page derives)."""
    return [name for name in kind.fields if isinstance(name, str)]


def label(kind, name) -> str:
    """A field's label as the model gives it."""
    accessor = getattr(kind.model, name, None)
    if isinstance(accessor, VagueDateAccessor):
        return str(capfirst(accessor.verbose_name))
    return str(capfirst(kind.model._meta.get_field(name).verbose_name))


def the_form(kind, project, coordinator, record=None):
    membership = Membership.objects.get(user=coordinator, project=project)
    return kind.form_class(instance=record, project=project, membership=membership)


def own_form_fields(form, kind) -> list[str]:
    """The form's fields that are fields of the record (not the version, evidence or other helpers)."""
    helpers = set(form.declared_fields) - set(kind.form_class._meta.fields)
    return [name for name in form.fields if name not in helpers]


def a_record(kind, project, amz):
    if kind.slug == "agreement":
        return AgreementFactory(project=project, responsible=[amz])
    by_slug = {k.slug: k for k in test_record_kinds.ALL}
    return test_record_kinds.make(by_slug[kind.slug], project, amz)


@pytest.mark.parametrize("slug", sorted(KINDS))
def test_form_offers_the_declared_fields_in_their_order(slug, project, coordinator):
    kind = KINDS[slug]
    form = the_form(kind, project, coordinator)
    partners = PARTNER_FIELDS if kind.is_record else []
    assert own_form_fields(form, kind) == [*declared(kind), *partners]


@pytest.mark.parametrize("slug", sorted(KINDS))
def test_page_shows_the_declared_fields_in_their_order(slug):
    kind = KINDS[slug]
    fields = [name for name in kind.fields if not (kind.is_record and name == "name")]
    first = [name for name in kind.detail_first if name in fields]
    rest = [name for name in fields if name not in first]
    tail = [*PARTNER_FIELDS, "external_ref"] if kind.is_record else []
    assert kind.detail_fields == [*first, *rest, *tail]


@pytest.mark.parametrize("slug", sorted(KINDS))
def test_labels_on_form_and_page_are_the_models(slug, project, amz, coordinator):
    kind = KINDS[slug]
    record = a_record(kind, project, amz)
    form = the_form(kind, project, coordinator, record)
    worded_by_form = getattr(getattr(kind.form, "Meta", None), "labels", {})
    shown = {
        name: item.label for name, item in zip(kind.detail_fields, kind.shown_fields(record), strict=True)
    }
    for name in declared(kind):
        if name != "name" or not kind.is_record:
            assert shown[name] == label(kind, name), name
        if name not in worded_by_form:
            assert form[name].label == label(kind, name), name


def test_labels_the_form_words_itself_are_few():
    """Form-only wording is the exception, each commented where it is declared."""
    worded = {
        kind.slug: sorted(getattr(getattr(kind.form, "Meta", None), "labels", {})) for kind in WORKSPACE_KINDS
    }
    assert {slug: names for slug, names in worded.items() if names} == {
        "cooperation_case": [
            "by",
            "eu_organisation",
            "next_steps",
            "objective_other",
            "partner_country",
            "partner_organisation",
            "sector_technology",
            "steps_taken",
        ],
        "event": ["category"],
        "plan": ["month", "position"],
    }


# Per kind, a field its form's code does not handle itself: the kind is declared without it, then with it.
ADDED = {
    "agreement": "date_text",
    "communication": "location",
    "cooperation_case": "sector_technology",
    "engagement": "location",
    "event": "report_type",
    "mission": "notes",
    "organisation": "acronym",
    "plan": "status",
    "sector_involvement": "location",
}


def test_every_kind_has_a_field_to_add():
    assert set(ADDED) == set(KINDS)


@pytest.mark.parametrize("slug", sorted(ADDED))
def test_a_field_added_to_the_declaration_shows_on_form_and_page(slug, project, amz, coordinator):
    kind, name = KINDS[slug], ADDED[slug]
    record = a_record(kind, project, amz)
    without = dataclasses.replace(kind, fields=[field for field in kind.fields if field != name])
    assert name not in the_form(without, project, coordinator).fields
    assert label(kind, name) not in [shown.label for shown in without.shown_fields(record)]

    assert name in kind.fields  # the kind as declared: the field is on its form and its page
    assert name in the_form(kind, project, coordinator).fields
    assert label(kind, name) in [shown.label for shown in kind.shown_fields(record)]


@pytest.mark.parametrize("slug", sorted(KINDS))
def test_list_shows_only_declared_fields(slug):
    kind = KINDS[slug]
    columns = set(kind.table_class.base_columns)
    assert columns - SHARED_COLUMNS <= set(declared(kind))
    assert "name" in columns or "activity" in columns  # each row links to its record by what names it
