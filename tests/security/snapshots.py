"""Did a request write anything? Row counts of every table and checksums of the watched models' rows,
taken before and after a request the matrix expects to be refused (or to write only its own rows)."""

import hashlib

from django.apps import apps
from django.db import connection

from workspace.models import Evidence

OUR_APPS = (
    "consortium",
    "accounts",
    "workspace",
    "missions",
    "communication",
    "events",
    "agreements",
    "kpis",
    "imports",
    "reports",
    "notifications",
    "auth",
)
# Rows every request may write, whatever it is allowed to do: the session itself.
NOT_COMPARED = {"django_session"}


def watched_models(kind=None) -> list:
    """The models whose every row a snapshot compares: the kind's own (with its many-to-many tables and
    evidence) for a record page, else every model of our apps (history tables are only counted)."""
    if kind is not None:
        through = [f.remote_field.through for f in kind.model._meta.many_to_many]
        return [kind.model, *through, Evidence]
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in OUR_APPS and not m.__name__.startswith("Historical")
    ]


def snapshot(watched=None, project=None) -> dict:
    """Row counts of every table (one query), and a checksum of every row of the watched models.

    With `project`: no counts, and only the watched rows that belong to that project.
    """
    counts = {}
    if project is None:
        tables = sorted(set(connection.introspection.table_names()) - NOT_COMPARED)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in tables)  # noqa: S608
            )
            counts = dict(cursor.fetchall())
    sums = {}
    for model in watched if watched is not None else watched_models():
        rows = model._default_manager.order_by("pk")
        if project is not None:
            if not any(f.name == "project" for f in model._meta.concrete_fields):
                continue
            rows = rows.filter(project=project)
        columns = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        digest = hashlib.sha256()
        for row in rows.values_list(*columns):
            digest.update(repr([bytes(v) if isinstance(v, memoryview) else v for v in row]).encode())
        sums[model._meta.db_table] = digest.hexdigest()[:16]
    return {"counts": counts, "rows": sums}


def difference(before: dict, after: dict) -> list[str]:
    changed = [
        f"{t}: {before['counts'].get(t)} -> {after['counts'].get(t)} rows"
        for t in sorted(set(before["counts"]) | set(after["counts"]))
        if before["counts"].get(t) != after["counts"].get(t)
    ]
    changed += [f"{t}: rows changed" for t, s in sorted(before["rows"].items()) if s != after["rows"].get(t)]
    return changed
