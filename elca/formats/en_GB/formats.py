"""English pages write a day as the project always has and as D3.2 does: 04.02.2022 (Django's en-GB would
write 04/02/2022)."""

SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
