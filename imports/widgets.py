"""Widgets that turn a cell into a domain value, or say in the user's words why they cannot."""

import difflib
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from import_export.widgets import Widget

from consortium.names import fold, normalise_name
from consortium.vague_dates import Precision, VagueDate, VagueDateError, parse_vague_date


def suggestion(value: str, candidates) -> str:
    close = difflib.get_close_matches(str(value), list(candidates), n=1, cutoff=0.6)
    # Translators: ends a cell's problem: "'Sined' is not a status (...); did you mean 'Signed'?"
    return _("; did you mean '%(name)s'?") % {"name": close[0]} if close else ""


# A cell's problems, one whole sentence per kind of value a widget takes (its `what`).
NEEDED = {
    "status": gettext_lazy("a status is needed"),
    "event type": gettext_lazy("a event type is needed"),
    "type of organisation": gettext_lazy("a type of organisation is needed"),
    "kind of mission": gettext_lazy("a kind of mission is needed"),
    "kind of activity": gettext_lazy("a kind of activity is needed"),
    "role": gettext_lazy("a role is needed"),
}
NOT_ONE_OF = {
    "status": gettext_lazy("'%(value)s' is not a status (use one of: %(allowed)s)"),
    "event type": gettext_lazy("'%(value)s' is not a event type (use one of: %(allowed)s)"),
    "type of organisation": gettext_lazy(
        "'%(value)s' is not a type of organisation (use one of: %(allowed)s)"
    ),
    "kind of mission": gettext_lazy("'%(value)s' is not a kind of mission (use one of: %(allowed)s)"),
    "kind of activity": gettext_lazy("'%(value)s' is not a kind of activity (use one of: %(allowed)s)"),
    "role": gettext_lazy("'%(value)s' is not a role (use one of: %(allowed)s)"),
}
NOT_IN_PROJECT = {
    "organisation": gettext_lazy("'%(value)s' is not a organisation of this project"),
    "mission": gettext_lazy("'%(value)s' is not a mission of this project"),
}
NOT_A = {"sector": gettext_lazy("'%(value)s' is not a sector")}


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


class PartnerListWidget(Widget):
    """ "AMZ, MAV" -> those partners of the project; the project's acronym alone means the consortium."""

    def __init__(self, project):
        super().__init__()
        self.project = project
        self.partners = {}
        for partner in project.partners.all():
            names = [partner.short_name, *(a.strip() for a in partner.aliases.split(",") if a.strip())]
            for name in names:
                self.partners[name.upper()] = partner

    def tokens(self, value) -> list[str]:
        raw = text(value).replace(";", ",").replace("/", ",")
        return [token.strip() for token in raw.split(",") if token.strip()]

    def clean(self, value, row=None, **kwargs):
        found, unknown = [], []
        for token in self.tokens(value):
            if token.upper() == self.project.acronym.upper():
                continue
            partner = self.partners.get(token.upper())
            if partner is None:
                unknown.append(token)
            elif partner not in found:
                found.append(partner)
        if unknown:
            shorts = sorted({p.short_name for p in self.partners.values()})
            raise ValueError(
                _("'%(value)s' is not a partner of %(project)s")
                % {"value": unknown[0], "project": self.project.acronym}
                + suggestion(unknown[0], shorts)
            )
        return found

    def is_consortium(self, value) -> bool:
        return any(token.upper() == self.project.acronym.upper() for token in self.tokens(value))

    def render(self, value, obj=None, **kwargs):
        return ", ".join(p.short_name for p in value.all()) if value is not None else ""


class EventCategoryWidget(Widget):
    """A category of the project's (events/categories.py), by its name or its key, ignoring case:
    "Study tour", "study_tour"."""

    def __init__(self, project):
        super().__init__()
        self.project = project
        self.names = dict(project.event_categories.values_list("key", "name"))
        self.lookup = {}
        for key, name in self.names.items():
            self.lookup[fold(key)] = key
            self.lookup[fold(name)] = key

    def clean(self, value, row=None, **kwargs):
        raw = text(value)
        if not raw:
            raise ValueError(_("an event category is needed"))
        try:
            return self.lookup[fold(raw)]
        except KeyError:
            allowed = ", ".join(self.names.values())
            close = suggestion(raw, self.names.values())
            raise ValueError(
                _("'%(value)s' is not an event category of %(project)s (use one of: %(allowed)s)")
                % {"value": raw, "project": self.project.acronym, "allowed": allowed}
                + close
            ) from None

    def render(self, value, obj=None, **kwargs):
        return self.names.get(value, value or "")


class VagueDateWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return VagueDate(value, value, Precision.DAY)
        try:
            return parse_vague_date(text(value))
        except VagueDateError as exc:
            raise ValueError(str(exc)) from None

    def render(self, value, obj=None, **kwargs):
        return value.normalised() if value else ""


class ChoiceWidget(Widget):
    """Accepts the stored value or its label, ignoring case: "signed", "Signed", "SIGNED"; the label in
    English too when the page speaks another language (files people fill keep English words)."""

    def __init__(self, choices, what: str, blank_allowed: bool = True):
        super().__init__()
        self.choices, self.what, self.blank_allowed = choices, what, blank_allowed
        self.lookup = {}
        with translation.override(None):  # the labels' English (their msgids)
            for value, label in choices:
                self.lookup[fold(value)] = value
                self.lookup[fold(label)] = value
        for value, label in choices:
            self.lookup.setdefault(fold(label), value)  # in the active language

    def clean(self, value, row=None, **kwargs):
        raw = text(value)
        if not raw:
            if self.blank_allowed:
                return ""
            raise ValueError(str(NEEDED[self.what]))
        try:
            return self.lookup[fold(raw)]
        except KeyError:
            values = [str(choice) for choice, _label in self.choices]
            allowed, close = ", ".join(values), suggestion(raw, values)
            raise ValueError(NOT_ONE_OF[self.what] % {"value": raw, "allowed": allowed} + close) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class CountryWidget(Widget):
    """An ISO code ("IN") or an English name ("India")."""

    by_name = {normalise_name(name): code for code, name in countries}

    def code(self, raw: str) -> str:
        raw = raw.strip()
        if raw.upper() in dict(countries):
            return raw.upper()
        if normalise_name(raw) in self.by_name:
            return self.by_name[normalise_name(raw)]
        names = [name for _code, name in countries]
        raise ValueError(_("'%(value)s' is not a country") % {"value": raw} + suggestion(raw, names))

    def clean(self, value, row=None, **kwargs):
        raw = text(value)
        return self.code(raw) if raw else ""

    def render(self, value, obj=None, **kwargs):
        return str(getattr(value, "code", value) or "")


class CountryListWidget(CountryWidget):
    def clean(self, value, row=None, **kwargs):
        return [self.code(part) for part in text(value).replace(";", ",").split(",") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        rows = value.all() if hasattr(value, "all") else value or []
        return ", ".join(str(getattr(row, "country", row)) for row in rows)


class CountWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        raw = text(value)
        if not raw:
            return None
        try:
            number = int(float(raw))
        except ValueError:
            raise ValueError(_("'%(value)s' is not a whole number") % {"value": raw}) from None
        if number < 0 or number != float(raw):
            raise ValueError(_("'%(value)s' is not a whole number of zero or more") % {"value": raw})
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class TextWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        return text(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class LookupWidget(Widget):
    """A row of the project named in the cell (an organisation, a mission), ignoring case and accents."""

    def __init__(self, queryset, what: str, create=None):
        super().__init__()
        # `create(name)` returns an unsaved row for a name not found; it is kept in `new` (one per name)
        # and saved when the import writes (RecordResource.write), its id then kept in `created` so
        # undoing the import removes it again. Checking the file writes nothing.
        self.what, self.create = what, create
        self.by_name = {normalise_name(obj.name): obj for obj in queryset}
        self.reason = ""
        self.new: list = []
        self.created: list[int] = []

    def clean(self, value, row=None, **kwargs):
        raw = text(value)
        if not raw:
            return None
        found = self.by_name.get(normalise_name(raw))
        if found is None and self.create is not None:
            found = self.create(raw)
            found._change_reason = self.reason
            self.new.append(found)
            self.by_name[normalise_name(raw)] = found
        if found is None:
            names = [obj.name for obj in self.by_name.values()]
            raise ValueError(NOT_IN_PROJECT[self.what] % {"value": raw} + suggestion(raw, names))
        return found

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class NameListWidget(Widget):
    """ "Health, Energy" -> those rows (sectors), by name ignoring case and accents."""

    def __init__(self, queryset, what: str):
        super().__init__()
        self.what = what
        self.by_name = {normalise_name(obj.name): obj for obj in queryset}

    def clean(self, value, row=None, **kwargs):
        found = []
        for part in text(value).replace(";", ",").split(","):
            if not part.strip():
                continue
            obj = self.by_name.get(normalise_name(part))
            if obj is None:
                names = [o.name for o in self.by_name.values()]
                raise ValueError(NOT_A[self.what] % {"value": part.strip()} + suggestion(part.strip(), names))
            if obj not in found:
                found.append(obj)
        return found

    def render(self, value, obj=None, **kwargs):
        return ", ".join(o.name for o in value.all()) if value is not None else ""
