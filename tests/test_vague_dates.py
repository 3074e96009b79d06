from datetime import date

import pytest

from consortium.vague_dates import Precision, VagueDate, VagueDateError, parse_vague_date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "shown"),
    [
        ("2021", date(2021, 1, 1), date(2021, 12, 31), Precision.YEAR, "2021"),
        ("11.2022", date(2022, 11, 1), date(2022, 11, 30), Precision.MONTH, "Nov 2022"),
        ("Nov 2022", date(2022, 11, 1), date(2022, 11, 30), Precision.MONTH, "Nov 2022"),
        ("November 2022", date(2022, 11, 1), date(2022, 11, 30), Precision.MONTH, "Nov 2022"),
        ("Sept. 2021", date(2021, 9, 1), date(2021, 9, 30), Precision.MONTH, "Sep 2021"),
        ("02.2024", date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH, "Feb 2024"),
        ("04.02.2022", date(2022, 2, 4), date(2022, 2, 4), Precision.DAY, "04.02.2022"),
        ("9/06/2022", date(2022, 6, 9), date(2022, 6, 9), Precision.DAY, "09.06.2022"),
        ("26.05.21", date(2021, 5, 26), date(2021, 5, 26), Precision.DAY, "26.05.2021"),
        ("4-8.02.2022", date(2022, 2, 4), date(2022, 2, 8), Precision.DAY, "4-8.02.2022"),
        (
            "03.09.2021 - 19.10.2021",
            date(2021, 9, 3),
            date(2021, 10, 19),
            Precision.DAY,
            "03.09.2021 - 19.10.2021",
        ),
        ("09.2021 - 10.2021", date(2021, 9, 1), date(2021, 10, 31), Precision.MONTH, "Sep 2021 - Oct 2021"),
        ("2021 - 2022", date(2021, 1, 1), date(2022, 12, 31), Precision.YEAR, "2021 - 2022"),
    ],
)
def test_accepted_forms_become_a_span_with_a_precision(text, start, end, precision, shown):
    value = parse_vague_date(text)

    assert (value.start, value.end, value.precision) == (start, end, precision)
    assert str(value) == shown
    assert parse_vague_date(value.normalised()) == value


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_text_is_no_date(text):
    assert parse_vague_date(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31.02.2022", "'31.02.2022' is not a date"),
        ("13.2022", "'13.2022' is not a date: there is no month 13"),
        ("regular contact", "'regular contact' is not a date: write 2021, 11.2022"),
        ("19.10.2021 - 03.09.2021", "the range starts (19.10.2021) after it ends (03.09.2021)"),
        ("2021 - 10.2022", "mixes a year and a month"),
        ("8-4.02.2022", "the range starts (08.02.2022) after it ends (04.02.2022)"),
    ],
)
def test_anything_else_is_refused_with_a_reason(text, message):
    with pytest.raises(VagueDateError) as error:
        parse_vague_date(text)

    assert message in str(error.value)


def test_a_range_is_known_as_one():
    assert VagueDate(date(2022, 2, 4), date(2022, 2, 8), Precision.DAY).is_range
    assert not VagueDate(date(2022, 11, 1), date(2022, 11, 30), Precision.MONTH).is_range
