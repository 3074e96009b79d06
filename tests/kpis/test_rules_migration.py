"""The migration that turns rule names into rules held as data (kpis 0008) on an installation with
indicators: each project gets the rules its indicators named, from the shipped library, and the work-package
sub-types of "events organised" become "part of a mission or not", keeping their targets and names."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("kpis", "0007_report_section")]
AFTER = [("kpis", "0008_counting_rules")]


@pytest.mark.django_db(transaction=True)
def test_rule_names_become_the_projects_rules():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Project = old.get_model("consortium", "Project")
    IndicatorSet = old.get_model("kpis", "IndicatorSet")
    Indicator = old.get_model("kpis", "Indicator")
    IndicatorTarget = old.get_model("kpis", "IndicatorTarget")
    from datetime import date

    project = Project.objects.create(
        acronym="OLD", title="Old", start_date=date(2021, 1, 1), duration_months=24
    )
    calls = IndicatorSet.objects.create(project=project, code="CALL", title="Call")
    events = Indicator.objects.create(
        indicator_set=calls,
        code="CALL-4",
        position=4,
        title="Events",
        mode="counted",
        rule="events_organised",
    )
    IndicatorTarget.objects.create(indicator=events, subtype="wp2", subtype_label="WP 2", value=22)
    IndicatorTarget.objects.create(indicator=events, subtype="wp3", subtype_label="WP 3", value=13)
    Indicator.objects.create(
        indicator_set=calls,
        code="CALL-5",
        position=5,
        title="Matchmaking",
        mode="counted",
        rule="matchmaking_meetings",
    )
    Indicator.objects.create(indicator_set=calls, code="CALL-7", position=7, title="Survey", mode="reported")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    CountingRule = new.get_model("kpis", "CountingRule")
    Indicator = new.get_model("kpis", "Indicator")
    IndicatorTarget = new.get_model("kpis", "IndicatorTarget")

    rules = {r.name: r for r in CountingRule.objects.filter(project__acronym="OLD")}
    assert set(rules) == {"events_organised", "matchmaking_meetings"}
    assert rules["matchmaking_meetings"].conditions == [{"field": "category", "values": ["matchmaking"]}]
    assert rules["events_organised"].breakdown == "mission"
    assert rules["events_organised"].breakdown_labels == {"mission": "WP 2", "no_mission": "WP 3"}
    by_code = {
        i.code: i.counting_rule_id for i in Indicator.objects.filter(indicator_set__project__acronym="OLD")
    }
    assert by_code == {
        "CALL-4": rules["events_organised"].pk,
        "CALL-5": rules["matchmaking_meetings"].pk,
        "CALL-7": None,
    }
    assert sorted(IndicatorTarget.objects.values_list("subtype", "value")) == [
        ("mission", 22),
        ("no_mission", 13),
    ]
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest state for the other tests
