"""Who may use the import pages: every writing view works for its user, refuses another partner's staff,
read-only members and other projects' users, and sends anonymous visitors to the login page.
"""

import pytest

from agreements.models import Agreement
from imports.models import ImportRun
from tests.factories import AgreementFactory, EventFactory
from tests.imports.helpers import csv_file, sme_rows, upload, url

pytestmark = pytest.mark.usefixtures("db")


def previewed_run(client, user, partner="MAV"):
    client.force_login(user)
    upload(client, csv_file(sme_rows(2, partner)))
    client.logout()
    return ImportRun.objects.latest("pk")


def applied_run(client, user, partner="MAV"):
    run = previewed_run(client, user, partner)
    client.force_login(user)
    client.post(url("import_confirm", run.pk))
    client.logout()
    run.refresh_from_db()
    return run


# -- anonymous -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["import", "import_participants", "import_columns", "import_confirm", "import_cancel", "import_undo"],
)
def test_anonymous_is_sent_to_login(client, project, mav, mav_staff, name):
    run = previewed_run(client, mav_staff)
    target = url(name, run.pk) if name.startswith("import_") and name != "import_participants" else url(name)

    response = client.post(target, {"kind": "sme-sme-agreements", "mode": "add"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    run.refresh_from_db()
    assert run.status == "previewed"


# -- read-only and other projects ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["import", "import_participants", "import_list"])
def test_viewer_may_not_import(client, project, mav, viewer, name):
    client.force_login(viewer)

    assert client.get(url(name)).status_code == 403
    assert (
        client.post(
            url(name), {"kind": "sme-sme-agreements", "mode": "add", "file": csv_file(sme_rows(1))}
        ).status_code
        == 403
    )
    assert ImportRun.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["import_run", "import_columns", "import_confirm", "import_cancel", "import_undo"]
)
def test_viewer_may_not_touch_a_run(client, project, mav, mav_staff, viewer, name):
    run = previewed_run(client, mav_staff)
    client.force_login(viewer)

    assert client.post(url(name, run.pk)).status_code == 403
    run.refresh_from_db()
    assert run.status == "previewed"


@pytest.mark.parametrize("name", ["import", "import_participants", "import_list", "import_template"])
def test_users_of_other_projects_get_404(client, project, mav, outsider, name):
    client.force_login(outsider)
    target = url(name, "missions") if name == "import_template" else url(name)

    assert client.get(target).status_code == 404


# -- other partner ---------------------------------------------------------------------------------


def test_staff_import_rows_of_their_own_partner_only(client, project, mav, amz, mav_staff):
    client.force_login(mav_staff)

    upload(client, csv_file(sme_rows(2, "AMZ")))

    run = ImportRun.objects.get()
    assert [p[3] for p in run.problems] == ["you may import records of MAV only, not of AMZ"] * 2
    client.post(url("import_confirm", run.pk))
    assert Agreement.objects.count() == 0


def test_staff_may_not_update_another_partners_record(client, project, mav, amz, mav_staff):
    AgreementFactory(project=project, kind="sme_sme", external_ref="R1", name="AMZ's", responsible=[amz])
    client.force_login(mav_staff)

    upload(client, csv_file(sme_rows(1)), mode="update")

    assert "the record is not MAV's" in ImportRun.objects.get().problems[0][3]
    assert Agreement.objects.get().name == "AMZ's"


@pytest.mark.parametrize("name", ["import_run", "import_columns", "import_confirm", "import_cancel"])
def test_another_users_run_is_a_404(client, project, mav, amz, mav_staff, amz_staff, name):
    run = previewed_run(client, mav_staff)
    client.force_login(amz_staff)

    response = client.post(url(name, run.pk)) if name != "import_run" else client.get(url(name, run.pk))

    assert response.status_code == 404
    run.refresh_from_db()
    assert run.status == "previewed"
    assert Agreement.objects.count() == 0


def test_staff_may_not_import_participants_into_another_partners_event(client, project, mav, amz, mav_staff):
    event = EventFactory(project=project, category="matchmaking", responsible=[amz])
    EventFactory(project=project, category="matchmaking", responsible=[mav])
    client.force_login(mav_staff)
    file = csv_file([["Acme", "ES", "SME", "3"]], ["Organisation", "Country", "Type", "Meetings held"])

    response = client.post(url("import_participants"), {"event": event.pk, "file": file})

    assert "Select a valid choice" in response.content.decode()
    assert ImportRun.objects.count() == 0


# -- undo is the coordinator's ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mav_staff", "task_leader"])
def test_only_the_coordinator_undoes(client, project, mav, coordinator, mav_staff, task_leader, who):
    run = applied_run(client, mav_staff)
    client.force_login({"mav_staff": mav_staff, "task_leader": task_leader}[who])

    response = client.post(url("import_undo", run.pk))

    assert response.status_code == 403
    assert Agreement.objects.count() == 2
    run.refresh_from_db()
    assert run.status == "applied"


def test_coordinator_undo_works(client, project, mav, coordinator, mav_staff):
    run = applied_run(client, mav_staff)
    client.force_login(coordinator)

    response = client.post(url("import_undo", run.pk))

    assert response.url == url("import_list")
    assert Agreement.objects.count() == 0
    run.refresh_from_db()
    assert (run.status, run.undone_by) == ("undone", coordinator)
