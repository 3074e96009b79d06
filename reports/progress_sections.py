"""The progress report's sections in its structure's order (narrative.structure): each section's heading
(and the heading of the group it opens), its text or texts (safe HTML from narrative.assemble), then its
tables in the order the structure places them. The HTML/PDF and the DOCX walk this one list, so the
formats cannot disagree on the order; the XLSX takes the tables in the same order.

A section (plain data, stored with a frozen report):
    {"key", "group", "heading", "kind", "html", "empty_text", "landscape" (only a wide table: its page),
     "parts": [{"key", "heading", "html"}], "work_packages": [...], "declaration": {...},
     "items": [{"kind": "table", "table": ...} | CHART | OTHER_CASES]}
"""

from django.utils.translation import gettext_lazy

from reports.common import CHART, OTHER_CASES

NOT_WRITTEN = gettext_lazy("Not written.")


def _words(text: str) -> str:
    return " ".join(text.lower().replace(":", " ").split())


def _items(keys, tables: dict, heading: str) -> list[dict]:
    """The section's tables in order. A section's only table whose title the section's heading already
    says ("2. Number of events ..." under the heading "2. Number of events ...") prints no title of its own,
    as in the agency's template; the XLSX still names its sheet by it."""
    items = []
    for key in keys:
        placed = tables.get(key)
        if placed is None:
            continue
        if placed in (CHART, OTHER_CASES):
            items.append(placed)
        else:
            items.append({"kind": "table", "table": placed, "untitled": False})
    tables_only = [item for item in items if item.get("kind") == "table"]
    if (
        len(items) == 1
        and tables_only
        and _words(heading).startswith(_words(tables_only[0]["table"]["title"]))
    ):
        tables_only[0]["untitled"] = True
    return items


def _empty(section) -> str:
    return NOT_WRITTEN if section.empty is None else section.empty


def build_sections(structure, narrative: dict, tables: dict) -> list[dict]:
    """`tables`: {structure table key: table dict, CHART or OTHER_CASES}; a key missing is not printed."""
    sections = []
    for section in structure.sections:
        shown = {
            "key": section.key,
            "group": section.group,
            "heading": section.heading,
            "kind": section.kind,
            "html": "",
            "empty_text": _empty(section),
            "parts": [],
            "work_packages": [],
            "declaration": None,
            "items": _items(section.tables, tables, section.heading),
        }
        if section.kind == "declaration":
            declared = narrative["declaration"]
            shown["declaration"] = {
                "prompt": section.prompt,
                "choices": [
                    {"key": key, "text": text, "ticked": key == declared.get("choice")}
                    for key, text in section.choices
                ],
                "fields": [
                    {"label": label, "value": declared.get("fields", {}).get(label, "")}
                    for label in section.fields
                ],
            }
            shown["html"] = declared.get("html", "")
        elif section.kind == "work_packages":
            shown["work_packages"] = narrative["work_packages"].get(section.key, [])
        elif section.kind == "parts":
            shown["parts"] = [
                {
                    "key": part.key,
                    "heading": part.heading,
                    "html": narrative["texts"].get(f"{section.key}.{part.key}", ""),
                }
                for part in section.parts
            ]
        elif section.has_text:
            shown["html"] = narrative["texts"].get(section.key, "")
        # A section showing only a wide table starts on its landscape page: its heading is not left alone
        # at the foot of a portrait one.
        shown["landscape"] = _only_wide_tables(shown)
        sections.append(shown)
    return sections


def _only_wide_tables(shown: dict) -> bool:
    first = shown["items"][0] if shown["items"] else None
    wide = bool(first) and first["kind"] == "table" and bool(first["table"].get("landscape"))
    has_text = shown["html"] or shown["work_packages"] or shown["parts"] or shown["declaration"]
    return wide and not has_text and not (shown["kind"] != "tables" and shown["empty_text"])


def human_comments(indicators: list[dict], comments: dict) -> list[dict]:
    """II.1's comment column: the human comment (the indicator's II.1 text) first, then the entry's own
    comment; the builder adds the "Counted: ..." list after both."""
    return [
        {**ind, "comment": "\n".join(filter(None, [comments.get(ind["code"], ""), ind["comment"]]))}
        for ind in indicators
    ]
