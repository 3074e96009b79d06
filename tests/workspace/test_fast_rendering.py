"""The list pages' faster drawing (bench P5) writes what Django and django-tables2 would have written.

QuickSelect against Django's Select, RecordTable.body_html against django-tables2's Bootstrap 5 template,
the cached render-method signatures against inspect's, and the country column (read by code) against
what the page and the exports showed before.
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
from consortium.workspace import tables as record_tables
from consortium.workspace.filters import country_choices
from consortium.workspace.widgets import QuickSelect, quicken
from tests.factories import AgreementFactory

HOSTILE = "<script>alert(\"x\")</script> & 'quoted' =SUM(A1)"
CHOICES = [("", "All"), ("a", "Apple"), ("b&c", HOSTILE), (3, "Three"), ("safe", mark_safe("<b>bold</b>"))]


def pair(choices, **attrs):
    return forms.Select(attrs=attrs, choices=choices), QuickSelect(attrs=attrs, choices=choices)


@pytest.mark.parametrize("value", [None, "", "a", "b&c", 3, "3", "missing"])
def test_quick_select_writes_what_django_select_writes(value):
    django_select, quick = pair(CHOICES, **{"class": "form-select", "data-x": '"odd"'})

    ours = quick.render("field", value, attrs={"id": "id_field"})

    assertHTMLEqual(ours, django_select.render("field", value, attrs={"id": "id_field"}))
    assert "<script>" not in ours and "&lt;script&gt;" in ours
    assert "<b>bold</b>" in ours  # a label already marked safe stays HTML, as in Django's template


def test_quick_select_marks_only_the_first_match_and_keeps_groups():
    choices = [("", "Any"), ("Europe", [("DE", "Germany"), ("FR", "France")]), ("DE", "Germany again")]
    django_select, quick = pair(choices)

    ours = quick.render("country", "DE")

    assertHTMLEqual(ours, django_select.render("country", "DE"))
    assert ours.count(" selected") == 1
    assert '<optgroup label="Europe">' in ours


def test_quick_select_draws_all_countries_like_django():
    django_select, quick = pair([("", "All countries"), *country_choices()])

    assertHTMLEqual(quick.render("country", "CL"), django_select.render("country", "CL"))


def test_quicken_swaps_plain_selects_only():
    class Form(forms.Form):
        one = forms.ChoiceField(choices=CHOICES, required=False)
        many = forms.MultipleChoiceField(choices=CHOICES, required=False)
        radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)

    form = Form({"one": "a"})
    before = str(form["one"])
    quicken(form)

    assert type(form.fields["one"].widget) is QuickSelect
    assert type(form.fields["many"].widget) is forms.SelectMultiple
    assert type(form.fields["radio"].widget) is forms.RadioSelect
    assertHTMLEqual(str(form["one"]), before)


def test_filter_bar_of_a_list_uses_quick_selects(client, mav_staff, mav, mav_agreement):
    client.force_login(mav_staff)

    response = client.get("/agreements/", {"partner": mav.pk, "country": "CL"})

    form = response.context["filter"].form
    assert type(form.fields["partner"].widget) is QuickSelect
    assert type(form.fields["country"].widget) is QuickSelect
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


def both_renderings(table):
    request = RequestFactory().get("/")
    ours = get_template("workspace/_table.html").render({"table": table, "request": request})
    theirs = get_template("django_tables2/bootstrap5-responsive.html").render(
        {"table": table, "request": request}
    )
    return ours, theirs


@pytest.mark.parametrize("table_class", [AgreementTable, OddTable])
def test_table_body_is_what_django_tables2_writes(project, mav, amz, table_class):
    odd = AgreementFactory(
        project=project, name=HOSTILE, country="CL", responsible=[mav, amz], status="signed", position=12345
    )
    odd.signed_date = parse_vague_date("01.03.2022")
    odd.save()
    AgreementFactory(project=project, name="Plain", country="")
    table = table_class(Agreement.objects.order_by("pk"))
    table.paginate(per_page=25)

    ours, theirs = both_renderings(table)

    assertHTMLEqual(ours, theirs)
    assert "<script>" not in ours


def test_empty_table_says_so(project):
    table = AgreementTable(Agreement.objects.none())
    table.paginate(per_page=25)

    ours, theirs = both_renderings(table)

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
