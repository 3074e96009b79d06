"""Organisation look-ups the forms share: type-ahead matches and "is this one already here?"."""

from django.db.models import Q

from consortium.models import Organisation
from consortium.names import normalise_name


def similar_organisations(project, name: str, country: str, exclude_pk=None) -> list[Organisation]:
    """Organisations of the project with the same name (ignoring case and accents) in the same country."""
    wanted = normalise_name(name)
    if not wanted:
        return []
    candidates = Organisation.objects.filter(project=project, country=country or "").exclude(pk=exclude_pk)
    # The accent-folding is done here, not in SQL, so SQLite and PostgreSQL agree: one query for the
    # organisations of one country in one project (hundreds at most).
    return [o for o in candidates.only("pk", "name", "country") if normalise_name(o.name) == wanted]


def matching_organisations(project, text: str, limit: int = 30):
    """Organisations whose name or acronym contains every word typed."""
    queryset = Organisation.objects.filter(project=project)
    for word in (text or "").split()[:6]:
        queryset = queryset.filter(Q(name__icontains=word) | Q(acronym__icontains=word))
    return list(queryset.order_by("name")[:limit])
