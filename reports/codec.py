"""A report context to JSON and back, dates and times kept as such (a frozen report renders as it did)."""

import json
from datetime import date, datetime


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, datetime):
            return {"__datetime__": o.isoformat()}
        if isinstance(o, date):
            return {"__date__": o.isoformat()}
        if isinstance(o, tuple | set | frozenset):
            return list(o)
        return super().default(o)


def _decode(obj: dict):
    if "__datetime__" in obj and len(obj) == 1:
        return datetime.fromisoformat(obj["__datetime__"])
    if "__date__" in obj and len(obj) == 1:
        return date.fromisoformat(obj["__date__"])
    return obj


def dumps(ctx: dict) -> str:
    return json.dumps(ctx, cls=_Encoder, ensure_ascii=False, sort_keys=True)


def loads(text: str) -> dict:
    return json.loads(text, object_hook=_decode)
