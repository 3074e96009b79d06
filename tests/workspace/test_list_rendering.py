"""The list pages' own drawing (bench P5, bench/RESULTS.md "Library substitutes") is in effect and writes
what django-tables2 would have written (STYLE rule 18).

RecordTable.body_html against django-tables2's Bootstrap 5 template, in every branch the template has
(`localize` None/True/False, `attrs["td"]` and `attrs["cell"]` with values computed per row, table-level
`td`/`cell` attributes, per-row attributes, the empty table); the cached render-method signatures against
inspect's; the country column (read by code) against what the page and the exports showed before.
QuickSelect was removed in issue 13: the country filter offers only the countries present in the records.
"""

import io

import django_tables2 as tables
import pytest
from django import forms
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils.safestring import mark_safe
from django_tables2.utils import call_with_appropriate
from openpyxl import load_workbook
from pytest_django.asserts import assertHTMLEqual

from agreements.models import Agreement
from agreements.tables import AgreementTable
from consortium.vague_dates import parse_vague_date
from tests.factories import AgreementFactory
from workspace import tables as record_tables

HOSTILE = "<script>alert(\"x\")</script> & 'quoted' =SUM(A1)"


def test_filter_bar_draws_django_selects_with_the_choice_selected(client, mav_staff, mav, project):
    """QuickSelect is gone (issue 13): with ~15 countries, not 250, Django's Select costs no more."""
    AgreementFactory(project=project, country="CL", responsible=[mav])
    client.force_login(mav_staff)

    response = client.get("/agreements/", {"partner": mav.pk, "country": "CL"})

    form = response.context["filter"].form
    assert type(form.fields["partner"].widget) is forms.Select
    assert type(form.fields["country"].widget) is forms.Select
    html = response.content.decode()
    assert f'<option value="{mav.pk}" selected>MAV</option>' in html
    assert '<option value="CL" selected>Chile</option>' in html


# The table body ---------------------------------------------------------------------------------------


class OddTable(record_tables.RecordTable):
    """Exercises what body_html must handle: per-row attributes, dates, numbers and HTML in values."""

    name = tables.Column(attrs={"td": {"data-name": lambda record: record.name, "class": "col-name"}})
    signed = tables.Column(accessor="signed_end")
    created = tables.Column(accessor="created_at")
    number = tables.Column(accessor="position")
    country = record_tables.CountryNameColumn()

    class Meta(record_tables.RecordTable.Meta):
        model = Agreement
        fields = ["name", "signed", "created", "number", "country"]
        row_attrs = {"data-id": lambda record: record.pk}


class UncoveredTable(record_tables.RecordTable):
    """The cases the review found body_html did not follow: localize False/True, per-row `cell` attributes."""

    name = tables.Column(attrs={"cell": {"data-pk": lambda record: record.pk, "class": "c"}})
    plain = tables.Column(accessor="signed_end", localize=False)
    forced = tables.Column(accessor="created_at", localize=True)
    unforced = tables.Column(accessor="created_at", localize=False)
    number = tables.Column(accessor="position", localize=True)
    raw_number = tables.Column(accessor="position", localize=False)
    both = tables.Column(accessor="pk", attrs={"cell": {"data-cell": "c"}, "td": {"data-td": "t"}})

    class Meta(record_tables.RecordTable.Meta):
        model = Agreement
        fields = ["name"]


class TableLevelTable(record_tables.RecordTable):
    """Table-level `td` attributes (computed per row) apply to every column without attributes of its own."""

    name = tables.Column()
    number = tables.Column(accessor="position")
    own = tables.Column(accessor="pk", attrs={"td": {"data-own": "1"}})

    class Meta(record_tables.RecordTable.Meta):
        model = Agreement
        fields = ["name"]
        attrs = {
            **record_tables.RecordTable.Meta.attrs,
            "td": {"data-name": lambda record: record.name, "class": "t"},
        }


class TableLevelCellTable(TableLevelTable):
    class Meta(TableLevelTable.Meta):
        attrs = {**record_tables.RecordTable.Meta.attrs, "cell": {"data-pk": lambda record: record.pk}}


def both_renderings(table_class, queryset):
    """Our template and django-tables2's, each given a table of its own (a drawn table keeps its last
    row's record on its columns, which a second drawing's header attributes would then read)."""
    request = RequestFactory().get("/")
    drawn = []
    for template in ("workspace/_table.html", "django_tables2/bootstrap5-responsive.html"):
        table = table_class(queryset)
        table.paginate(per_page=25)
        drawn.append(get_template(template).render({"table": table, "request": request}))
    return drawn


TABLES = [AgreementTable, OddTable, UncoveredTable, TableLevelTable, TableLevelCellTable]


@pytest.mark.parametrize("table_class", TABLES, ids=lambda t: t.__name__)
@pytest.mark.parametrize("thousands", [False, True])
def test_table_body_is_what_django_tables2_writes(project, mav, amz, table_class, thousands, settings):
    settings.USE_THOUSAND_SEPARATOR = thousands
    settings.TIME_ZONE = "America/Santiago"  # localize=True/False cells skip the time zone, as the filters do
    odd = AgreementFactory(
        project=project, name=HOSTILE, country="CL", responsible=[mav, amz], status="signed", position=12345
    )
    odd.signed_date = parse_vague_date("01.03.2022")
    odd.save()
    AgreementFactory(project=project, name="Plain", country="")
    ours, theirs = both_renderings(table_class, Agreement.objects.order_by("pk"))

    assertHTMLEqual(ours, theirs)
    assert "<script>" not in ours
    assert ours.count("<tr") == theirs.count("<tr") == 3


def test_record_lists_draw_their_rows_with_body_html(client, mav_staff, mav, project, monkeypatch):
    """In effect: the list page's rows are what RecordTable.body_html returns."""
    AgreementFactory(project=project, name="Visible", responsible=[mav])
    marked = mark_safe("<tr><td>MARK</td></tr>")
    monkeypatch.setattr(record_tables.RecordTable, "body_html", lambda table: marked)
    client.force_login(mav_staff)

    html = client.get("/agreements/").content.decode()

    assert "<td>MARK</td>" in html and "Visible" not in html
    assert AgreementTable.Meta.template_name == "workspace/_table.html"


def test_empty_table_says_so(project):
    ours, theirs = both_renderings(AgreementTable, Agreement.objects.none())

    assertHTMLEqual(ours, theirs)
    assert "No records match these filters." in ours


# Cached signatures ------------------------------------------------------------------------------------


class Methods:
    def value_only(self, value):
        return ("value_only", value)

    def record_and_value(self, record, value):
        return ("record_and_value", record, value)

    def anything(self, **kwargs):
        return ("anything", sorted(kwargs))

    def needs_missing(self, nowhere):
        return ("needs_missing", nowhere)

    @classmethod
    def on_class(cls, value):
        return ("on_class", value)


@pytest.mark.parametrize("name", ["value_only", "record_and_value", "anything", "needs_missing", "on_class"])
def test_cached_signature_gives_what_inspect_gives(name):
    method = getattr(Methods(), name)

    assert tables.utils.signature is record_tables._signature  # in effect
    assert record_tables._signature(method) == record_tables._read_signature(method)
    assert (
        call_with_appropriate(method, {"value": 1, "record": 2})
        == {
            "value_only": ("value_only", 1),
            "record_and_value": ("record_and_value", 2, 1),
            "anything": ("anything", ["record", "value"]),
            "needs_missing": None,
            "on_class": ("on_class", 1),
        }[name]
    )
    assert call_with_appropriate(lambda value: value * 2, {"value": 4}) == 8  # not a method: read each time


# The country column -----------------------------------------------------------------------------------


def test_country_column_shows_names_sorts_by_code_and_exports_codes_in_that_order(
    client, mav_staff, project, mav
):
    for name, country in [("To Chile", "CL"), ("To Canada", "CA"), ("Nowhere", "")]:
        AgreementFactory(project=project, name=name, country=country, responsible=[mav])
    client.force_login(mav_staff)

    response = client.get("/agreements/", {"sort": "country"})
    rows = [(row.record.name, row.get_cell("country")) for row in response.context["table"].page.object_list]
    workbook = load_workbook(
        io.BytesIO(client.get("/agreements/", {"sort": "country", "export": "xlsx"}).content)
    )
    header, *exported = workbook.active.iter_rows(values_only=True)

    assert rows == [("Nowhere", "—"), ("To Canada", "Canada"), ("To Chile", "Chile")]
    assert [r[header.index("Country")] for r in exported] == [None, "CA", "CL"]
    assert [
        r.record.name
        for r in client.get("/agreements/", {"sort": "-country"}).context["table"].page.object_list
    ] == [
        "To Chile",
        "To Canada",
        "Nowhere",
    ]


def test_review_column_colours_each_state(project, mav):
    for state in ("submitted", "verified", "returned"):
        AgreementFactory(project=project, name=state, review_status=state, responsible=[mav])
    table = AgreementTable(Agreement.objects.order_by("pk"))

    cells = [row.get_cell("review") for row in table.rows]

    assert cells == [
        '<span class="badge text-bg-light border">Awaiting review</span>',
        '<span class="badge text-bg-success">Verified</span>',
        '<span class="badge text-bg-warning">Returned for changes</span>',
    ]
