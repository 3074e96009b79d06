"""Set-up workbooks for the tests: sheets by title, each a header row and rows."""

import io

from openpyxl import Workbook

PARTNERS = ["Number", "Short name", "Legal name", "Country", "Coordinator"]
WORK_PACKAGES = ["Number", "Title", "Lead partner", "Start month", "End month"]
TASKS = ["Number", "Work package", "Title", "Lead partner", "Start month", "End month"]
DELIVERABLES = ["Number", "Name", "Work package", "Lead partner", "Type", "Dissemination level", "Due month"]
MILESTONES = ["Number", "Name", "Due month"]
PEOPLE = ["E-mail", "Name", "Partner", "Role"]


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def full_book(**changes) -> bytes:
    """A whole consortium: the ELCA fixture's AMZ (1) and MAV (5) and two new partners, a work plan,
    people; `changes` replaces sheets by their title's first word in lower case (partners=[...])."""
    sheets = {
        "Partners": [
            PARTNERS,
            [1, "AMZ", "Automotive cluster", "PT", "yes"],
            [5, "MAV", "Mobility cluster", "ES", ""],
            [6, "NEW1", "First new cluster", "Germany", "no"],
            [7, "NEW2", "Second new cluster", "FR", ""],
        ],
        "Work packages": [
            WORK_PACKAGES,
            ["WP1", "Management", "AMZ", "M1", "M24"],
            [2, "Outreach", "NEW1", 3, 24],
        ],
        "Tasks": [
            TASKS,
            ["1.1", "WP1", "Coordination", "AMZ", 1, 24],
            ["2.1", 2, "Events", "NEW2", "M3", "M12"],
        ],
        "Deliverables": [DELIVERABLES, ["D1.1", "Handbook", "WP1", "AMZ", "Report", "Public", "M3"]],
        "Milestones": [MILESTONES, ["MS1", "Kick-off", 2]],
        "People to invite": [
            PEOPLE,
            ["one@example.org", "One Person", "NEW1", "Partner staff"],
            ["two@example.org", "", "", "viewer"],
        ],
    }
    for name, rows in changes.items():
        title = next(t for t in sheets if t.lower().startswith(name.replace("_", " ")))
        if rows is None:
            del sheets[title]
        else:
            sheets[title] = rows
    return workbook(sheets)
