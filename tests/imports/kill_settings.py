"""Settings for the child process of the kill -9 test (test_kill.py) only: the test settings plus the
import's pause hook (imports.writing.pause_for_tests), which elca/settings.py never turns on."""

import os

from elca.settings_test import *  # noqa: F403

IMPORT_TEST_PAUSE_AFTER_ROWS = (
    int(os.environ["IMPORT_PAUSE_AFTER_ROWS"]) if os.environ.get("IMPORT_PAUSE_AFTER_ROWS") else None
)
IMPORT_TEST_PAUSE_SIGNAL = os.environ.get("IMPORT_PAUSE_SIGNAL", "")
