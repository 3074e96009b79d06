"""The reports pick their indicator sets by the report section a set feeds (IndicatorSet.report_section),
never by its code (issue 15 item 8): a consortium names its sets as it likes."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError

from kpis.models import Indicator, IndicatorSet
from reports.d32 import build_d32
from reports.progress import build_progress
from tests.factories import ProjectFactory


def one_indicator(indicator_set, code, title):
    return Indicator.objects.create(
        indicator_set=indicator_set, code=code, position=1, title=title, mode="reported", target=5
    )


def test_the_progress_report_shows_the_sets_of_its_sections_whatever_their_codes(project, periods):
    calls = IndicatorSet.objects.create(
        project=project, code="KPI", title="Ours", report_section="progress_call"
    )
    others = IndicatorSet.objects.create(
        project=project, code="OWN", title="Own", report_section="progress_project"
    )
    unreported = IndicatorSet.objects.create(project=project, code="CALL", title="Named like the demo's")
    one_indicator(calls, "KPI-1", "Clusters reached")
    one_indicator(others, "OWN-1", "Workshops held")
    one_indicator(unreported, "CALL-1", "Not in any report")

    ctx = build_progress(project, periods[0])

    assert [row["code"] for row in ctx["indicators"]] == ["KPI-1", "OWN-1"]


def test_d32_table0_shows_the_set_of_its_section_and_names_it_in_the_heading(project, periods):
    table0 = IndicatorSet.objects.create(
        project=project, code="WP4", title="WP4 indicators", report_section="d32_table0"
    )
    IndicatorSet.objects.create(project=project, code="WP3", title="Not in the report")
    one_indicator(table0, "WP4-1", "Matchmaking meetings")

    ctx = build_d32(project, periods[0])

    assert [row["code"] for row in ctx["indicators"]] == ["WP4-1"]
    assert ctx["table0_code"] == "WP4"


def test_a_project_has_one_set_per_report_section(project):
    IndicatorSet.objects.create(project=project, code="A", title="A", report_section="progress_call")
    IndicatorSet.objects.create(project=project, code="B", title="B")
    IndicatorSet.objects.create(project=project, code="C", title="C")  # many sets feed no section
    IndicatorSet.objects.create(project=ProjectFactory(), code="A", title="A", report_section="progress_call")

    with pytest.raises(IntegrityError):
        IndicatorSet.objects.create(project=project, code="D", title="D", report_section="progress_call")


def test_the_data_migration_gives_existing_sets_the_section_their_code_stood_for(project):
    migration = importlib.import_module("kpis.migrations.0007_report_section")
    for code in ["WP3", "CALL", "PRJ", "WP4"]:
        IndicatorSet.objects.create(project=project, code=code, title=code)

    migration.sections_from_codes(apps, None)

    sections = dict(IndicatorSet.objects.values_list("code", "report_section"))
    assert sections == {
        "WP3": "d32_table0",
        "CALL": "progress_call",
        "PRJ": "progress_project",
        "WP4": "",
    }
