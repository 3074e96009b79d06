"""A small project with two reporting periods and one indicator per counting rule (plus a reported one)."""

from datetime import date

import pytest

from kpis.catalogue import library_rule, rule_library
from kpis.models import Indicator, IndicatorSet
from tests.factories import PeriodFactory


@pytest.fixture
def periods(project):
    """P1 Sep 2020-Feb 2021, P2 Mar 2021-Aug 2022 (the last)."""
    return [
        PeriodFactory(project=project, number=1, start_date=date(2020, 9, 1), end_date=date(2021, 2, 28)),
        PeriodFactory(project=project, number=2, start_date=date(2021, 3, 1), end_date=date(2022, 8, 31)),
    ]


@pytest.fixture
def indicators(project, periods):
    """Set T: T-<n> for every rule of the shipped library (target 4), and T-REP reported (target 600)."""
    indicator_set = IndicatorSet.objects.create(
        project=project, code="T", title="Test indicators", position=1
    )
    made = {}
    for position, name in enumerate(rule_library(), start=1):
        made[name] = Indicator.objects.create(
            indicator_set=indicator_set,
            code=f"T-{position}",
            position=position,
            title=name.replace("_", " "),
            mode=Indicator.Mode.COUNTED,
            counting_rule=library_rule(project, name),
            target=4,
        )
    made["reported"] = Indicator.objects.create(
        indicator_set=indicator_set,
        code="T-REP",
        position=99,
        title="Stakeholders reached",
        mode=Indicator.Mode.REPORTED,
        target=600,
    )
    return made
