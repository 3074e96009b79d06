"""Every report table lists, for each period, exactly the records the record QuerySets place in it (issue 13).

"Placed in a period" has one owner: `Model.objects.known_by(period)` and `Agreement.objects.signed(by=period)`
(consortium/models/records.py, agreements/models.py). Each test states a table's records with those methods
and compares them with what the builder put in the table, for every period of the ELCA demo (loaded once
for this module; the reports are built once per period and shared by the tests).
"""

import pytest

from agreements.models import Agreement, CooperationCase
from events.models import Event
from kpis.models import Indicator
from reports import progress_cases
from reports import progress_countries as pc
from reports.d32 import SECTIONS, build_d32
from reports.progress import build_progress
from tests.reports.test_builders import table

PERIODS = [1, 2, 3, 4, 5]  # the demo's periods (demo/elca/project.yaml); 5 is the last


@pytest.fixture(scope="module")
def reports():
    """Built reports by (kind, period number), shared by this module's tests (building reads only)."""
    return {}


@pytest.fixture
def report(elca_demo, db, reports):
    def get(kind, number):
        if (kind, number) not in reports:
            build = build_d32 if kind == "d32" else build_progress
            reports[kind, number] = build(elca_demo, elca_demo.periods.get(number=number))
        return reports[kind, number]

    return get


def period(project, number):
    return project.periods.get(number=number)


def ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("number", PERIODS)
@pytest.mark.parametrize("spec", SECTIONS, ids=[f"t{spec[0]}" for spec in SECTIONS])
def test_d32_record_table_rows_are_the_records_known_by_the_period(elca_demo, report, spec, number):
    table_number, _, model, filters, _ = spec
    rows = table(report("d32", number), f"t{table_number}")["rows"]

    expected = model.objects.filter(project=elca_demo, **filters).known_by(period(elca_demo, number))

    assert [row["id"] for row in rows] == ids(expected.order_by("position", "id"))


@pytest.mark.parametrize("number", PERIODS)
@pytest.mark.parametrize("table_number", [3, 4, 5, 6])
def test_d32_agreement_table_signed_rows_are_the_agreements_signed_by_the_period(
    elca_demo, report, table_number, number
):
    found = table(report("d32", number), f"t{table_number}")
    status = [c["key"] for c in found["columns"]].index("status")
    kind = next(spec[3] for spec in SECTIONS if spec[0] == table_number)["kind"]
    signed_label = str(Agreement.Status.SIGNED.label)

    signed = Agreement.objects.filter(project=elca_demo, kind=kind).signed(by=period(elca_demo, number))

    assert [r["id"] for r in found["rows"] if r["cells"][status] == signed_label] == ids(
        signed.order_by("position", "id")
    )


@pytest.mark.parametrize("number", PERIODS)
@pytest.mark.parametrize("kind", ["d32", "progress"])
def test_indicator_records_are_the_rules_records_known_by_the_period(elca_demo, report, kind, number):
    """Table 0 and tables II.1: the engine counts the records the same QuerySet method places."""
    ctx = report(kind, number)
    when = period(elca_demo, number)
    for indicator in ctx["indicators"]:
        if indicator["mode"] != "counted":
            continue
        rule = Indicator.objects.get(indicator_set__project=elca_demo, code=indicator["code"]).rule
        expected = set(ids(rule.matching(elca_demo).known_by(when)))
        assert {r["id"] for r in indicator["records"]} == expected, indicator["code"]


def progress_records(project, number) -> dict:
    """The progress report's records for a period, stated with the QuerySet methods alone."""
    when = period(project, number)
    events = list(
        Event.objects.filter(project=project)
        .known_by(when)
        .in_report_tables()
        .with_type_in_report()
        .prefetch_related("target_countries", "organisations")
        .order_by("position", "id")
    )
    signed = Agreement.objects.filter(project=project).signed(by=when)
    cases = CooperationCase.objects.filter(project=project).known_by(when)
    return {"events": events, "cases": progress_cases.cooperation_cases(cases, signed)}


PROGRESS_TABLES = {
    "events": lambda r: pc.events_per_country(r["events"]),
    "stakeholders": lambda r: pc.stakeholders_per_country(r["events"], r["cases"]),
    "cases_clusters": lambda r: progress_cases.cases_by_clusters(r["cases"]),
    "cases_smes": lambda r: progress_cases.cases_by_smes(r["cases"]),
    "details_a": lambda r: progress_cases.further_details(r["cases"], "cluster"),
    "details_b": lambda r: progress_cases.further_details(r["cases"], "sme"),
}


@pytest.mark.parametrize("number", PERIODS)
@pytest.mark.parametrize("key", list(PROGRESS_TABLES))
def test_progress_table_rows_are_made_of_the_records_placed_in_the_period(elca_demo, report, key, number):
    """Tables II.2-II.6: the same rows as the table drawn from the QuerySet methods' records."""
    expected = PROGRESS_TABLES[key](progress_records(elca_demo, number))

    assert table(report("progress", number), key) == expected
