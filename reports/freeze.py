"""Freezing a report when it is submitted, and comparing a frozen report with today's records."""

import hashlib
import json

from django.db import IntegrityError, transaction

from reports import codec, formats
from reports.models import FrozenReport


class AlreadyFrozen(Exception):
    """The report of this kind and period was frozen before; a submitted report is frozen once."""


def _fingerprint(cells) -> str:
    return hashlib.sha256(codec.dumps({"c": cells}).encode("utf-8")).hexdigest()[:16]


def rows_of(ctx: dict) -> list[dict]:
    """Every record row the report shows: model, id, name and a fingerprint of what the row says."""
    rows = []
    for table in ctx["tables"]:
        for row in table["rows"]:
            if "id" in row and "model" in row:
                rows.append(
                    {
                        "table": table["title"],
                        "model": row["model"],
                        "id": row["id"],
                        "name": row.get("name") or str(row["cells"][0]),
                        "fingerprint": _fingerprint(row["cells"]),
                    }
                )
    return rows


def numbers_of(ctx: dict) -> dict:
    """Indicator code -> {title, achieved, records (ids)} as the report shows it."""
    return {
        i["code"]: {
            "title": i["title"],
            "achieved": i["achieved"],
            "records": [r["id"] for r in i["records"]],
        }
        for i in ctx["indicators"]
    }


def report_freeze(*, project, period, kind: str, user) -> FrozenReport:
    """Store the report's data, numbers and rows now; its files are rendered from that data later."""
    from reports.tasks import render_frozen

    ctx = formats.build(kind, project, period)
    try:
        with transaction.atomic():
            frozen = FrozenReport.objects.create(
                project=project,
                period=period,
                kind=kind,
                frozen_by=user,
                data_as_of=ctx["meta"]["data_as_of"],
                context=codec.dumps(ctx),
                numbers=json.loads(json.dumps(numbers_of(ctx))),
                records=rows_of(ctx),
            )
    except IntegrityError:
        raise AlreadyFrozen from None
    render_frozen.enqueue(frozen.pk)
    return frozen


def compare(frozen: FrozenReport) -> dict:
    """Since the freeze: rows added, changed, deleted (or out of the period), and numbers that moved."""
    now_ctx = formats.build(frozen.kind, frozen.project, frozen.period)
    then = {(r["model"], r["id"]): r for r in frozen.records}
    now = {(r["model"], r["id"]): r for r in rows_of(now_ctx)}
    numbers_now = numbers_of(now_ctx)
    moved = []
    for code, was in frozen.numbers.items():
        is_now = numbers_now.get(code, {"achieved": None, "records": []})
        if was["achieved"] != is_now["achieved"] or sorted(was["records"]) != sorted(is_now["records"]):
            moved.append(
                {"code": code, "title": was["title"], "frozen": was["achieved"], "now": is_now["achieved"]}
            )
    return {
        "now_ctx": now_ctx,
        "added": [now[k] for k in now if k not in then],
        "deleted": [then[k] for k in then if k not in now],
        "changed": [now[k] for k in now if k in then and now[k]["fingerprint"] != then[k]["fingerprint"]],
        "moved": moved,
        "unchanged": sum(1 for k in now if k in then and now[k]["fingerprint"] == then[k]["fingerprint"]),
    }
