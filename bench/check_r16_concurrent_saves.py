"""R16 against a real database: 20 threads save one record from the same version at the same moment.

The suite runs this script on a file copy of its SQLite test database, and on its PostgreSQL test database
(tests/faults/test_concurrent_saves.py; SQLite's in-memory test database holds one connection only), and
tests/workspace/test_conflicts.py does the same in-process on PostgreSQL. By hand it migrates a scratch file:

    .venv/bin/python bench/check_r16_concurrent_saves.py             # SQLite: WAL, IMMEDIATE
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch \
        .venv/bin/python bench/check_r16_concurrent_saves.py

Prints the outcomes; expected: {"conflict": 19, "saved": 1} version 2, exit status 0.
"""

import json
import os
import sys
import tempfile
import threading
from collections import Counter
from datetime import date
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(tempfile.mkdtemp()) / 'r16.sqlite3'}")
os.environ["DEBUG"] = "1"
os.environ["DJANGO_SETTINGS_MODULE"] = "elca.settings"
THREADS = 20


def main() -> int:
    django.setup()
    from django.core.management import call_command

    from agreements.models import Agreement
    from consortium.models import Project
    from workspace.saving import EditConflict, record_save

    call_command("migrate", verbosity=0)
    project, _ = Project.objects.get_or_create(
        acronym="R16CHECK", defaults={"title": "R16", "start_date": date(2020, 9, 1), "duration_months": 24}
    )
    record = Agreement.objects.create(project=project, name="R16 record", kind="sme_sme")
    barrier, outcomes = threading.Barrier(THREADS), []

    def save(n):
        from django.db import connection

        try:
            copy = Agreement.objects.get(pk=record.pk)
            copy.name = f"Save {n}"
            barrier.wait()
            record_save(record=copy, expected_version=1)
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")
        except Exception as exc:  # noqa: BLE001 - any other outcome is what this check looks for
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    version = Agreement.objects.get(pk=record.pk).version
    record.delete()
    counts = dict(sorted(Counter(outcomes).items()))
    print(json.dumps(counts), "version", version)
    return 0 if counts == {"conflict": THREADS - 1, "saved": 1} and version == 2 else 1


if __name__ == "__main__":
    sys.exit(main())
