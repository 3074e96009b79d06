"""R5 mass assignment: fields a form does not offer cannot be set by posting them.

Every record kind's create and edit page (found from the URL resolver) gets its own valid data plus the
fields a partner must never set: another project, another partner, the review state and reviewer, the
version's bookkeeping, the creator. The saved record keeps the values the server chose.
"""

import contextlib
import importlib
from datetime import datetime

import pytest
from django import forms
from django.apps import apps

from tests.factories import PartnerFactory, ProjectFactory
from tests.security.urlwalk import all_patterns

KINDS = {p.kind.slug: p.kind for p in all_patterns() if p.kind is not None}
# Model fields that no form may offer: the server sets them (DESIGN.md §6: review is the task leader's).
SERVER_SET = {
    "project",
    "review_status",
    "reviewed_by",
    "reviewed_at",
    "review_comment",
    "version",
    "created_at",
    "updated_at",
    "created_by",
    "uploaded_by",
}


def _our_model_forms() -> list[type]:
    for config in apps.get_app_configs():
        if config.path.startswith(str(apps.get_app_config("consortium").path.rsplit("/", 1)[0])):
            for module in ("forms", "views"):
                with contextlib.suppress(ModuleNotFoundError):
                    importlib.import_module(f"{config.name}.{module}")
    found, todo = [], [forms.ModelForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            # Bases without a model (RecordForm) only lend their fields to the forms above.
            if sub._meta.model and not sub.__module__.startswith(("django.", "simple_history.")):
                found.append(sub)
    return found


MODEL_FORMS = _our_model_forms()


def test_every_record_kind_was_found():
    expected = {"agreement", "engagement", "sector_involvement", "event", "mission", "organisation", "plan"}
    assert expected <= set(KINDS)
    assert {kind.form_class for kind in KINDS.values()} <= set(MODEL_FORMS)


@pytest.mark.parametrize("form_class", MODEL_FORMS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_model_forms_list_their_fields_explicitly(form_class):
    meta = form_class._meta
    name = form_class.__name__
    assert isinstance(meta.fields, list | tuple), f"{name}: list its fields, not {meta.fields!r}"
    assert meta.exclude is None, f"{name}: use `fields`, not `exclude`"
    assert SERVER_SET.isdisjoint(meta.fields), SERVER_SET & set(meta.fields)


@pytest.fixture
def elsewhere(db):
    """Another project with a partner: the values a hostile post tries to move a record to."""
    other = ProjectFactory(acronym="ELSEWHERE")
    return other, PartnerFactory(project=other, short_name="ELS")


def _foreign(world, elsewhere, users) -> dict:
    other_project, other_partner = elsewhere
    return {
        "project": str(other_project.pk),
        "project_id": str(other_project.pk),
        "responsible": [str(world.partners["B"].pk), str(other_partner.pk)],
        "consortium_led": "on",
        "owner": str(world.partners["B"].pk),
        "review_status": "verified",
        "reviewed_by": str(users["coordinator"].pk),
        "reviewed_at": "2021-01-01 10:00",
        "review_comment": "verified by myself",
        "created_at": "2001-01-01 10:00",
        "updated_at": "2001-01-01 10:00",
        "created_by": str(users["admin"].pk),
        "id": "999999",
    }


def _server_state(kind, record) -> dict:
    record.refresh_from_db()
    state = {"project": record.project_id}
    names = {f.name for f in record._meta.concrete_fields}
    for name in ("review_status", "reviewed_by_id", "reviewed_at", "review_comment", "owner_id"):
        if name.removesuffix("_id") in names:
            state[name] = getattr(record, name)
    if "consortium_led" in names:
        state["consortium_led"] = record.consortium_led
    if kind.is_record:
        state["responsible"] = sorted(record.responsible.values_list("short_name", flat=True))
    if "created_at" in names:
        state["created_at_is_recent"] = record.created_at.year >= datetime.now().year - 1
    return state


def _persona(kind) -> str:
    # Staff of AMZ, except for the plan, which only the coordinator changes.
    return "coordinator" if kind.coordinator_only else "amz_staff"


@pytest.mark.parametrize("slug", sorted(KINDS))
def test_foreign_fields_posted_to_a_create_page_are_ignored(client, world, users, elsewhere, slug):
    kind = KINDS[slug]
    persona = _persona(kind)
    client.force_login(users[persona])
    model = kind.model
    data = {**_foreign(world, elsewhere, users), **world.create_data(kind, persona)}
    before = set(model.objects.values_list("pk", flat=True))

    response = client.post(kind.url("create"), data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    (record,) = model.objects.exclude(pk__in=before)
    state = _server_state(kind, record)
    assert state["project"] == world.project.pk
    assert state.get("review_status", "submitted") == "submitted"
    assert state.get("reviewed_by_id") is None and not state.get("review_comment")
    assert state.get("created_at_is_recent", True)
    if persona == "amz_staff":
        assert state.get("responsible", ["AMZ"]) == ["AMZ"]
        assert state.get("owner_id", world.partners["A"].pk) == world.partners["A"].pk
        assert not state.get("consortium_led")
    if kind.is_record:
        assert record.version == 1


@pytest.mark.parametrize("slug", sorted(KINDS))
def test_foreign_fields_posted_to_an_edit_page_are_ignored(client, world, users, elsewhere, slug):
    kind = KINDS[slug]
    persona = _persona(kind)
    record = world.record(kind, "A")
    before = _server_state(kind, record)
    client.force_login(users[persona])

    data = {**_foreign(world, elsewhere, users), **world.edit_data(kind, record, persona)}
    response = client.post(kind.url("edit", record.pk), data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    assert _server_state(kind, record) == before
    assert type(record).objects.filter(pk=999999).exists() is False
