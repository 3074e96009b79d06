"""What an import kind is: its record model, the values every row gets, and its columns (kinds.py
declares one per record kind; the resource, the template and the reader are built from it)."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext


@dataclass(frozen=True)
class Column:
    # The template's header in English (marked with gettext_noop): the key of the column in files, mappings
    # and stored runs, recognised whatever the language; `label` is what the pages show.
    header: str
    attribute: str
    widget: Any  # a callable (project) -> Widget
    help: str
    allowed: str = ""
    required: bool = False
    synonyms: tuple[str, ...] = ()
    m2m: bool = False

    @property
    def label(self) -> str:
        """The header in the active language (kinds.py marks every header with gettext_noop)."""
        return gettext(self.header)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    model: Any
    columns: list[Column]
    fixed: dict = field(default_factory=dict)  # values every row of this kind gets (kind, category)
    key: str = "external_ref"

    @property
    def key_column(self) -> Column:
        return next(c for c in self.columns if c.attribute == self.key)
