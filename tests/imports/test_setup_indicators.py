"""The set-up workbook's indicators sheet (issue 15 item 6): indicators with their target total, counted by a
rule of the project or of the shipped library, or reported by hand; all or nothing with the other sheets."""

import pytest

from imports.setup_book import setup_book_import, setup_book_template
from kpis.catalogue import library_rule
from kpis.models import CountingRule, Indicator
from tests.imports.setup_helpers import workbook

pytestmark = pytest.mark.django_db
HEADERS = ["Set", "Set title", "Code", "Title", "Definition", "Counted by", "Target"]


def run(project, user, rows, dry_run=False):
    data = workbook({"Indicators": [HEADERS, *rows]})
    return setup_book_import(project=project, data=data, filename="setup.xlsx", user=user, dry_run=dry_run)


def indicators(project):
    return list(
        Indicator.objects.filter(indicator_set__project=project)
        .order_by("code")
        .values_list("indicator_set__code", "code", "mode", "counting_rule__name", "target")
    )


def test_indicators_with_their_targets_and_rules(project, coordinator):
    library_rule(project, "national_workshops")

    report = run(
        project,
        coordinator,
        [
            ["OWN", "Our work plan", "OWN-1", "Workshops held", "", "National workshops with SMEs", 10],
            ["OWN", "", "OWN-2", "Stakeholders reached", "By newsletter", "by hand", "600"],
            ["", "", "OWN-3", "Business agreements", "", "business_agreements", 5],
        ],
    )

    assert report.problems == []
    assert indicators(project) == [
        ("OWN", "OWN-1", "counted", "national_workshops", 10),
        ("OWN", "OWN-2", "reported", None, 600),
        ("OWN", "OWN-3", "counted", "business_agreements", 5),  # the library's rule, now the project's
    ]
    assert CountingRule.objects.filter(project=project).count() == 2
    again = run(project, coordinator, [["OWN", "", "OWN-1", "Workshops held", "", "national_workshops", 12]])
    assert [(c.title, c.updated) for c in again.counts] == [("Indicators", 1)]
    assert Indicator.objects.get(code="OWN-1").target == 12


def test_a_rule_that_does_not_exist_is_named_and_nothing_is_written(project, coordinator):
    report = run(
        project,
        coordinator,
        [
            ["OWN", "Our work plan", "OWN-1", "Fine", "", "by hand", 1],
            ["OWN", "", "OWN-2", "Trainings", "", "trainings held", 4],
            ["OWN", "", "OWN-3", "", "", "by hand", "many"],
        ],
    )

    problems = [(p.row, p.column, p.message) for p in report.problems]
    assert (
        3,
        "Counted by",
        "'trainings held' is not a counting rule of the project (rules: —), nor “by hand”",
    ) in problems
    assert any(row == 4 and column in ("Target", "Title") for row, column, _ in problems), problems
    assert indicators(project) == []


def test_the_template_has_the_indicators_sheet(project, coordinator):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(setup_book_template()))

    assert [cell.value for cell in book["Indicators"][1]][:7] == HEADERS
