"""Vague dates: what partners actually write ("2021", "Nov 2022", "4-8.02.2022") as a span with a precision.

A record counts in the reporting period that contains the *end* of its span (DESIGN.md §4), so every
accepted form becomes (start, end, precision). The display follows the way D3.2 writes dates.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
    }
}
MONTHS["sept"] = 9
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))


class VagueDateError(ValueError):
    """The text is not a date in any accepted form; the message says why in the user's words."""


@dataclass(frozen=True)
class VagueDate:
    start: date
    end: date
    precision: str

    def __post_init__(self):
        if self.start > self.end:
            raise VagueDateError(
                f"the range starts ({self.start:%d.%m.%Y}) after it ends ({self.end:%d.%m.%Y})"
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
                return f"{s:%d.%m.%Y}"
            if (s.year, s.month) == (e.year, e.month):
                return f"{s.day}-{e.day}.{e:%m.%Y}"
            return f"{s:%d.%m.%Y} - {e:%d.%m.%Y}"
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


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(day: str, month: str, year: str, text: str) -> date:
    y = int(year)
    if len(year) == 2:
        y += 2000
    try:
        return date(y, int(month), int(day))
    except ValueError:
        raise VagueDateError(f"'{text}' is not a date") from None


def _month(month: int, year: str, text: str) -> tuple[int, int]:
    if not 1 <= month <= 12:
        raise VagueDateError(f"'{text}' is not a date: there is no month {month}")
    return int(year), month


_DAY = r"(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})"
_NUM_MONTH = r"(\d{1,2})[./](\d{4})"
_NAMED_MONTH = rf"({MONTH_NAMES})\.?,?\s+(\d{{4}})"
_YEAR = r"(\d{4})"
_SEP = r"\s*(?:-|–|to)\s*"


def _single(part: str, text: str) -> VagueDate:
    part = part.strip()
    if m := re.fullmatch(_DAY, part):
        d = _day(*m.groups(), text)
        return VagueDate(d, d, Precision.DAY)
    if m := re.fullmatch(_NUM_MONTH, part):
        year, month = _month(int(m.group(1)), m.group(2), text)
        return VagueDate(date(year, month, 1), _month_end(year, month), Precision.MONTH)
    if m := re.fullmatch(_NAMED_MONTH, part, flags=re.IGNORECASE):
        year, month = _month(MONTHS[m.group(1).lower()], m.group(2), text)
        return VagueDate(date(year, month, 1), _month_end(year, month), Precision.MONTH)
    if m := re.fullmatch(_YEAR, part):
        year = int(m.group(1))
        return VagueDate(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
    raise VagueDateError(
        f"'{text}' is not a date: write 2021, 11.2022, Nov 2022, 04.02.2022, 4-8.02.2022 "
        "or 03.09.2021 - 19.10.2021"
    )


def parse_vague_date(text: str) -> VagueDate | None:
    """Parse one of the accepted forms; empty text is no date (None); anything else raises VagueDateError."""
    text = " ".join((text or "").split())
    if not text:
        return None
    # Days within one month: "4-8.02.2022".
    if m := re.fullmatch(r"(\d{1,2})\s*-\s*(\d{1,2})[./](\d{1,2})[./](\d{4})", text):
        first, last, month, year = m.groups()
        start, end = _day(first, month, year, text), _day(last, month, year, text)
        return VagueDate(start, end, Precision.DAY)
    parts = re.split(_SEP, text)
    if len(parts) == 1:
        return _single(text, text)
    if len(parts) != 2:
        raise VagueDateError(f"'{text}' is not a date: a range has one start and one end")
    first, last = _single(parts[0], text), _single(parts[1], text)
    if first.precision != last.precision:
        raise VagueDateError(
            f"'{text}' mixes a {first.precision} and a {last.precision}: write both ends alike"
        )
    return VagueDate(first.start, last.end, first.precision)
