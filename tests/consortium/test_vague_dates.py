import re
from datetime import date

import pytest

from consortium.vague_dates import (
    MONTH_LANGUAGES,
    Precision,
    VagueDate,
    VagueDateError,
    month_names,
    parse_vague_date,
)


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
        (
            "regular contact",
            "'regular contact' is not a date: write a year (2021), a month (11.2022, Nov 2022",
        ),
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


# Issue 12, daily work 8: the forms partners write in their own languages, and ISO dates.
@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2026-10-14", date(2026, 10, 14), date(2026, 10, 14), Precision.DAY),
        ("2026-10", date(2026, 10, 1), date(2026, 10, 31), Precision.MONTH),
        ("2026-10-14 - 2026-10-20", date(2026, 10, 14), date(2026, 10, 20), Precision.DAY),
        ("2026-10-14/2026-10-20", date(2026, 10, 14), date(2026, 10, 20), Precision.DAY),
        ("14 Oct 2026", date(2026, 10, 14), date(2026, 10, 14), Precision.DAY),
        ("14. Oktober 2026", date(2026, 10, 14), date(2026, 10, 14), Precision.DAY),
        ("14 października 2026", date(2026, 10, 14), date(2026, 10, 14), Precision.DAY),
        ("4-8 Feb 2022", date(2022, 2, 4), date(2022, 2, 8), Precision.DAY),
        ("4.-8. Februar 2022", date(2022, 2, 4), date(2022, 2, 8), Precision.DAY),
        ("Okt 2026", date(2026, 10, 1), date(2026, 10, 31), Precision.MONTH),
        ("Dez 2026", date(2026, 12, 1), date(2026, 12, 31), Precision.MONTH),
        ("Mai 2026", date(2026, 5, 1), date(2026, 5, 31), Precision.MONTH),
        ("ottobre 2026", date(2026, 10, 1), date(2026, 10, 31), Precision.MONTH),
        ("paź 2026", date(2026, 10, 1), date(2026, 10, 31), Precision.MONTH),
        ("paz 2026", date(2026, 10, 1), date(2026, 10, 31), Precision.MONTH),
        ("dic 2026", date(2026, 12, 1), date(2026, 12, 31), Precision.MONTH),
        ("octobre 2026", date(2026, 10, 1), date(2026, 10, 31), Precision.MONTH),
        ("déc. 2026", date(2026, 12, 1), date(2026, 12, 31), Precision.MONTH),
        ("DEC 2026", date(2026, 12, 1), date(2026, 12, 31), Precision.MONTH),
        ("MÄRZ 2021", date(2021, 3, 1), date(2021, 3, 31), Precision.MONTH),
        ("juil. 2022", date(2022, 7, 1), date(2022, 7, 31), Precision.MONTH),
        ("Luty 2022", date(2022, 2, 1), date(2022, 2, 28), Precision.MONTH),
        ("septiembre 2021", date(2021, 9, 1), date(2021, 9, 30), Precision.MONTH),
        ("Okt 2022 - Feb 2023", date(2022, 10, 1), date(2023, 2, 28), Precision.MONTH),
    ],
)
def test_month_names_of_the_partners_languages_and_iso_dates_are_read(text, start, end, precision):
    value = parse_vague_date(text)

    assert (value.start, value.end, value.precision) == (start, end, precision)
    assert parse_vague_date(value.normalised()) == value  # shown and stored the D3.2 way


def test_the_display_stays_the_d32_form():
    assert [str(parse_vague_date(t)) for t in ("2026-10-14", "ottobre 2026", "4.-8. Februar 2022")] == [
        "14.10.2026",
        "Oct 2026",
        "4-8.02.2022",
    ]


def test_every_month_of_every_language_is_known_by_its_full_name_and_abbreviation():
    from django.utils import translation
    from django.utils.dates import MONTHS, MONTHS_3

    names = month_names()
    for language in MONTH_LANGUAGES:
        with translation.override(language):
            for number in range(1, 13):
                for table in (MONTHS, MONTHS_3):
                    assert parse_vague_date(f"{table[number]} 2021").start.month == number, (
                        language,
                        table[number],
                    )
    # No name was dropped for meaning two months in two languages.
    assert len(names) >= 100


@pytest.mark.parametrize(
    "text", ["0000", "00.00.0000", "0000-01-01", "01.2022 - 12.0000", "Nov 0000", "4-8.02.0000"]
)
def test_year_zero_is_refused_with_a_reason_not_a_crash(text):
    with pytest.raises(VagueDateError) as error:
        parse_vague_date(text)

    assert "there is no year 0000" in str(error.value)


def test_a_word_that_is_no_month_is_named():
    with pytest.raises(VagueDateError) as error:
        parse_vague_date("Foo 2022")

    assert str(error.value) == "'Foo 2022' is not a date: 'Foo' is not a month"


def test_an_unreadable_date_lists_the_accepted_forms_with_examples():
    with pytest.raises(VagueDateError) as error:
        parse_vague_date("2021 - 2022 - 2023")

    assert str(error.value) == (
        "'2021 - 2022 - 2023' is not a date: write a year (2021), a month (11.2022, Nov 2022, Okt 2022, "
        "2022-11), a day (04.02.2022, 2022-02-04, 4 Feb 2022, 4. Februar 2022), or a range (4-8.02.2022, "
        "03.09.2021 - 19.10.2021, Nov 2022 - Feb 2023)"
    )


# Issue 18, point 4: dates typed in each of the six languages, and the forms listed in the user's language.
@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("4 Feb 2022", date(2022, 2, 4), date(2022, 2, 4), Precision.DAY),  # English
        ("März 2022", date(2022, 3, 1), date(2022, 3, 31), Precision.MONTH),  # German
        ("4. Februar 2022", date(2022, 2, 4), date(2022, 2, 4), Precision.DAY),
        ("febbraio 2022", date(2022, 2, 1), date(2022, 2, 28), Precision.MONTH),  # Italian
        ("04 febbraio 2022", date(2022, 2, 4), date(2022, 2, 4), Precision.DAY),
        ("4 lutego 2022", date(2022, 2, 4), date(2022, 2, 4), Precision.DAY),  # Polish
        ("luty 2022", date(2022, 2, 1), date(2022, 2, 28), Precision.MONTH),
        ("févr. 2022", date(2022, 2, 1), date(2022, 2, 28), Precision.MONTH),  # French
        ("4 février 2022", date(2022, 2, 4), date(2022, 2, 4), Precision.DAY),
        ("4 de febrero de 2022", date(2022, 2, 4), date(2022, 2, 4), Precision.DAY),  # Spanish
        ("febrero de 2022", date(2022, 2, 1), date(2022, 2, 28), Precision.MONTH),
        ("4-8 de febrero de 2022", date(2022, 2, 4), date(2022, 2, 8), Precision.DAY),
    ],
)
def test_dates_typed_in_each_language_are_read(text, start, end, precision):
    value = parse_vague_date(text)

    assert (value.start, value.end, value.precision) == (start, end, precision)


def test_a_name_cut_short_is_read_only_where_it_names_one_month():
    names = month_names()

    assert names["fevr"] == 2 and names["sept"] == 9 and names["octo"] == 10
    assert "ma" not in names and "ju" not in names  # too short to name one month


@pytest.mark.parametrize("language", ["en-gb", "de", "it", "pl", "fr", "es"])
def test_every_example_of_the_accepted_forms_is_read(language):
    from django.utils import translation

    from consortium.vague_dates import accepted_forms

    with translation.override(language):
        forms = accepted_forms()
    examples = re.findall(r"\(([^()]*)\)", forms)
    assert len(examples) == 4
    for example in ", ".join(examples).split(", "):
        assert parse_vague_date(example) is not None, (language, example)


def test_the_accepted_forms_are_written_in_the_users_language():
    from django.utils import translation
    from django.utils.dates import MONTHS, MONTHS_3

    with translation.override("de"), pytest.raises(VagueDateError) as error:
        parse_vague_date("nächstes Frühjahr")
    with translation.override("de"):
        february, feb, nov = str(MONTHS[2]), str(MONTHS_3[2]).title(), str(MONTHS_3[11]).title()

    # The month names come from Django's German catalogue; the project's own catalogue translates the
    # sentence around them, so only the examples and the text typed are compared.
    assert february == "Februar"
    assert f"4. {february} 2022" in str(error.value)
    assert f"{nov} 2022 - {feb} 2023" in str(error.value)
    assert "nächstes Frühjahr" in str(error.value) and "11.2022" in str(error.value)


def test_the_accepted_forms_in_polish_use_polish_month_names():
    from django.utils import translation

    from consortium.vague_dates import accepted_forms

    with translation.override("pl"):
        forms = accepted_forms()

    assert "4 lutego 2022" in forms and "Lis 2022 - Lut 2023" in forms
