"""The one date format of the project's pages, messages and reports: the D3.2 form, 04.02.2022.

Django's own formats would give "04/02/2022" for LANGUAGE_CODE "en-gb" (SHORT_DATE_FORMAT "d/m/Y");
taking them would need a FORMAT_MODULE_PATH that also changes every `localize`d cell of the lists, and
the reports must stay byte-identical with the D3.2 text. Templates write the same form as `date:"d.m.Y"`.
"""

from datetime import date, datetime

from django.utils import timezone

DATE_FORMAT = "%d.%m.%Y"
DATETIME_FORMAT = f"{DATE_FORMAT} %H:%M"


def format_date(day: date | None) -> str:
    """04.02.2022, or "" for no date."""
    return f"{day:{DATE_FORMAT}}" if day else ""


def format_datetime(moment: datetime | None) -> str:
    """04.02.2022 14:05 in the project's time zone (an aware moment is converted), or "" for none."""
    if not moment:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:{DATETIME_FORMAT}}"


def as_text(value) -> str:
    """A value as reports write it: "" for None, a moment or a day in the one format, the rest as str."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)
