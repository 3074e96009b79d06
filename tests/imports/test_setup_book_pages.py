"""The set-up workbook's pages: only the project's coordinator (and superusers) use them; upload shows the
preview, confirm writes and shows the invitation links; another user's run is a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Invitation
from consortium.models import Partner
from imports.models import SETUP_KIND, ImportRun
from tests.conftest import REFUSED
from tests.imports.setup_helpers import PARTNERS, PEOPLE, full_book, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data, name="setup.xlsx"):
    return client.post(
        reverse("imports:setup_book", args=["ELCA"]), {"file": SimpleUploadedFile(name, data, XLSX)}
    )


def a_run(user, project, **values):
    return ImportRun.objects.create(
        project=project, user=user, kind=SETUP_KIND, filename="s.xlsx", status="previewed", **values
    )


@pytest.mark.parametrize("name", ["setup_book", "setup_book_template"])
def test_only_the_coordinator_opens_the_pages(client, personas, name):
    address = reverse(f"imports:{name}", args=["ELCA"])
    for persona, status in REFUSED.items():
        client.force_login(personas[persona])
        assert client.get(address).status_code == status, persona
    client.logout()
    assert client.get(address).url.startswith(reverse("login"))
    client.force_login(personas["coordinator"])
    response = client.get(address)
    assert response.status_code == 200
    if name == "setup_book":
        assert [str(s.title) for s in response.context["sheets"]][0] == "Partners"
        assert b"Download the template" in response.content
    else:
        assert response["Content-Disposition"] == 'attachment; filename="ELCA-setup-template.xlsx"'


def test_the_run_page_is_its_coordinators_only(client, personas, project):
    run = a_run(personas["coordinator"], project, data=full_book())
    address = reverse("imports:setup_book_run", args=["ELCA", run.pk])
    for persona, status in REFUSED.items():
        client.force_login(personas[persona])
        assert client.get(address).status_code == status, persona
        assert client.post(address).status_code == status, persona
    assert ImportRun.objects.get(pk=run.pk).status == "previewed"  # nothing was written by a refusal
    client.logout()
    assert client.post(address).url.startswith(reverse("login"))


def test_a_superuser_uses_the_pages_but_not_another_users_run(
    client, django_user_model, coordinator, project
):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    assert client.get(reverse("imports:setup_book", args=["ELCA"])).status_code == 200
    run = a_run(coordinator, project)
    assert client.get(reverse("imports:setup_book_run", args=["ELCA", run.pk])).status_code == 404


def test_upload_previews_then_confirm_writes_and_shows_the_links(client, coordinator, mav):
    client.force_login(coordinator)
    response = upload(client, full_book())
    run = ImportRun.objects.get(kind=SETUP_KIND)
    assert response.url == reverse("imports:setup_book_run", args=["ELCA", run.pk])
    assert Partner.objects.count() == 2  # the preview wrote nothing
    page = client.get(response.url)
    assert page.context["run"].notes[0] == "Partners: 4 rows: 2 new, 2 changed, 0 unchanged"
    assert b'id="confirm"' in page.content
    done = client.post(response.url)
    assert done.status_code == 200
    assert sorted(Partner.objects.values_list("short_name", flat=True)) == ["AMZ", "MAV", "NEW1", "NEW2"]
    assert [item["invitation"].email for item in done.context["sent"]] == [
        "one@example.org",
        "two@example.org",
    ]
    assert all(
        item["link"].startswith("http://testserver/accounts/invitation/") for item in done.context["sent"]
    )
    run.refresh_from_db()
    assert (run.status, run.data, run.created) == ("applied", b"", 10)
    again = client.post(response.url, follow=True)  # a second confirm writes nothing more
    assert Invitation.objects.count() == 2
    assert "Only a preview without problems can be imported." in again.content.decode()


def test_a_bad_cell_is_named_and_confirm_is_refused(client, coordinator, mav):
    client.force_login(coordinator)
    data = full_book(people=[PEOPLE, ["one@example.org", "", "NOBODY", "Partner staff"]])
    page = client.get(upload(client, data).url)
    assert page.context["run"].problems == [
        [
            "People to invite",
            2,
            "Partner",
            "NOBODY",
            "'NOBODY' is not a partner of the project (partners: AMZ, MAV, NEW1, NEW2)",
        ]
    ]
    assert b'id="confirm"' not in page.content
    client.post(page.request["PATH_INFO"])
    assert Partner.objects.count() == 2 and not Invitation.objects.exists()


def test_an_unreadable_file_is_a_problem_of_the_preview(client, coordinator):
    client.force_login(coordinator)
    page = client.get(upload(client, b"not a workbook", name="notes.txt").url)
    assert page.context["run"].problems[0][4].startswith("'notes.txt' is not an Excel workbook")


def test_the_setup_index_and_the_imports_page_link_to_the_workbook(client, coordinator, amz_staff):
    client.force_login(coordinator)
    address = reverse("imports:setup_book", args=["ELCA"]).encode()
    assert address in client.get(reverse("setup:index", args=["ELCA"])).content
    assert address in client.get(reverse("imports:import", args=["ELCA"])).content
    client.force_login(amz_staff)
    assert address not in client.get(reverse("imports:import", args=["ELCA"])).content


def test_setup_runs_are_not_among_the_record_imports(client, coordinator, project):
    run = a_run(coordinator, project, data=workbook({"Partners": [PARTNERS]}))
    client.force_login(coordinator)
    assert client.get(reverse("imports:import_list", args=["ELCA"])).context["runs"] == []
    assert client.get(reverse("imports:import_run", args=["ELCA", run.pk])).status_code == 404
    assert client.post(reverse("imports:import_undo", args=["ELCA", run.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_the_pages_queries(client, coordinator, project, mav, rows, django_assert_num_queries):
    client.force_login(coordinator)
    sheet = [PARTNERS] + [[10 + i, f"N{i}", "New", "PT", ""] for i in range(rows)]
    run = ImportRun.objects.get(
        pk=client.get(upload(client, workbook({"Partners": sheet})).url).context["run"].pk
    )
    # 1 session, 2 user, 3 the project, 4 the user's roles in it, 5 the run (its sheets' lines and
    # problems are on it, whatever the rows).
    with django_assert_num_queries(5):
        page = client.get(reverse("imports:setup_book_run", args=["ELCA", run.pk]))
    assert page.context["run"].rows == rows
    # The upload page: 1 session, 2 user, 3 the project, 4 the user's roles, 5 stale runs' files dropped.
    with django_assert_num_queries(5):
        client.get(reverse("imports:setup_book", args=["ELCA"]))
