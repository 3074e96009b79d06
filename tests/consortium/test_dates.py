"""One date format (issue 13): pages, messages and reports write dates through consortium/dates.py."""

from datetime import UTC, date, datetime
from pathlib import Path

from consortium.dates import format_date, format_datetime

ROOT = Path(__file__).resolve().parents[2]
HELPER = Path("consortium/dates.py")
SKIPPED = {".git", ".venv", "node_modules", "static", "var"}  # installed or generated, not ours
# Files this change was asked not to edit, and the change that removes their literal. None holds one today;
# a file named here must say which change clears it.
KNOWN_EXCEPTIONS: dict[Path, str] = {}


def test_a_date_reads_as_in_d32():
    assert format_date(date(2022, 2, 4)) == "04.02.2022"
    assert format_date(None) == ""


def test_a_moment_reads_in_the_project_time_zone(settings):
    settings.TIME_ZONE = "Europe/Brussels"
    assert format_datetime(datetime(2022, 2, 4, 13, 5, tzinfo=UTC)) == "04.02.2022 14:05"
    assert format_datetime(datetime(2022, 2, 4, 13, 5)) == "04.02.2022 13:05"
    assert format_datetime(None) == ""


def test_no_module_writes_the_date_format_itself():
    literal = "%d.%m." + "%Y"  # split, so this file does not find itself
    top = [p for p in ROOT.iterdir() if p.is_dir() and not p.is_symlink() and p.name not in SKIPPED]
    found = sorted(
        path.relative_to(ROOT)
        for folder in top
        for pattern in ("*.py", "*.html")
        for path in folder.rglob(pattern)
        if "migrations" not in path.parts and path.relative_to(ROOT) != HELPER and literal in path.read_text()
    )
    assert found == sorted(KNOWN_EXCEPTIONS)
