"""The one date box partners type into (issue 3 item 3)."""

from datetime import date

import pytest
from django import forms

from consortium.vague_dates import Precision
from workspace.forms import VagueDateField


class DateForm(forms.Form):
    when = VagueDateField()


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "shown"),
    [
        ("2021", date(2021, 1, 1), date(2021, 12, 31), Precision.YEAR, "2021"),
        ("11.2022", date(2022, 11, 1), date(2022, 11, 30), Precision.MONTH, "Nov 2022"),
        ("Nov 2022", date(2022, 11, 1), date(2022, 11, 30), Precision.MONTH, "Nov 2022"),
        ("04.02.2022", date(2022, 2, 4), date(2022, 2, 4), Precision.DAY, "04.02.2022"),
        ("4-8.02.2022", date(2022, 2, 4), date(2022, 2, 8), Precision.DAY, "4-8.02.2022"),
        (
            "03.09.2021 - 19.10.2021",
            date(2021, 9, 3),
            date(2021, 10, 19),
            Precision.DAY,
            "03.09.2021 - 19.10.2021",
        ),
    ],
)
def test_accepts_the_forms_partners_write(text, start, end, precision, shown):
    form = DateForm({"when": text})

    assert form.is_valid(), form.errors
    value = form.cleaned_data["when"]
    assert (value.start, value.end, value.precision, str(value)) == (start, end, precision, shown)


def test_a_day_that_does_not_exist_is_named_in_the_message():
    form = DateForm({"when": "31.02.2022"})

    assert not form.is_valid()
    assert form.errors["when"] == ["'31.02.2022' is not a date"]


def test_words_get_a_message_listing_the_accepted_forms():
    form = DateForm({"when": "soon"})

    assert not form.is_valid()
    assert form.errors["when"][0].startswith("'soon' is not a date: write a year (2021), a month (11.2022")


def test_empty_means_unknown():
    form = DateForm({"when": "  "})

    assert form.is_valid()
    assert form.cleaned_data["when"] is None


def test_an_existing_date_is_shown_as_the_seeds_write_it():
    from consortium.vague_dates import parse_vague_date

    form = DateForm(initial={"when": parse_vague_date("11.2022")})

    assert 'value="Nov 2022"' in str(form["when"])
