"""An import's columns fill fields the record kind declares (RecordKind.fields, STYLE.md 17).

The template's headers and their order stay the import's own: they are what files people already fill in
say, so they do not follow a label or the form's order. What a column fills is a declared field, so the
form, the record's page and the import cannot drift apart.
"""

import pytest

from imports.kinds import KINDS
from portal.home import WORKSPACE_KINDS
from workspace.kinds import PARTNER_FIELDS

RECORD_KINDS = {kind.model: kind for kind in WORKSPACE_KINDS}
# Filled by an import but no declared field: the row's reference (on every record's page after the
# declared fields) and an event's target countries (the page's declared (label, function) pair).
BESIDES = {"external_ref", "target_countries"}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_column_fills_a_declared_field(name):
    kind = KINDS[name]
    record_kind = RECORD_KINDS[kind.model]
    declared = {field for field in record_kind.fields if isinstance(field, str)}
    fills = {column.attribute for column in kind.columns} | set(kind.fixed)
    assert fills - BESIDES <= declared | set(PARTNER_FIELDS)
