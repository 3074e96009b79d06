"""Freezing a report when it is submitted, and comparing a frozen report with today's records."""

import hashlib
import json

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from reports import codec, formats
from reports.models import FrozenReport


class AlreadyFrozen(Exception):
    """The report of this kind and period was frozen before; a submitted report is frozen once."""


def _fingerprint(cells) -> str:
    return hashlib.sha256(codec.dumps({"c": cells}).encode("utf-8")).hexdigest()[:16]


def rows_of(ctx: dict) -> list[dict]:
    """Every record row the report shows: model, id, name, a fingerprint of what the row says and one of
    each cell by its column's key (`cells`), so that a later release that adds, drops or moves a column
    does not show every row of an earlier frozen report as changed (see `_row_changed`)."""
    rows = []
    for table in ctx["tables"]:
        keys = [c["key"] for c in table["columns"]]
        for row in table["rows"]:
            if "id" in row and "model" in row:
                rows.append(
                    {
                        "table": table["title"],
                        "model": row["model"],
                        "id": row["id"],
                        "name": row.get("name") or str(row["cells"][0]),
                        "fingerprint": _fingerprint(row["cells"]),
                        "cells": {k: _fingerprint([c]) for k, c in zip(keys, row["cells"], strict=True)},
                    }
                )
    return rows


def _row_changed(then: dict, now: dict) -> bool:
    """Whether a row says something else now: compared cell by cell over the columns both layouts have;
    a row frozen before cells were fingerprinted one by one is compared whole."""
    if "cells" not in then:
        return then["fingerprint"] != now["fingerprint"]
    shared = then["cells"].keys() & now["cells"].keys()
    return any(then["cells"][k] != now["cells"][k] for k in shared)


def numbers_of(ctx: dict) -> dict:
    """Indicator code -> {title, achieved, records (ids), model, names (id -> name)} as the report shows it.

    `model` and `names` let a comparison name the records that entered or left a number even when no table
    of the report lists them (the progress report's call indicators count events it only tallies).
    Reports frozen before they were stored have neither; compare() then takes them from today's report.
    """
    return {
        i["code"]: {
            "title": i["title"],
            "achieved": i["achieved"],
            "records": [r["id"] for r in i["records"]],
            "model": i["records"][0]["model"] if i["records"] else None,
            "names": {str(r["id"]): r["name"] for r in i["records"]},
        }
        for i in ctx["indicators"]
    }


def record_url(model: str | None, pk) -> str:
    """The record's own page (its model's get_absolute_url: a reverse, no query); "" for an unknown kind."""
    if not model:
        return ""
    try:
        return apps.get_model(model)(pk=pk).get_absolute_url()
    except (LookupError, AttributeError):
        return ""


def report_freeze(*, project, period, kind: str, user, report_date=None) -> FrozenReport:
    """Store the report's data, numbers and rows now; its files are rendered from that data later.

    A progress report keeps its report date (today unless given), so the comparison with today's
    records builds the same milestone and deliverable tables as the frozen one."""
    from reports.tasks import render_frozen

    ctx = formats.build(kind, project, period, report_date=report_date)
    try:
        with transaction.atomic():
            frozen = FrozenReport.objects.create(
                project=project,
                period=period,
                kind=kind,
                frozen_by=user,
                data_as_of=ctx["meta"]["data_as_of"],
                report_date=ctx["meta"].get("report_date"),
                context=codec.dumps(ctx),
                numbers=json.loads(json.dumps(numbers_of(ctx))),
                records=rows_of(ctx),
            )
    except IntegrityError:
        raise AlreadyFrozen from None
    render_frozen.enqueue(frozen.pk)
    return frozen


def compare(frozen: FrozenReport) -> dict:
    """Since the freeze: rows added, changed, deleted (or out of the period), and numbers that moved, each
    moved number with the records that entered, left or changed under it. Every record carries its URL."""
    now_ctx = formats.build(frozen.kind, frozen.project, frozen.period, report_date=frozen.report_date)
    then = {(r["model"], r["id"]): r for r in frozen.records}
    now = {(r["model"], r["id"]): r for r in rows_of(now_ctx)}
    numbers_now = numbers_of(now_ctx)
    moved, counted_in = [], {}
    for code, was in frozen.numbers.items():
        is_now = numbers_now.get(code, {"achieved": None, "records": [], "model": None, "names": {}})
        then_ids, now_ids = set(was["records"]), set(is_now["records"])
        if was["achieved"] == is_now["achieved"] and then_ids == now_ids:
            continue
        model = was.get("model") or is_now.get("model")
        names = {**was.get("names", {}), **is_now.get("names", {})}

        def record(pk, model=model, names=names, code=code):
            row = now.get((model, pk)) or then.get((model, pk)) or {}
            name = names.get(str(pk)) or row.get("name") or f"#{pk}"
            return {
                "model": model,
                "id": pk,
                "name": name,
                "table": row.get("table") or _("counted in %(code)s") % {"code": code},
                "url": record_url(model, pk),
            }

        entry = {
            "code": code,
            "title": was["title"],
            "frozen": was["achieved"],
            "now": is_now["achieved"],
            "added": [record(pk) for pk in sorted(now_ids - then_ids)],
            "removed": [record(pk) for pk in sorted(then_ids - now_ids)],
            "changed": [
                record(pk)
                for pk in sorted(then_ids & now_ids)
                if (model, pk) in now
                and (model, pk) in then
                and _row_changed(then[(model, pk)], now[(model, pk)])
            ],
            "frozen_records": [record(pk) for pk in sorted(then_ids)],
        }
        moved.append(entry)
        for r in entry["added"]:
            counted_in.setdefault(("added", r["model"], r["id"]), r)
        for r in entry["removed"]:
            counted_in.setdefault(("deleted", r["model"], r["id"]), r)

    def with_url(row):
        return {**row, "url": record_url(row["model"], row["id"])}

    # A record that entered a number is an added row even when no table of the report lists it (the
    # progress report only tallies the events its call indicators count): before, such rows showed (0).
    added = [with_url(now[k]) for k in now if k not in then]
    added += [r for (what, *k), r in counted_in.items() if what == "added" and tuple(k) not in now]
    deleted = [with_url(then[k]) for k in then if k not in now]
    deleted += [r for (what, *k), r in counted_in.items() if what == "deleted" and tuple(k) not in then]
    return {
        "now_ctx": now_ctx,
        "added": added,
        "deleted": deleted,
        "changed": [with_url(now[k]) for k in now if k in then and _row_changed(then[k], now[k])],
        "moved": moved,
        "unchanged": sum(1 for k in now if k in then and not _row_changed(then[k], now[k])),
    }
