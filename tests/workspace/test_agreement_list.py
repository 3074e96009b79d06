"""The agreement list: filters, sorting, paging, query count, and the filtered list as XLSX and CSV."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from consortium.vague_dates import parse_vague_date
from tests.factories import AgreementFactory, PeriodFactory

URL = reverse("agreements:agreement_list")


def names(response):
    return [row.record.name for row in response.context["table"].page.object_list]


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={URL}"


def test_everyone_in_the_project_sees_every_partners_agreements(client, viewer, mav_agreement, amz_agreement):
    client.force_login(viewer)

    response = client.get(URL)

    assert sorted(names(response)) == ["AMZ-Michigan cluster MoU", "MAV-Chile SME agreement"]
    html = response.content.decode()
    assert f'href="{mav_agreement.get_absolute_url()}"' in html
    assert "New agreement" not in html  # a viewer adds nothing


def test_outsider_sees_none_of_them(client, outsider, mav_agreement):
    client.force_login(outsider)

    assert names(client.get(URL)) == []


def test_filters_by_partner_kind_status_and_text(client, mav_staff, mav, mav_agreement, amz_agreement):
    signed = AgreementFactory(
        project=mav_agreement.project,
        name="Signed with Chile",
        kind="sme_sme",
        status="signed",
        responsible=[mav],
    )
    client.force_login(mav_staff)

    assert sorted(names(client.get(URL, {"partner": mav.pk}))) == [
        "MAV-Chile SME agreement",
        "Signed with Chile",
    ]
    assert names(client.get(URL, {"partner": mav.pk, "status": "signed"})) == [signed.name]
    assert names(client.get(URL, {"kind": "cluster_cluster"})) == [amz_agreement.name]
    assert names(client.get(URL, {"q": "michigan mou"})) == [amz_agreement.name]


def test_filters_by_reporting_period_of_the_signature(client, mav_staff, project, mav):
    period = PeriodFactory(project=project)  # 01.09.2020 - 28.02.2021
    inside = AgreementFactory(project=project, name="In P1", status="signed", responsible=[mav])
    inside.signed_date = parse_vague_date("11.2020")
    inside.save()
    later = AgreementFactory(project=project, name="Later", status="signed", responsible=[mav])
    later.signed_date = parse_vague_date("2022")
    later.save()
    client.force_login(mav_staff)

    assert names(client.get(URL, {"period": period.pk})) == ["In P1"]


def test_sorts_by_signature_date_and_pages_by_25(client, mav_staff, project, mav):
    for day in range(1, 28):
        a = AgreementFactory(project=project, name=f"A{day:02}", status="signed", responsible=[mav])
        a.signed_date = parse_vague_date(f"{day:02}.03.2021")
        a.save()
    client.force_login(mav_staff)

    first = client.get(URL, {"sort": "-signed_date"})
    second = client.get(URL, {"sort": "-signed_date", "page": 2})

    assert names(first)[:2] == ["A27", "A26"] and len(names(first)) == 25
    assert names(second) == ["A02", "A01"]
    assert first.context["table"].paginator.count == 27


@pytest.mark.parametrize("rows", [1, 3])
def test_query_count_does_not_grow_with_rows(
    client, mav_staff, project, mav, amz, rows, django_assert_num_queries
):
    for _ in range(rows):
        AgreementFactory(project=project, responsible=[mav, amz])
    client.force_login(mav_staff)

    # 1 session, 2 user, 3 count, 4 the user's roles, 5-9 the filter choices (partners, sectors, missions,
    # reporting periods, the countries present in the listed agreements), 10 the page of agreements with
    # their organisations, events and missions (joined), 11 their responsible partners
    with django_assert_num_queries(11):
        response = client.get(URL)

    assert len(names(response)) == rows


def test_filtered_list_downloads_as_xlsx_with_formulas_neutralised(client, mav_staff, project, mav, amz):
    AgreementFactory(project=project, name='=HYPERLINK("http://evil")', responsible=[mav])
    AgreementFactory(project=project, name="Other partner's", responsible=[amz])
    client.force_login(mav_staff)

    response = client.get(URL, {"partner": mav.pk, "export": "xlsx"})

    assert response["Content-Disposition"].startswith('attachment; filename="agreements-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Name", "Kind", "Status")
    assert [r[0] for r in rows[1:]] == ['=HYPERLINK("http://evil")']
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.quotePrefix  # text, not a formula
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_filtered_list_downloads_as_csv_with_formulas_neutralised(client, mav_staff, project, mav):
    AgreementFactory(project=project, name="+SUM(A1)", responsible=[mav])
    AgreementFactory(project=project, name="-2+3", responsible=[mav])
    AgreementFactory(project=project, name="@cmd", responsible=[mav])
    client.force_login(mav_staff)

    response = client.get(URL, {"export": "csv", "sort": "name"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Kind", "Status"]
    assert [row[0] for row in rows[1:]] == ["'+SUM(A1)", "'-2+3", "'@cmd"]
