"""A periodic report's structure as data: its sections in order, their prompts, who writes what, and where
each table goes. One YAML file per programme's report in narrative/programmes/ (the COSME technical progress
report ships); another programme's report is another file, picked by the project's programme.

The file is read once per process and checked when read: a section with an unknown kind or table, or two
sections with one key, is an error naming the file and the section, never a report with a part missing.
"""

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured

FOLDER = Path(__file__).resolve().parent / "programmes"
DEFAULT = "cosme-technical-progress-report"

KINDS = ("text", "declaration", "work_packages", "parts", "indicators", "tables")
# The tables a report builder places (reports.progress names them so); a structure naming another is refused.
TABLES = (
    "milestones",
    "deliverables",
    "call",
    "chart",
    "project",
    "events",
    "stakeholders",
    "cases_clusters",
    "cases_smes",
    "details_a",
    "details_b",
    "other_cases",
    "dissemination",
)


@dataclass(frozen=True)
class Part:
    """One prompt of a `parts` section (I.4's list): a text of its own, stored under "<section>.<part>"."""

    key: str
    heading: str


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    kind: str = "text"
    group: str = ""
    prompt: str = ""
    tables: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()  # the declaration's tick boxes (key, text)
    fields: tuple[str, ...] = ()  # the declaration's lines to fill (e.g. the legal representative)
    empty: str | None = None  # printed where the text is empty (None: the default "Not written.")
    label: str = ""  # the heading numbered within its part, "I.1 Project objectives ..." (set when read)

    @property
    def has_text(self) -> bool:
        return self.kind != "tables"

    def text_keys(self) -> list[str]:
        """The keys of the section's own texts (the per-work-package, per-task and per-indicator texts of
        work_packages and indicators sections are keyed by their object as well; see narrative.models)."""
        if self.kind == "parts":
            return [f"{self.key}.{part.key}" for part in self.parts]
        return [self.key] if self.has_text else []


@dataclass(frozen=True)
class Structure:
    key: str
    title: str
    programmes: tuple[str, ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def text_keys(self) -> list[str]:
        return [key for section in self.sections for key in section.text_keys()]


def _refuse(path: Path, where: str, why: str):
    raise ImproperlyConfigured(f"{path.name}: {where}: {why}")


def _section(path: Path, raw: dict) -> Section:
    key = raw.get("key") or _refuse(path, str(raw)[:60], "a section needs a key")
    kind = raw.get("kind", "text")
    if kind not in KINDS:
        _refuse(path, key, f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    for table in raw.get("tables", []):
        if table not in TABLES:
            _refuse(path, key, f"unknown table {table!r}")
    parts = tuple(Part(p["key"], p["heading"]) for p in raw.get("parts", []))
    if (kind == "parts") != bool(parts):
        _refuse(path, key, "a parts section lists its parts, and only a parts section has parts")
    return Section(
        key=key,
        heading=raw.get("heading") or _refuse(path, key, "a section needs a heading"),
        kind=kind,
        group=raw.get("group", ""),
        prompt=raw.get("prompt", ""),
        tables=tuple(raw.get("tables", [])),
        parts=parts,
        choices=tuple((raw.get("choices") or {}).items()),
        fields=tuple(raw.get("fields", [])),
        empty=raw.get("empty"),
    )


PART = re.compile(r"^([IVX]+)\.\s")
NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$", re.DOTALL)


def _labelled(sections) -> tuple[Section, ...]:
    """Each section's label: the template numbers sections within a part ("1. Project objectives" in part
    "I. Project progress"), so the pages and the before-freeze check say "I.1 Project objectives", never a
    bare "1." that could be I.1 or II.1. The printed report keeps the template's own headings."""
    labelled, part = [], ""
    for section in sections:
        if match := PART.match(section.group):
            part = match[1]
        numbered = NUMBERED.match(section.heading)
        label = f"{part}.{numbered[1]} {numbered[2]}" if part and numbered else section.heading
        labelled.append(replace(section, label=label))
    return tuple(labelled)


def read(path: Path) -> Structure:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    sections = _labelled(_section(path, s) for s in raw.get("sections", []))
    if len({s.key for s in sections}) != len(sections):
        _refuse(path, "sections", "two sections have the same key")
    return Structure(
        key=raw["key"], title=raw["title"], programmes=tuple(raw.get("programmes", [])), sections=sections
    )


@cache
def structures() -> dict[str, Structure]:
    return {path.stem: read(path) for path in sorted(FOLDER.glob("*.yaml"))}


def for_project(project) -> Structure:
    """The report structure of the project's programme (the COSME one where no file names it)."""
    for structure in structures().values():
        if project.programme and project.programme in structure.programmes:
            return structure
    return structures()[DEFAULT]
