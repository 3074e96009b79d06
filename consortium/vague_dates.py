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

from django.db import models
from django.utils.translation import gettext as _

from consortium.dates import format_date
from consortium.names import fold

# The consortium's working languages, for month names (LANGUAGE_CODE is only the interface's language).
MONTH_LANGUAGES = ("en", "de", "it", "pl", "fr", "es")


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class VagueDateError(ValueError):
    """The text is not a date in any accepted form; the message says why in the user's words."""


def accepted_forms() -> str:
    """The forms a date may take, with examples: shown under every date box and in every "not a date"."""
    return _(
        "a year (2021), a month (11.2022, Nov 2022, Okt 2022, 2022-11), a day (04.02.2022, 2022-02-04, "
        "4 Feb 2022, 4. Februar 2022), or a range (4-8.02.2022, 03.09.2021 - 19.10.2021, Nov 2022 - Feb 2023)"
    )


def month_word(word: str) -> str:
    """Lower case, without accents or a trailing dot: "Paź." and "paz" are the same word."""
    return fold(word.strip().rstrip("."))


@cache
def month_names() -> dict[str, int]:
    """Folded month name or abbreviation -> month number, in every language of MONTH_LANGUAGES.

    Read once per process from Django's translations (full names, the genitive forms Polish writes after
    a day, three-letter and AP-style abbreviations); English's own abbreviations from `calendar` too.
    """
    from django.utils import translation
    from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP

    meanings: dict[str, set[int]] = {}
    for language in MONTH_LANGUAGES:
        with translation.override(language):
            for table in (MONTHS, MONTHS_3, MONTHS_AP, MONTHS_ALT):
                for number, name in table.items():
                    meanings.setdefault(month_word(str(name)), set()).add(number)
    for number in range(1, 13):
        for name in (calendar.month_name[number], calendar.month_abbr[number]):
            meanings.setdefault(month_word(name), set()).add(number)
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
# Each single form: (pattern, how its groups become a VagueDate).
_SINGLE = [
    (r"(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})", lambda t, d, m, y: _day_span(_day(d, m, y, t))),
    (r"(\d{4})-(\d{1,2})-(\d{1,2})", lambda t, y, m, d: _day_span(_day(d, m, y, t))),
    (rf"{_D}\s*{_NAME},?\s*(\d{{4}})", lambda t, d, m, y: _day_span(_day(d, m, y, t))),
    (r"(\d{1,2})[./](\d{4})", lambda t, m, y: _month_span(m, y, t)),
    (r"(\d{4})-(0[1-9]|1[0-2])", lambda t, y, m: _month_span(m, y, t)),
    (rf"{_NAME},?\s*(\d{{4}})", lambda t, m, y: _month_span(m, y, t)),
    (r"(\d{4})", lambda t, y: _year_span(_year(y, t))),
]
# Days within one month: "4-8.02.2022", "4.-8. Februar 2022", "4-8 Feb 2022".
_DAYS_IN_MONTH = [
    rf"{_D}\s*[-–]\s*(\d{{1,2}})[./](\d{{1,2}})[./](\d{{4}})",
    rf"{_D}\s*[-–]\s*{_D}\s*{_NAME},?\s*(\d{{4}})",
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
                raise VagueDateError(
                    _("'%(text)s' mixes a %(first)s and a %(last)s: write both ends alike")
                    % {"text": text, "first": first.precision, "last": last.precision}
                )
            return VagueDate(first.start, last.end, first.precision)
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
