"""Vague dates: what partners actually write ("2021", "Nov 2022", "4-8.02.2022") as a span with a precision.

A record counts in the reporting period that contains the *end* of its span (DESIGN.md §4), so every
accepted form becomes (start, end, precision). The display follows the way D3.2 writes dates.

Partners write in their own languages: month names and abbreviations are read in English, German,
Italian, Polish, French and Spanish ("Okt 2026", "14. Oktober 2026", "ottobre 2026", "paź 2026",
"dic 2026"), with or without accents and a trailing dot, in any case. The names come from Django's own
translated month names (django.utils.dates), so no list is kept here; a name that means two different
months in two languages would be dropped (none does today: tests/consortium/test_vague_dates.py checks).
ISO dates (2026-10-14, 2026-10) are read too. What is shown stays the D3.2 form (14.10.2026, Oct 2026).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date
from functools import cache

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consortium.dates import format_date
from consortium.names import fold

# The consortium's working languages, for month names (LANGUAGE_CODE is only the interface's language).
MONTH_LANGUAGES = ("en", "de", "it", "pl", "fr", "es")


class Precision(models.TextChoices):
    DAY = "day", gettext_lazy("Day")
    MONTH = "month", gettext_lazy("Month")
    YEAR = "year", gettext_lazy("Year")


class VagueDateError(ValueError):
    """The text is not a date in any accepted form; the message says why in the user's words."""


def accepted_forms() -> str:
    """The forms a date may take, with examples: shown under every date box and in every "not a date".

    The examples with month names are written in the active language (and one in another language of
    the consortium, so everybody sees that their own is read too), as Django writes dates in them, and
    only those this parser reads back are listed (see _examples)."""
    forms = _examples(translation.get_language() or settings.LANGUAGE_CODE)
    # Translators: the forms a date may be typed in; each placeholder is a list of examples, e.g.
    # "a year (2021), a month (11.2022, Nov 2022, 2022-11), a day (...), or a range (...)".
    return _("a year (%(year)s), a month (%(months)s), a day (%(days)s), or a range (%(ranges)s)") % forms


def _in_language(language: str, day: date, form: str) -> str:
    with translation.override(language):
        return date_format(day, form)


@cache
def _examples(language: str) -> dict[str, str]:
    """The lists of examples of accepted_forms in `language`: the forms of numbers, and the day, month and
    range written with month names as Django writes them in `language` (DATE_FORMAT; "M Y" for a month)
    and in the first other language of MONTH_LANGUAGES (the project's English for English). An example
    the parser would not read back as the date it shows is left out."""
    base = language.split("-")[0].lower()
    other = next(code for code in MONTH_LANGUAGES if code != base)
    if other == settings.LANGUAGE_CODE.split("-")[0]:
        other = settings.LANGUAGE_CODE  # the project's English (en-gb: "4 Feb 2022"), not en-us's
    day, month, other_month, last_month = (
        date(2022, 2, 4),
        date(2022, 11, 1),
        date(2022, 10, 1),
        date(2023, 2, 1),
    )
    months = [
        ("11.2022", month),
        (_in_language(language, month, "M Y"), month),
        (_in_language(other, other_month, "M Y"), other_month),
        ("2022-11", month),
    ]
    days = [
        ("04.02.2022", day),
        ("2022-02-04", day),
        (_in_language(language, day, "DATE_FORMAT"), day),
        (_in_language(other, day, "DATE_FORMAT"), day),
    ]
    span = f"{_in_language(language, month, 'M Y')} - {_in_language(language, last_month, 'M Y')}"
    ranges = [("4-8.02.2022", date(2022, 2, 4)), ("03.09.2021 - 19.10.2021", date(2021, 9, 3)), (span, month)]

    def readable(examples):
        kept = []
        for text, start in examples:
            if text not in kept and (found := _read(text)) is not None and found.start == start:
                kept.append(text)
        return ", ".join(kept)

    return {"year": "2021", "months": readable(months), "days": readable(days), "ranges": readable(ranges)}


def month_word(word: str) -> str:
    """Lower case, without accents or a trailing dot: "Paź." and "paz" are the same word."""
    return fold(word.strip().rstrip("."))


@cache
def month_names() -> dict[str, int]:
    """Folded month name or abbreviation -> month number, in every language of MONTH_LANGUAGES.

    Read once per process from Django's translations (full names, the genitive forms Polish writes after
    a day, three-letter and AP-style abbreviations); English's own abbreviations from `calendar` too.
    A full name cut short after three letters or more is read too ("févr." is février, "Sept" September),
    where no name and no other month's cut name is written so.
    """
    from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP

    meanings: dict[str, set[int]] = {}
    cut: dict[str, set[int]] = {}
    for language in MONTH_LANGUAGES:
        with translation.override(language):
            for table in (MONTHS, MONTHS_3, MONTHS_AP, MONTHS_ALT):
                for number, name in table.items():
                    meanings.setdefault(month_word(str(name)), set()).add(number)
            for table in (MONTHS, MONTHS_ALT):
                for number, name in table.items():
                    word = month_word(str(name))
                    for length in range(3, len(word)):
                        cut.setdefault(word[:length], set()).add(number)
    for number in range(1, 13):
        for name in (calendar.month_name[number], calendar.month_abbr[number]):
            meanings.setdefault(month_word(name), set()).add(number)
    for word, months in cut.items():
        meanings.setdefault(word, months)
    return {name: months.pop() for name, months in meanings.items() if len(months) == 1}


@dataclass(frozen=True)
class VagueDate:
    start: date
    end: date
    precision: str

    def __post_init__(self):
        if self.start > self.end:
            raise VagueDateError(
                _("the range starts (%(start)s) after it ends (%(end)s)")
                % {"start": format_date(self.start), "end": format_date(self.end)}
            )

    @property
    def is_range(self) -> bool:
        if self.precision == Precision.DAY:
            return self.start != self.end
        if self.precision == Precision.MONTH:
            return (self.start.year, self.start.month) != (self.end.year, self.end.month)
        return self.start.year != self.end.year

    def __str__(self) -> str:
        s, e = self.start, self.end
        if self.precision == Precision.DAY:
            if s == e:
                return format_date(s)
            if (s.year, s.month) == (e.year, e.month):
                return f"{s.day}-{e.day}.{e:%m.%Y}"
            return f"{format_date(s)} - {format_date(e)}"
        if self.precision == Precision.MONTH:
            first = f"{calendar.month_abbr[s.month]} {s.year}"
            last = f"{calendar.month_abbr[e.month]} {e.year}"
            return first if first == last else f"{first} - {last}"
        return str(s.year) if s.year == e.year else f"{s.year} - {e.year}"

    def normalised(self) -> str:
        """The canonical input form (what the demo data and imports write)."""
        s, e = self.start, self.end
        if self.precision == Precision.MONTH:
            first, last = f"{s:%m.%Y}", f"{e:%m.%Y}"
            return first if first == last else f"{first} - {last}"
        return str(self)


def _not_a_date(text: str, reason: str = "") -> VagueDateError:
    if reason:
        return VagueDateError(_("'%(text)s' is not a date: %(reason)s") % {"text": text, "reason": reason})
    return VagueDateError(_("'%(text)s' is not a date") % {"text": text})


def _year(year: str, text: str) -> int:
    """A year as written; two digits are this century's. Year 0 (and beyond what a date holds) is refused."""
    value = int(year) + (2000 if len(year) == 2 else 0)
    if not MINYEAR <= value <= MAXYEAR:
        raise _not_a_date(text, _("there is no year %(year)s") % {"year": year})
    return value


def _month_number(month: int | str, text: str) -> int:
    if isinstance(month, str) and not month.isdigit():
        number = month_names().get(month_word(month))
        if number is None:
            raise _not_a_date(text, _("'%(word)s' is not a month") % {"word": month})
        return number
    if not 1 <= int(month) <= 12:
        raise _not_a_date(text, _("there is no month %(month)s") % {"month": int(month)})
    return int(month)


def _day(day: str, month: int | str, year: str, text: str) -> date:
    y, m = _year(year, text), _month_number(month, text)
    try:
        return date(y, m, int(day))
    except ValueError:
        raise _not_a_date(text) from None


def _month_span(month: int | str, year: str, text: str) -> VagueDate:
    y, m = _year(year, text), _month_number(month, text)
    return VagueDate(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), Precision.MONTH)


_NAME = r"([^\W\d_]+)\.?"  # a word of letters in any alphabet, maybe abbreviated with a dot
_D = r"(\d{1,2})\.?"  # a day, maybe with the German dot ("14.")
_DE = r"(?:de\s+)?"  # the Spanish "de" before a month or a year ("4 de febrero de 2022")
# Each single form: (pattern, how its groups become a VagueDate).
_SINGLE = [
    (r"(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})", lambda t, d, m, y: _day_span(_day(d, m, y, t))),
    (r"(\d{4})-(\d{1,2})-(\d{1,2})", lambda t, y, m, d: _day_span(_day(d, m, y, t))),
    (rf"{_D}\s*{_DE}{_NAME},?\s*{_DE}(\d{{4}})", lambda t, d, m, y: _day_span(_day(d, m, y, t))),
    (r"(\d{1,2})[./](\d{4})", lambda t, m, y: _month_span(m, y, t)),
    (r"(\d{4})-(0[1-9]|1[0-2])", lambda t, y, m: _month_span(m, y, t)),
    (rf"{_NAME},?\s*{_DE}(\d{{4}})", lambda t, m, y: _month_span(m, y, t)),
    (r"(\d{4})", lambda t, y: _year_span(_year(y, t))),
]
# Days within one month: "4-8.02.2022", "4.-8. Februar 2022", "4-8 Feb 2022".
_DAYS_IN_MONTH = [
    rf"{_D}\s*[-–]\s*(\d{{1,2}})[./](\d{{1,2}})[./](\d{{4}})",
    rf"{_D}\s*[-–]\s*{_D}\s*{_DE}{_NAME},?\s*{_DE}(\d{{4}})",
]
# Between the two ends of a range; tried at each place it occurs (an ISO date has hyphens of its own).
_SEPARATOR = re.compile(r"\s*(?:–|—|-|/|\bto\b|\bbis\b)\s*", re.IGNORECASE)


def _day_span(day: date) -> VagueDate:
    return VagueDate(day, day, Precision.DAY)


def _year_span(year: int) -> VagueDate:
    return VagueDate(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)


def _single(part: str, text: str) -> VagueDate | None:
    """One date in any single form, or None when `part` has none of their shapes."""
    for pattern, build in _SINGLE:
        if m := re.fullmatch(pattern, part.strip()):
            return build(text, *m.groups())
    return None


def _range(text: str) -> VagueDate | None:
    for pattern in _DAYS_IN_MONTH:
        if m := re.fullmatch(pattern, text):
            first, last, month, year = m.groups()
            return VagueDate(_day(first, month, year, text), _day(last, month, year, text), Precision.DAY)
    for separator in _SEPARATOR.finditer(text):
        first = _single(text[: separator.start()], text) if separator.start() else None
        last = _single(text[separator.end() :], text) if first else None
        if first and last:
            if first.precision != last.precision:
                raise VagueDateError(_mixed(first.precision, last.precision) % {"text": text})
            return VagueDate(first.start, last.end, first.precision)
    return None


def _mixed(first: str, last: str) -> str:
    """The message for a range whose ends have different precisions (one whole sentence per pair)."""
    messages = {
        (Precision.DAY, Precision.MONTH): _("'%(text)s' mixes a day and a month: write both ends alike"),
        (Precision.DAY, Precision.YEAR): _("'%(text)s' mixes a day and a year: write both ends alike"),
        (Precision.MONTH, Precision.DAY): _("'%(text)s' mixes a month and a day: write both ends alike"),
        (Precision.MONTH, Precision.YEAR): _("'%(text)s' mixes a month and a year: write both ends alike"),
        (Precision.YEAR, Precision.DAY): _("'%(text)s' mixes a year and a day: write both ends alike"),
        (Precision.YEAR, Precision.MONTH): _("'%(text)s' mixes a year and a month: write both ends alike"),
    }
    return messages[(first, last)]


def _read(text: str) -> VagueDate | None:
    """The date an example of accepted_forms stands for, or None when the parser does not read it."""
    try:
        return _single(text, text) or _range(text)
    except VagueDateError:
        return None


def parse_vague_date(text: str) -> VagueDate | None:
    """Parse one of the accepted forms; empty text is no date (None); anything else raises VagueDateError."""
    text = " ".join((text or "").split())
    if not text:
        return None
    found = _single(text, text) or _range(text)
    if found is None:
        raise VagueDateError(
            _("'%(text)s' is not a date: write %(forms)s") % {"text": text, "forms": accepted_forms()}
        )
    return found
