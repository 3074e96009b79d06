"""What every part of the demo loader shares: reading a file, saving a row only when it differs, and
finding what a row names (a partner, an organisation...) with an error naming the file and the row."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:  # the C loader, where PyYAML has it, reads these files ten times faster than the pure-Python one
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader

from consortium.models import (
    Organisation,
    Partner,
    Sector,
)
from consortium.vague_dates import parse_vague_date
from missions.models import Mission


class DemoDataError(ValueError):
    """A demo file refers to something that does not exist; the message names the file and the row."""


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    # Users of a demo name that existed and were not created by the demo: left exactly as they were.
    untouched_users: list[str] = field(default_factory=list)

    def count(self, model, created: bool, changed: bool):
        name = model._meta.verbose_name_plural
        if created:
            self.created[name] = self.created.get(name, 0) + 1
        elif changed:
            self.updated[name] = self.updated.get(name, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def read(name: str, directory: Path):
    path = directory / name
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SafeLoader) or []  # noqa: S506 - SafeLoader is the safe one


class Rows:
    def __init__(self, directory: Path):
        self.dir = directory
        self.result = LoadResult()

    # -- helpers -----------------------------------------------------------------------------------
    def upsert(self, model, keys: dict, values: dict, m2m: dict | None = None):
        obj = model.objects.filter(**keys).first()
        created = obj is None
        if created:
            obj = model(**keys)
        changed = False
        for name, value in values.items():
            if created or getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if created or changed:
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
        for name, targets in (m2m or {}).items():
            manager = getattr(obj, name)
            if {t.pk for t in manager.all()} != {t.pk for t in targets}:
                manager.set(targets)
                changed = True
        self.result.count(model, created, changed)
        return obj

    @staticmethod
    def named(found: dict, name, problem: str):
        """found[name]; DemoDataError(problem) when the file names something that is not there."""
        try:
            return found[name]
        except KeyError:
            raise DemoDataError(problem) from None

    def partner(self, short_name: str, where: str) -> Partner:
        return self.named(
            self.partners, short_name, f"{where}: '{short_name}' is not a partner of {self.project}"
        )

    def organisation(self, name: str | None, where: str) -> Organisation | None:
        problem = f"{where}: organisation '{name}' is not in organisations.yaml"
        return self.named(self.organisations, name, problem) if name else None

    def mission(self, title: str | None, where: str) -> Mission | None:
        return (
            self.named(self.missions, title, f"{where}: mission '{title}' is not in missions.yaml")
            if title
            else None
        )

    def sector(self, name: str, where: str) -> Sector:
        return self.named(self.sectors, name, f"{where}: sector '{name}' is not in sectors.yaml")

    @staticmethod
    def vague(text, where: str):
        try:
            return parse_vague_date(str(text)) if text else None
        except ValueError as exc:
            raise DemoDataError(f"{where}: {exc}") from None

    def record_values(self, row: dict, where: str) -> tuple[dict, dict]:
        """The fields every partner record shares, and its responsible partners."""
        values = {
            "name": row["name"],
            "consortium_led": bool(row.get("consortium", False)),
            "responsible_text": row.get("responsible_text") or "",
            "position": row.get("row") or 0,
        }
        responsible = [self.partner(short, where) for short in row.get("responsible") or []]
        return values, {"responsible": responsible}

    def dated_values(self, row: dict, where: str) -> dict:
        when = self.vague(row.get("date"), where)
        return {
            "date_start": when.start if when else None,
            "date_end": when.end if when else None,
            "date_precision": when.precision if when else "",
            "dates_location": row.get("dates_location") or "",
            "location": row.get("location") or "",
        }

    @staticmethod
    def ref(row: dict, prefix: str = "D3.2") -> str:
        return f"{prefix}-T{row['table']}-{row['row']}"
