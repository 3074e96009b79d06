"""The reports read the project's event categories: an event counts in the progress report as its own
report type, else as its category's; a category typed as none is the consortium's own and left out; D3.2's
event tables name a category the project renamed by the project's name."""

from events.models import EventCategory, EventCountry
from reports.d32 import build_d32
from reports.progress import build_progress
from tests.factories import EventFactory
from tests.reports.test_builders import dated, table


def test_a_projects_own_category_mapped_to_b2b_event_counts_in_that_column(project, periods, wp3):
    EventCategory.objects.create(
        project=project, key="study_tour", name="Study tour", report_type="b2b_event"
    )
    tour = EventFactory(project=project, name="Study tour Chile", category="study_tour", **dated("05.2021"))
    EventCountry.objects.create(event=tour, country="CL")

    events = table(build_progress(project, periods[1]), "events")

    assert [row["cells"] for row in events["rows"]] == [["Chile", 0, 0, 0, 1, 0]]
    assert "Study tour Chile (May 2021): Chile" in events["notes"]


def test_an_events_own_report_type_wins_over_its_categorys(project, periods, wp3):
    EventCategory.objects.create(
        project=project, key="study_tour", name="Study tour", report_type="b2b_event"
    )
    tour = EventFactory(
        project=project, name="Tour", category="study_tour", report_type="c2c_meeting", **dated("05.2021")
    )
    EventCountry.objects.create(event=tour, country="CL")

    events = table(build_progress(project, periods[1]), "events")

    assert [row["cells"] for row in events["rows"]] == [["Chile", 0, 0, 1, 0, 0]]


def test_a_category_typed_as_none_is_left_out_of_the_report(project, periods, wp3):
    EventCategory.objects.create(project=project, key="board", name="Board meeting", report_type="")
    board = EventFactory(project=project, name="Board", category="board", **dated("05.2021"))
    EventCountry.objects.create(event=board, country="CL")

    events = table(build_progress(project, periods[1]), "events")

    assert events["rows"] == [] and not any("Board" in note for note in events["notes"])


def test_d32_names_a_renamed_category_by_the_projects_name(project, periods, wp3):
    EventCategory.objects.filter(project=project, key="national_workshop").update(name="Regional workshop")

    tables = {t["key"]: t for t in build_d32(project, periods[-1])["tables"]}

    assert (tables["t7"]["title"], tables["t7"]["columns"][0]["label"]) == (
        "Table 7. Regional workshop",
        "6. Regional workshop",
    )
    assert (
        tables["t8"]["title"] == "Table 8. International meetings"
    )  # as the template names it: D3.2's words
