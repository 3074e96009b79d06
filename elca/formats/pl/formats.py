"""Polish pages write a day as Polish offices do, 04.02.2022 (Django's pl: 04-02-2022)."""

SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
