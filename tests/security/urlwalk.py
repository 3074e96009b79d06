"""Every URL pattern of the site, found from the resolver, with what the security tests need to call it."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from workspace.kinds import RecordKind


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name" (the table's row), or the route when a pattern has no name
    route: str  # the full route, e.g. "agreements/<int:pk>/edit/"
    callback: object
    arguments: tuple[str, ...]  # the route's keyword arguments, in order

    @property
    def kind(self) -> RecordKind | None:
        """The RecordKind a generic record page was bound to (RecordKind.urlpatterns), else None."""
        for cell in getattr(self.callback, "__closure__", None) or ():
            if isinstance(cell.cell_contents, RecordKind):
                return cell.cell_contents
        return None

    @property
    def action(self) -> str:
        """For a record page, what it does: list, create, detail, edit, delete, review, evidence..."""
        kind = self.kind
        name = self.key.rsplit(":", 1)[-1]
        return name.removeprefix(f"{kind.slug}_") if kind else ""


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            key = name or route
            arguments = tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else ()
            outer = tuple(_converters(prefix))
            yield Pattern(key, route, entry.callback, outer + arguments)


def _converters(prefix: str) -> list[str]:
    """Argument names in the part of a route contributed by include()s (e.g. "projects/<slug:acronym>/")."""
    names = []
    for piece in prefix.split("<")[1:]:
        names.append(piece.split(">")[0].split(":")[-1])
    return names


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver().url_patterns))
