"""Report pages: who sees, downloads and freezes what; what the pages show; pinned query counts."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import Export, FrozenFile, FrozenReport
from tests.factories import AgreementFactory, EngagementFactory


def index_url(acronym="ELCA", period=None):
    url = reverse("reports:index", args=[acronym])
    return f"{url}?period={period}" if period else url


def export_url(kind="d32", number=2, fmt="xlsx", acronym="ELCA"):
    return reverse("reports:export", args=[acronym, kind, number, fmt])


def freeze_url(kind="d32", number=2, acronym="ELCA"):
    return reverse("reports:freeze", args=[acronym, kind, number])


# Both boxes: the freeze itself, and (the progress report, while its before-freeze check lists anything)
# "Freeze with N items missing"; tests/reports/test_freeze_check.py tests the second one.
CONFIRMED = {"confirm": "on", "confirm_missing": "on"}


@pytest.mark.usefixtures("periods", "wp3")
def test_reports_page_offers_every_format_per_report(client, viewer):
    client.force_login(viewer)

    response = client.get(index_url(period=1))

    html = response.content.decode()
    assert response.context["period"].number == 1
    assert [k["formats"] for k in response.context["kinds"]] == [
        ("html", "pdf", "xlsx"),
        ("html", "pdf", "xlsx", "docx"),
    ]
    assert 'data-format="docx"' in html and "Freeze as submitted" not in html


@pytest.mark.usefixtures("periods", "wp3")
def test_coordinator_sees_the_freeze_button(client, coordinator):
    client.force_login(coordinator)

    assert "Freeze as submitted" in client.get(index_url()).content.decode()


def test_navbar_reports_link_leads_to_the_only_project(client, amz_staff, periods):
    client.force_login(amz_staff)

    response = client.get(reverse("reports:home"))

    assert response.status_code == 302 and response["Location"] == index_url()


@pytest.mark.usefixtures("periods", "wp3")
def test_anonymous_is_sent_to_login(client):
    for url in (index_url(), reverse("reports:preview", args=["ELCA", "d32", 2])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(export_url())
    assert response.status_code == 302 and Export.objects.count() == 0
    for response in (client.get(freeze_url()), client.post(freeze_url(), CONFIRMED)):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert FrozenReport.objects.count() == 0


@pytest.mark.usefixtures("periods", "wp3")
def test_outsider_gets_404_everywhere_and_nothing_is_stored(client, outsider):
    client.force_login(outsider)

    assert client.get(index_url()).status_code == 404
    assert client.get(reverse("reports:preview", args=["ELCA", "d32", 2])).status_code == 404
    assert client.post(export_url()).status_code == 404
    assert client.post(freeze_url(), CONFIRMED).status_code == 404
    assert client.get(freeze_url()).status_code == 404
    assert (Export.objects.count(), FrozenReport.objects.count()) == (0, 0)


@pytest.mark.usefixtures("periods", "wp3")
def test_preview_shows_the_report_with_its_rows(client, project, mav_staff):
    EngagementFactory(project=project, name="Composites United <b>E-Germany</b>")
    client.force_login(mav_staff)

    response = client.get(reverse("reports:preview", args=["ELCA", "d32", 2]))

    html = response.content.decode()
    assert "Table 2. Clusters and Business Networks from participating countries" in html
    assert "Composites United &lt;b&gt;E-Germany&lt;/b&gt;" in html
    assert "Data as of" in html and 'class="report report-d32' in html


@pytest.mark.usefixtures("periods", "wp3")
def test_viewer_downloads_an_xlsx_through_a_background_export(client, project, viewer):
    EngagementFactory(project=project, name="Rail cluster Saxony")
    client.force_login(viewer)

    response = client.post(export_url(fmt="xlsx"))

    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:export_detail", args=[export.pk]
    )
    status = client.get(reverse("reports:export_status", args=[export.pk])).json()
    assert status["status"] == "done" and status["percent"] == 100
    download = client.get(status["download"])
    assert download["Content-Disposition"] == 'attachment; filename="ELCA-D3.2-P2.xlsx"'
    book = load_workbook(io.BytesIO(download.content))
    assert book[book.sheetnames[2]]["A2"].value == "Rail cluster Saxony"
    page = client.get(reverse("reports:export_detail", args=[export.pk])).content.decode()
    assert "Ready" in page and "report-export.js" in page


@pytest.mark.usefixtures("periods", "wp3")
def test_an_export_belongs_to_whoever_asked(client, amz_staff, mav_staff):
    client.force_login(amz_staff)
    client.post(export_url(fmt="html"))
    export = Export.objects.get()

    client.force_login(mav_staff)

    assert client.get(reverse("reports:export_download", args=[export.pk])).status_code == 404


@pytest.mark.usefixtures("periods", "wp3")
def test_unknown_format_or_report_is_404(client, amz_staff):
    client.force_login(amz_staff)

    assert client.post(export_url(fmt="docx")).status_code == 404  # D3.2 has no Word version
    assert client.post(export_url(kind="d99")).status_code == 404
    assert client.post(export_url(number=7)).status_code == 404
    assert Export.objects.count() == 0


@pytest.mark.usefixtures("periods", "wp3")
def test_coordinator_freezes_a_report_with_its_files(client, project, coordinator):
    EngagementFactory(project=project, name="C3 Network")
    client.force_login(coordinator)

    response = client.post(freeze_url(kind="progress"), CONFIRMED)

    frozen = FrozenReport.objects.get()
    assert response["Location"] == reverse("reports:frozen_compare", args=[frozen.pk])
    assert sorted(FrozenFile.objects.values_list("format", flat=True)) == ["docx", "html", "pdf", "xlsx"]
    assert (frozen.kind, frozen.period.number, frozen.frozen_by) == ("progress", 2, coordinator)
    again = client.post(freeze_url(kind="progress"), CONFIRMED, follow=True)
    assert "is already frozen" in again.content.decode() and FrozenReport.objects.count() == 1


@pytest.mark.parametrize("who", ["amz_staff", "task_leader", "viewer"])
@pytest.mark.usefixtures("periods", "wp3")
def test_only_the_coordinator_freezes(client, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(freeze_url(), CONFIRMED)

    assert response.status_code == 403 and FrozenReport.objects.count() == 0
    assert client.get(freeze_url()).status_code == 403


@pytest.mark.usefixtures("periods", "wp3")
def test_freeze_asks_for_confirmation_naming_the_report_and_period(client, coordinator):
    client.force_login(coordinator)

    response = client.get(freeze_url())

    html = response.content.decode()
    assert response.status_code == 200 and FrozenReport.objects.count() == 0
    assert "Freeze the D3.2 Cross-fertilisation results for period 2?" in html
    assert "Period 2: 01.03.2021 – 31.08.2021" in html
    assert "later edits will not change it" in html
    assert 'type="checkbox" name="confirm" id="id_confirm" required' in html


@pytest.mark.usefixtures("periods", "wp3")
def test_freeze_without_the_box_ticked_freezes_nothing_and_says_why(client, coordinator):
    client.force_login(coordinator)

    response = client.post(freeze_url())

    assert response.status_code == 400 and FrozenReport.objects.count() == 0
    assert "Tick the box to confirm the freeze; nothing was frozen." in response.content.decode()


@pytest.mark.usefixtures("periods", "wp3")
def test_reports_page_links_to_the_confirmation_not_a_one_click_freeze(client, coordinator):
    client.force_login(coordinator)

    html = client.get(index_url()).content.decode()

    assert f'href="{freeze_url()}">Freeze as submitted…</a>' in html
    assert f'action="{freeze_url()}"' not in html


@pytest.mark.usefixtures("periods", "wp3")
def test_after_freezing_the_coordinator_lands_on_the_frozen_report(client, coordinator):
    client.force_login(coordinator)

    response = client.post(freeze_url(), CONFIRMED, follow=True)

    frozen = FrozenReport.objects.get()
    html = response.content.decode()
    assert response.redirect_chain == [(reverse("reports:frozen_compare", args=[frozen.pk]), 302)]
    assert "D3.2 Cross-fertilisation results for period 2 is frozen." in html
    assert f'href="{reverse("reports:frozen_download", args=[frozen.pk, "pdf"])}"' in html
    assert 'http-equiv="refresh"' not in html


@pytest.mark.usefixtures("periods", "wp3")
def test_a_frozen_report_still_rendering_refreshes_itself(client, project, periods, coordinator):
    # Its files not rendered yet (the worker has not run render_frozen).
    frozen = FrozenReport.objects.create(project=project, period=periods[1], kind="d32", context="{}")
    client.force_login(coordinator)

    html = client.get(reverse("reports:frozen_compare", args=[frozen.pk])).content.decode()

    assert '<meta http-equiv="refresh" content="3">' in html and "Reload now" in html


@pytest.mark.usefixtures("periods", "wp3")
def test_freezing_an_already_frozen_report_shows_it(client, coordinator):
    client.force_login(coordinator)
    client.post(freeze_url(), CONFIRMED)

    response = client.get(freeze_url())

    assert response["Location"] == reverse("reports:frozen_compare", args=[FrozenReport.objects.get().pk])


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.usefixtures("periods", "wp3")
def test_freeze_confirmation_query_count(client, project, coordinator, rows, django_assert_num_queries):
    for _ in range(rows):
        AgreementFactory(project=project, status="signed")
    client.force_login(coordinator)

    # 1 session, 2 user, 3 project, 4 period, 5 the coordinator check, 6 a frozen report of this period
    with django_assert_num_queries(6):
        response = client.get(freeze_url())

    assert response.status_code == 200
    assert "I understand" in response.content.decode()  # the confirmation box, not the frozen report


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.usefixtures("periods", "wp3")
def test_reports_page_query_count(client, project, coordinator, rows, django_assert_num_queries):
    for _ in range(rows):
        AgreementFactory(project=project, status="signed")
    client.force_login(coordinator)
    for kind in ("d32", "progress"):
        client.post(freeze_url(kind=kind, number=1), CONFIRMED)
        client.post(export_url(kind=kind, number=1, fmt="html"))

    # 1 session, 2 user, 3 project, 4 periods, 5 frozen reports, 6 their files, 7 the user's exports,
    # 8 the coordinator check (membership)
    with django_assert_num_queries(8):
        response = client.get(index_url())

    assert len(response.context["frozen"]) == 2 and len(response.context["exports"]) == 2


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.usefixtures("periods", "wp3")
def test_d32_preview_query_count(client, project, amz, amz_staff, rows, django_assert_num_queries):
    for n in range(rows):
        EngagementFactory(project=project, name=f"Engagement {n}", responsible=[amz])
        AgreementFactory(project=project, status="signed", responsible=[amz])
    client.force_login(amz_staff)

    # 1 session, 2 user, 3 project, 4 period, 5 periods; the KPI engine: 6 partners, 7 indicator sets,
    # 8 indicators, 9 targets, 10 the rule's figures with its records' ids and names (one grouped query);
    # the D3.2 tables, one query per record kind for their rows: 11 engagements, 12 their responsible
    # partners, 13 agreements, 14 theirs, 15 events, 16 sector involvements (no rows: no partners read);
    # 17 the names the project gives the event tables' categories; 18 the plan (Table 12); 19 data as of
    # (the latest change of every history table, one query).
    with django_assert_num_queries(19):
        response = client.get(reverse("reports:preview", args=["ELCA", "d32", 2]))

    assert len(response.context["ctx"]["tables"][1]["rows"]) == rows
