"""EU / COSME-participating / third country, from data/country_groups.yaml."""

from functools import cache
from pathlib import Path

import yaml
from django.db import models
from django.utils.translation import gettext_lazy as _

GROUPS_FILE = Path(__file__).parent / "data" / "country_groups.yaml"


class CountryGroup(models.TextChoices):
    EU = "eu", _("EU member state")
    COSME = "cosme", _("COSME participating country")
    THIRD = "third", _("Third country")


@cache
def _groups() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(GROUPS_FILE.read_text(encoding="utf-8"))
    return {"eu": frozenset(data["eu"]), "cosme": frozenset(data["cosme"])}


def country_group(code: str) -> CountryGroup:
    code = str(code).upper()
    if code in _groups()["eu"]:
        return CountryGroup.EU
    if code in _groups()["cosme"]:
        return CountryGroup.COSME
    return CountryGroup.THIRD


def not_third_countries() -> frozenset[str]:
    """The codes to exclude in a query that keeps third countries only."""
    return _groups()["eu"] | _groups()["cosme"]


def is_third_country(code: str) -> bool:
    return country_group(code) == CountryGroup.THIRD
