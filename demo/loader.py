"""Load the ELCA demo (demo/elca/*.yaml) into the database, idempotently.

Rows are matched by their natural keys (project acronym, partner short name, `external_ref` = the D3.2
table and row); a row is saved only when a value differs, so a second run writes nothing and adds no
history. The whole load is one transaction: a bad file leaves the database as it was.
"""

from pathlib import Path

from django.db import transaction

from accounts.demo_credentials import DEMO_PASSWORD, DEMO_TOTP_SECRET
from demo.frame import FrameRows
from demo.narrative import NarrativeRows
from demo.records import RecordRows
from demo.rows import DemoDataError, LoadResult

DEMO_DIR = Path(__file__).resolve().parent / "elca"
# Demo only (DESIGN.md §7): a real installation creates its users with createsuperuser and the admin.
# The demo users share one published password and, where a second step is needed (coordinator,
# taskleader, admin), one published authenticator key (accounts.demo_credentials, which the deploy check
# also reads). Both names stay importable from here for the tests and the command.
__all__ = ["DEMO_DIR", "DEMO_PASSWORD", "DEMO_TOTP_SECRET", "DemoDataError", "LoadResult", "load_demo"]


class Loader(FrameRows, RecordRows, NarrativeRows):
    def run(self) -> LoadResult:
        self.load_project()
        self.load_directory()
        self.load_missions()
        self.load_engagements()
        self.load_agreements()
        self.load_events()
        self.load_sector_involvements()
        self.load_communication()
        self.load_indicators()
        self.load_plan()
        self.load_narrative()
        return self.result


def load_demo(directory: Path = DEMO_DIR) -> LoadResult:
    """Load (or bring up to date) the demo project from `directory`, in one transaction.

    It does not look at DEBUG: the `load_demo` command refuses to run without it (the guard for
    operators); the tests and benchmarks call this on their own throwaway databases.
    """
    with transaction.atomic():
        return Loader(directory).run()
