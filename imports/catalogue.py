"""Every kind an import can bring in: the record kinds (imports.kinds) and the participants of events."""

from imports.kinds import KINDS
from imports.participants import PARTICIPANTS


def kind_of(run_or_name):
    """The import kind of a run, or of a kind's name."""
    name = getattr(run_or_name, "kind", run_or_name)
    return PARTICIPANTS if name == PARTICIPANTS.name else KINDS[name]
