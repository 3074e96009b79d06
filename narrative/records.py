"""The records of a period a writer may cite beside their text: every kind of partner record (events,
missions, agreements...: each PartnerRecord model) placed in the period, of one partner, newest first,
in one query (a UNION of one small SELECT per kind) and capped, each with the line "Insert" puts in."""

from django.apps import apps
from django.db.models import CharField, F, Value
from django.utils.formats import date_format

from consortium.models.records import PartnerRecord

CAP = 40


def _kinds():
    """(model, date field) for each kind of partner record that has a date placing it in a period."""
    kinds = []
    for model in apps.get_models():
        if not issubclass(model, PartnerRecord):
            continue
        date_field = getattr(model, "PLACED_BY", "date_end")
        if any(f.name == date_field for f in model._meta.get_fields()):
            kinds.append((model, date_field))
    return sorted(kinds, key=lambda kind: kind[0]._meta.label)


def period_records(project, period, partner=None, cap: int = CAP) -> list[dict]:
    """The partner's (or every partner's, partner None) records placed in `period`: one query."""
    selects = []
    for model, date_field in _kinds():
        queryset = model.objects.filter(
            project=project,
            **{f"{date_field}__gte": period.start_date, f"{date_field}__lte": period.end_date},
        )
        if partner is not None:
            queryset = queryset.filter(responsible=partner)
        selects.append(
            queryset.annotate(
                record_kind=Value(model._meta.label, output_field=CharField()),
                record_placed=F(date_field),
            )
            .order_by()
            .values_list("record_kind", "pk", "name", "record_placed")
        )
    if not selects:
        return []
    union = selects[0].union(*selects[1:], all=True).order_by("-record_placed", "name")[:cap]
    rows = []
    for label, pk, name, placed in union:
        model = apps.get_model(label)
        url = model(pk=pk).get_absolute_url() if hasattr(model, "get_absolute_url") else ""
        when = date_format(placed, "SHORT_DATE_FORMAT") if placed else ""
        rows.append(
            {
                "kind": model._meta.verbose_name,
                "name": name,
                "date": when,
                "url": url,
                "line": _line(name, when, partner, url),
            }
        )
    return rows


def _line(name, when, partner, url) -> str:
    """The Markdown line a record inserts: its name linked to its page, its date and partner."""
    safe = name.replace("[", "(").replace("]", ")")
    link = f"[{safe}]({url})" if url else safe
    details = ", ".join(part for part in (when, partner.short_name if partner else "") if part)
    return f"- {link}" + (f" ({details})" if details else "")
