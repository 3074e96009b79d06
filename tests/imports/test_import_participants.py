"""Participant lists from matchmaking platforms into a matchmaking event's counts and the directory."""

import html

import pytest

from consortium.models import Organisation
from imports.models import ImportRun
from imports.participants import classify
from imports.runs import import_undo
from tests.factories import EventFactory
from tests.imports.helpers import csv_file, url

pytestmark = pytest.mark.usefixtures("db")

# As b2match-like platforms export them: their own column names, one row per person.
PLATFORM = ["Organization", "Country", "Organization type", "Meetings"]
ROWS = [
    ["Acme Composites", "Spain", "SME", "4"],
    ["ACME composites", "ES", "Company", "2"],  # a second person of the same organisation
    ["Cluster Automoción", "ES", "Cluster organisation", "3"],
    ["Fraunhofer LBF", "DE", "Research institute", "1"],
    ["Ministry of Industry", "CL", "Public authority", "0"],
    ["Big Motors", "US", "Large company", "2"],
]


@pytest.fixture
def event(project, mav):
    return EventFactory(project=project, category="matchmaking", responsible=[mav], participants_total=2)


def upload_list(client, event, rows=ROWS):
    return client.post(url("import_participants"), {"event": event.pk, "file": csv_file(rows, PLATFORM)})


def test_preview_shows_the_counts_and_writes_nothing(client, project, mav, mav_staff, event):
    Organisation.objects.create(project=project, name="Clúster Automoción")
    client.force_login(mav_staff)

    response = upload_list(client, event)

    run = ImportRun.objects.get()
    assert response.url == run.get_absolute_url()
    assert (run.status, run.created, run.skipped, run.problems) == ("previewed", 4, 1, [])
    page = html.unescape(client.get(run.get_absolute_url()).content.decode())
    assert "Participants (SMEs, clusters, RTOs, policy, total): 1, 1, 1, 1, 5 (was —, —, —, —, 2)" in page
    assert "Bilateral meetings held: 12" in page
    event.refresh_from_db()
    assert event.participants_total == 2
    assert Organisation.objects.count() == 1


def test_a_participant_matches_the_directory_ignoring_punctuation(client, project, mav, mav_staff, event):
    # The same name rule as the form's "similar organisation" check (issue 13): "Fraunhofer-LBF" is there.
    Organisation.objects.create(project=project, name="Fraunhofer-LBF")
    client.force_login(mav_staff)

    upload_list(client, event)

    run = ImportRun.objects.get()
    assert (run.status, run.created, run.skipped) == ("previewed", 4, 1)


def test_confirm_sets_the_counts_and_matches_organisations(client, project, mav, mav_staff, event):
    existing = Organisation.objects.create(project=project, name="Clúster Automoción")
    client.force_login(mav_staff)
    upload_list(client, event)
    run = ImportRun.objects.get()

    client.post(url("import_confirm", run.pk))

    event.refresh_from_db()
    counts = [getattr(event, f"participants_{c}") for c in ("smes", "clusters", "rtos", "policy", "total")]
    assert counts == [1, 1, 1, 1, 5]
    assert Organisation.objects.filter(project=project).count() == 5
    assert existing in event.organisations.all()
    assert Organisation.objects.get(name="Fraunhofer LBF").type == "rto"
    assert (
        event.history.first().history_change_reason
        == f"import #{run.pk} agreements.csv: 5 participants, 12 meetings"
    )


def test_a_bad_cell_names_row_and_column(client, project, mav, mav_staff, event):
    client.force_login(mav_staff)

    upload_list(client, event, [*ROWS[:2], ["Someone", "Atlantis", "SME", "x"]])

    [(row, column, value, message)] = ImportRun.objects.get().problems
    assert (row, column, value) == (4, "Country", "Atlantis")
    assert message.startswith("'Atlantis' is not a country")


def test_undo_puts_the_counts_back_and_removes_the_organisations_it_added(
    client, project, mav, mav_staff, coordinator, event
):
    client.force_login(mav_staff)
    upload_list(client, event)
    run = ImportRun.objects.get()
    client.post(url("import_confirm", run.pk))
    run.refresh_from_db()

    import_undo(run=run, user=coordinator)

    event.refresh_from_db()
    assert (event.participants_total, event.participants_smes) == (2, None)
    assert event.organisations.count() == 0
    assert Organisation.objects.count() == 0


def test_the_matchmaking_event_page_links_to_the_participant_import(client, project, mav, mav_staff, event):
    client.force_login(mav_staff)

    page = client.get(event.get_absolute_url()).content.decode()
    form = client.get(url("import_participants"), {"event": event.pk}).context["form"]

    assert f'/import/participants/?event={event.pk}"' in page
    assert str(form["event"].value()) == str(event.pk)


@pytest.mark.parametrize(
    ("cell", "count"),
    [("SME", "smes"), ("Start-up", "smes"), ("Cluster", "clusters"), ("University", "rtos"),
     ("Regional development agency", "policy"), ("Large company", ""), ("Investor", "")],
)  # fmt: skip
def test_platform_types_are_classified(cell, count):
    assert classify(cell)[0] == count
