"""The dashboard, drill-down and timeline pages: who sees them, what they show, what they cost."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from consortium.models import Deliverable, Milestone
from consortium.vague_dates import parse_vague_date
from kpis.models import IndicatorTarget, PlanItem, ReportedValue
from tests.factories import AgreementFactory, EngagementFactory, EventFactory, MissionFactory
from workspace.models import Evidence


def dashboard_url(period=None):
    url = reverse("kpis:dashboard", args=["ELCA"])
    return f"{url}?period={period}" if period else url


def indicator_url(code, period=None):
    url = reverse("kpis:indicator", args=["ELCA", code])
    return f"{url}?period={period}" if period else url


def signed_agreement(project, when, **kwargs):
    agreement = AgreementFactory(project=project, status="signed", kind="cluster_cluster", **kwargs)
    if when:
        agreement.signed_date = parse_vague_date(when)
        agreement.save()
    return agreement


def test_anonymous_is_sent_to_login(client, indicators):
    for url in (dashboard_url(), indicator_url("T-1"), reverse("kpis:timeline", args=["ELCA"])):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_outsider_gets_404_for_every_page_of_a_project_they_are_not_in(client, indicators, outsider):
    client.force_login(outsider)

    for url in (dashboard_url(), indicator_url("T-1"), reverse("kpis:timeline", args=["ELCA"])):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["viewer", "mav_staff", "task_leader", "coordinator"])
def test_every_member_sees_the_dashboard_with_the_counted_numbers(
    client, project, amz, indicators, persona, request
):
    signed_agreement(project, "10.01.2021", responsible=[amz])
    signed_agreement(project, None, responsible=[amz])
    client.force_login(request.getfixturevalue(persona))

    response = client.get(dashboard_url())

    assert response.status_code == 200
    html = response.content.decode()
    result = next(r for r in response.context["board"].results if r.code == "T-2")
    assert (result.achieved, result.undated) == (2, 1)
    assert f'href="{indicator_url("T-2", 2)}" aria-label="T-2: records behind 2"' in html
    assert "1 undated" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="kpi-chart"' in html


def test_dashboard_offers_the_reports_of_the_chosen_period_and_a_download_starts_an_export(
    client, project, indicators, periods, viewer
):
    from reports.models import Export

    client.force_login(viewer)

    html = client.get(dashboard_url(1)).content.decode()

    pdf = reverse("reports:export", args=["ELCA", "d32", 1, "pdf"])
    assert f'action="{pdf}"' in html
    assert f'action="{reverse("reports:export", args=["ELCA", "progress", 1, "docx"])}"' in html
    assert reverse("reports:preview", args=["ELCA", "progress", 1]) in html
    response = client.post(pdf)
    export = Export.objects.get()
    assert (export.kind, export.format, export.period.number) == ("d32", "pdf", 1)
    assert response.url == reverse("reports:export_detail", args=[export.pk])


def test_the_period_picker_changes_the_cumulative_figures(client, project, indicators, viewer):
    signed_agreement(project, "10.01.2021")
    signed_agreement(project, "10.01.2022")
    client.force_login(viewer)

    p1 = client.get(dashboard_url(1))
    p2 = client.get(dashboard_url(2))

    assert next(r for r in p1.context["board"].results if r.code == "T-2").achieved == 1
    assert next(r for r in p2.context["board"].results if r.code == "T-2").achieved == 2
    assert 'value="1" selected' in p1.content.decode()


@pytest.mark.parametrize("period", ["9", "x", "1;drop"])
def test_an_unknown_period_is_a_404(client, indicators, viewer, period):
    client.force_login(viewer)

    assert client.get(dashboard_url(period)).status_code == 404


def test_a_project_without_periods_says_so(client, project, viewer):
    client.force_login(viewer)

    response = client.get(dashboard_url())

    assert "has no reporting periods yet" in response.content.decode()


def test_edit_buttons_only_for_the_coordinator(client, indicators, coordinator, mav_staff):
    client.force_login(mav_staff)
    assert "Edit targets" not in client.get(indicator_url("T-2")).content.decode()
    client.force_login(coordinator)
    assert "Edit targets" in client.get(indicator_url("T-2")).content.decode()


def test_drilldown_lists_counted_records_and_the_others_with_their_reason(
    client, project, amz, indicators, periods, viewer
):
    counted = signed_agreement(project, "10.01.2021", responsible=[amz], name="Counted <b>MoU</b>")
    later = signed_agreement(project, "10.03.2021", name="Signed later")
    undated = signed_agreement(project, None, name="Signed, no date")
    AgreementFactory(project=project, kind="cluster_cluster", status="not_signed", name="Dropped")
    AgreementFactory(project=project, kind="business", status="signed", name="A business agreement")
    client.force_login(viewer)

    response = client.get(indicator_url("T-2", 1))

    assert [row.record for row in response.context["counted"]] == [counted]
    reasons = {reason: [row.record.name for row in rows] for reason, rows in response.context["not_counted"]}
    assert reasons == {
        "dated after the period end": ["Signed later"],
        "no date: counts only in the last reporting period": ["Signed, no date"],
        # The reasons name the rule's own parts (issue 15: rules are data a coordinator composes).
        "status is not Signed": ["Dropped"],
        "kind of agreement is not Cooperation agreement: cluster-cluster": ["A business agreement"],
    }
    html = response.content.decode()
    assert "Counted &lt;b&gt;MoU&lt;/b&gt;" in html  # escaped, never markup
    assert 'data-coverage="counted">1<' in html and 'data-coverage="verified">0<' in html
    last = client.get(indicator_url("T-2", 2))
    assert {row.record for row in last.context["counted"]} == {counted, later, undated}


def test_drilldown_evidence_coverage_counts_records_with_a_file_not_removed(
    client, project, amz, indicators, periods, viewer
):
    with_file = signed_agreement(project, "10.01.2021", name="With a file")
    removed = signed_agreement(project, "11.01.2021", name="File removed")
    signed_agreement(project, "12.01.2021", name="Without a file")
    later = signed_agreement(project, "10.03.2021", name="Signed later, with a file")
    files = ((with_file, None), (with_file, None), (removed, timezone.now()), (later, None))
    for record, removed_at in files:
        Evidence.objects.create(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            file="evidence/x.pdf",
            original_name="x.pdf",
            mime_type="application/pdf",
            extension="pdf",
            size=10,
            sha256="0" * 64,
            removed_at=removed_at,
        )
    client.force_login(viewer)

    html = client.get(indicator_url("T-2", 1)).content.decode()

    assert 'data-coverage="counted">3<' in html and 'data-coverage="evidence">1<' in html
    api = client.get(reverse("api:project_kpis", args=["ELCA"]) + "?period=1").json()
    (row,) = [r for r in api if r["code"] == "T-2"]
    assert row["coverage"] == {"counted": 3, "with_evidence": 1, "verified": 0}


def test_drilldown_links_records_to_their_page_else_to_the_admin_for_staff(
    client, project, indicators, viewer, admin_user
):
    agreement = signed_agreement(project, "10.01.2021")
    admin_link = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    # The record pages arrive with the workspace; until then staff users get the admin page.
    own_page = agreement.get_absolute_url() if hasattr(agreement, "get_absolute_url") else None

    client.force_login(viewer)
    html = client.get(indicator_url("T-2")).content.decode()
    assert admin_link not in html
    assert own_page is None or f'<a href="{own_page}">' in html
    client.force_login(admin_user)
    html = client.get(indicator_url("T-2")).content.decode()
    assert f'<a href="{own_page or admin_link}">' in html


def test_drilldown_of_a_distinct_rule_marks_the_second_record_of_an_organisation(
    client, project, indicators, viewer
):
    first = EngagementFactory(project=project)
    EngagementFactory(project=project, organisation=first.organisation, name="Again")
    client.force_login(viewer)

    response = client.get(indicator_url("T-1"))

    reasons = {reason: [row.record.name for row in rows] for reason, rows in response.context["not_counted"]}
    assert reasons == {"already counted through another record": ["Again"]}
    assert response.context["result"].achieved == 1


def test_drilldown_of_a_reported_indicator_shows_the_values_per_period(client, indicators, periods, viewer):
    ReportedValue.objects.create(
        indicator=indicators["reported"], period=periods[0], value=256, comment="197 SMEs"
    )
    client.force_login(viewer)

    response = client.get(indicator_url("T-REP", 2))

    assert response.context["result"].achieved is None  # period 2 has no value of its own
    assert '<tr data-period="1"><td>' in response.content.decode()
    assert "197 SMEs" in response.content.decode()
    assert "not reported for this period (last: 256, P1)" in response.content.decode()


def test_unknown_indicator_is_a_404(client, indicators, viewer):
    client.force_login(viewer)

    assert client.get(indicator_url("NOPE")).status_code == 404


def test_dashboard_index_goes_straight_to_the_only_project(client, indicators, viewer):
    client.force_login(viewer)

    response = client.get(reverse("kpis:dashboard_index"))

    assert response.status_code == 302
    assert response["Location"] == dashboard_url()


def test_timeline_highlights_late_items_and_places_missions(client, project, periods, viewer):
    PlanItem.objects.create(project=project, position=1, month=3, activity="Template", status="Done")
    PlanItem.objects.create(project=project, position=2, month=4, activity="Sign in Michigan", status="")
    PlanItem.objects.create(project=project, position=3, month=20, activity="Sign in Ohio", status="")
    mission = MissionFactory(project=project, name="Mission to India")
    mission.date = parse_vague_date("11.2021")
    mission.save()
    client.force_login(viewer)

    response = client.get(reverse("kpis:timeline", args=["ELCA"]) + "?period=1")

    states = [(item.activity, item.state) for item in response.context["plan"].items]
    assert states == [("Template", "done"), ("Sign in Michigan", "late"), ("Sign in Ohio", "open")]
    html = response.content.decode()
    assert "1 item late: M4 Sign in Michigan." in html
    assert "M15" in html and "Mission to India" in html


# Queries of the dashboard for any number of records and partners (STYLE.md habit 3):
#  1 session, 2 user, 3 project (visible_to), 4 periods, 5 partners, 6-8 indicator sets, indicators, target
#  parts, 9 reported values, 10 the figures of all 19 counting rules (kpis/figures.py: one grouped query,
#  a UNION ALL over the record kinds), 11 the coordinator check, 12-13 the deliverables and the
#  milestones overdue today (issue 16). (Issue 13: was 47, three per rule.)
DASHBOARD_QUERIES = 13


@pytest.mark.parametrize("rows", [1, 3])
def test_dashboard_query_count_does_not_grow_with_records_or_partners(
    client, project, amz, mav, indicators, viewer, rows, django_assert_num_queries
):
    organisation_partners = [[amz], [amz, mav], [mav]]
    for index in range(rows):
        signed_agreement(project, "10.01.2021", responsible=organisation_partners[index])
        EventFactory(project=project, responsible=[amz, mav])
        EngagementFactory(project=project, responsible=[mav])
        Deliverable.objects.create(project=project, code=f"D1.{index}", title="Overdue", due_month=1)
        Milestone.objects.create(project=project, number=index + 1, title="Overdue", due_month=1)
    IndicatorTarget.objects.create(indicator=indicators["national_workshops"], partner=amz, value=2)
    client.force_login(viewer)

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(dashboard_url())

    assert next(r for r in response.context["board"].results if r.code == "T-2").achieved == rows
    assert (
        len(response.context["overdue"]["deliverables"])
        == len(response.context["overdue"]["milestones"])
        == rows
    )


# The drill-down: 1 session, 2 user, 3 project, 4 periods, 5 partners, 6-8 sets/indicators/targets,
# 9 the rule's figures (one grouped query), 10 the records with their reasons, 11 their partners,
# 12 the coordinator check.
@pytest.mark.parametrize("rows", [1, 3])
def test_drilldown_query_count_does_not_grow_with_records(
    client, project, amz, mav, indicators, viewer, rows, django_assert_num_queries
):
    for _ in range(rows):
        signed_agreement(project, "10.01.2021", responsible=[amz, mav])
        AgreementFactory(project=project, status="not_signed", responsible=[mav])
    client.force_login(viewer)

    with django_assert_num_queries(12):
        response = client.get(indicator_url("T-2"))

    assert len(response.context["counted"]) == rows


# The timeline: 1 session, 2 user, 3 project, 4 periods, 5 plan items with missions, 6 missions,
# 7 their participants, 8-9 the deliverables and the milestones overdue (issue 16).
@pytest.mark.parametrize("rows", [1, 3])
def test_timeline_query_count_does_not_grow_with_items(
    client, project, periods, viewer, rows, django_assert_num_queries, amz
):
    for index in range(rows):
        mission = MissionFactory(project=project, participants=[amz])
        PlanItem.objects.create(
            project=project, position=index + 1, month=index + 1, activity="A", mission=mission
        )
        Deliverable.objects.create(project=project, code=f"D1.{index}", title="Overdue", due_month=1)
        Milestone.objects.create(project=project, number=index + 1, title="Overdue", due_month=1)
    client.force_login(viewer)

    with django_assert_num_queries(9):
        response = client.get(reverse("kpis:timeline", args=["ELCA"]))

    assert len(response.context["plan"].items) == rows
    assert len(response.context["overdue"]["milestones"]) == rows
