"""Columns every record table shares. Related rows come from the queryset handed to the table
(select_related / prefetch_related in the RecordKind), never from a query in a render method."""

import functools

import django_tables2 as tables
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, gettext_lazy, pgettext
from django_countries import countries

from consortium.models import ReviewStatus

# Keyed by the plain value: a TextChoices member hashes by its name, so it would not find "submitted".
BADGE = {
    ReviewStatus.SUBMITTED.value: "text-bg-light border",
    ReviewStatus.VERIFIED.value: "text-bg-success",
    ReviewStatus.RETURNED.value: "text-bg-warning",
}


class NameColumn(tables.Column):
    """The record's name, linking to its page (the link is built from the row, not from user text)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("linkify", True)
        # A minimum width, so a phone scrolls the table sideways instead of breaking names letter by letter.
        kwargs.setdefault("attrs", {"td": {"class": "col-name"}, "th": {"class": "col-name"}})
        super().__init__(**kwargs)


# Columns a phone leaves out (the record's page has them); laptops show every column.
WIDE_ONLY = {"th": {"class": "d-none d-lg-table-cell"}, "td": {"class": "d-none d-lg-table-cell"}}


class PartnersColumn(tables.Column):
    """Responsible partners (prefetched), or "consortium" for records the consortium led."""

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", gettext_lazy("Responsible"))
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(accessor="pk", **kwargs)

    def text(self, record) -> str:
        names = [p.short_name for p in record.responsible.all()]
        if getattr(record, "consortium_led", False):
            names.append(gettext("Consortium"))
        return ", ".join(names)

    def render(self, record):
        return self.text(record) or "—"

    def value(self, record):
        return self.text(record)


class CountryNameColumn(tables.Column):
    """A country by name on the page, by ISO code in exports; sorted by code.

    The column reads `<field>__code`, not the field: for a field with choices django-tables2 calls
    get_<field>_display(), which walks all 250 countries on every row (a third of a list page's time).
    """

    def __init__(self, field_name: str = "country", **kwargs):
        kwargs.setdefault("order_by", (field_name,))
        kwargs.setdefault(
            "verbose_name",
            gettext_lazy("Country") if field_name == "country" else field_name.replace("_", " ").capitalize(),
        )
        super().__init__(accessor=f"{field_name}__code", **kwargs)

    def render(self, value):
        return getattr(value, "name", None) or countries.name(value) or value

    def value(self, value):
        return getattr(value, "code", value)


class VagueDateColumn(tables.Column):
    """A vague date as the seeds write it (04.02.2022, Nov 2022); sorted by the day it ends."""

    def __init__(self, accessor_name: str = "date", **kwargs):
        self.accessor_name = accessor_name
        kwargs.setdefault("order_by", (f"{accessor_name.removesuffix('_date')}_end",))
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(accessor="pk", **kwargs)

    def value(self, record):
        date = getattr(record, self.accessor_name)
        return str(date) if date else ""

    def render(self, record):
        """The date; without one, "undated" when the record happened (the model's `is_undated`), else "—"."""
        if value := self.value(record):
            return value
        if record.is_undated:
            return format_html(
                '<span class="text-body-secondary">{}</span>', pgettext("record without a date", "undated")
            )
        return "—"


class ReviewColumn(tables.Column):
    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", gettext_lazy("Review"))
        super().__init__(accessor="review_status", **kwargs)

    def render(self, record):
        # Not `value`: django-tables2 hands over the label ("Awaiting review"), not the state.
        return format_html(
            '<span class="badge {}">{}</span>',
            BADGE.get(record.review_status, ""),
            record.get_review_status_display(),
        )

    def value(self, record):
        return record.get_review_status_display()


def _cell_text(value, localize_column) -> str:
    """A cell as django-tables2's template writes it: `{{ cell }}` (local time, localized) when the column's
    `localize` is None, `{{ cell|localize }}` when True, `{{ cell|unlocalize }}` when False (no time zone
    conversion in those two: the filters get the value itself)."""
    if localize_column is None:
        return conditional_escape(localize(template_localtime(value)))
    return conditional_escape(str(localize(value, use_l10n=bool(localize_column))))


class RecordTable(tables.Table):
    """Pagination lives on the table (per_page), not on the view: django-tables2 #910 counts twice."""

    class Meta:
        per_page = 25
        attrs = {"class": "table table-sm table-hover align-middle bg-body mb-2"}
        empty_text = gettext_lazy("No records match these filters.")
        template_name = "workspace/_table.html"

    def body_html(self) -> str:
        """The rows of the page, as django-tables2's template writes them (compared with it in
        tests/workspace/test_list_rendering.py).

        Written here in one pass: the template drew each cell through five template lookups (bench P5,
        bench/RESULTS.md "Library substitutes"). A cell's attributes are read once per page unless one of
        them (the column's or the table's `td`, else `cell`) is computed per row; a column's `localize` is
        honoured as the template does.
        """
        static = {}
        for column in self.columns:
            merged = {**self.attrs, **column.column.attrs}
            source = merged.get("td", merged.get("cell", {}))
            if not any(callable(value) for value in source.values()):
                static[column.name] = column.attrs["td"].as_html()
        rows = []
        for row in self.paginated_rows:
            cells = "".join(
                f"<td {static[column.name] if column.name in static else column.attrs['td'].as_html()}>"
                f"{_cell_text(cell, column.localize)}</td>"
                for column, cell in row.items()
            )
            rows.append(f"<tr {row.attrs.as_html()}>{cells}</tr>")
        if not rows and self.empty_text:
            return format_html('<tr><td colspan="{}">{}</td></tr>', len(self.columns), self.empty_text)
        # Attributes come from as_html() and every cell went through conditional_escape (_cell_text).
        return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703


class PartnerRecordTable(RecordTable):
    """A partner record's list: its name, who is responsible and its review, placed by Meta.fields.

    Meta.fields lists a few of the kind's declared fields (RecordKind.fields), the ones that tell rows apart
    on a narrow screen; the record's page shows them all.
    """

    name = NameColumn()
    responsible = PartnersColumn()
    review = ReviewColumn()


# django-tables2 reads each render method's signature for every cell it draws (call_with_appropriate); a
# function's signature does not change, so it is read once per function.
_read_signature = tables.utils.signature


@functools.cache
def _function_signature(function):
    return _read_signature(function)


def _signature(fn):
    function = getattr(fn, "__func__", None)
    if function is None:
        return _read_signature(fn)
    args, keywords = _function_signature(function)
    return args[1:], keywords  # a bound method's first parameter (self, cls) is already given


tables.utils.signature = _signature
