"""The coordinator edits targets (total, per partner, per sub-type) and reported values; nobody else."""

import pytest
from django.urls import reverse

from kpis.models import Indicator, IndicatorTarget, ReportedValue


def targets_url(code="T-5"):
    return reverse("kpis:targets", args=["ELCA", code])


def reported_url(code="T-REP"):
    return reverse("kpis:reported", args=["ELCA", code])


def snapshot():
    return (
        list(Indicator.objects.values_list("code", "target", "target_text").order_by("code")),
        list(
            IndicatorTarget.objects.values_list("indicator__code", "partner_id", "subtype", "value").order_by(
                "pk"
            )
        ),
        list(ReportedValue.objects.values_list("indicator__code", "period__number", "value", "comment")),
    )


@pytest.fixture
def cooperation(indicators):
    """T-5 (cooperation agreements) with sub-type targets 12 + 6."""
    indicator = indicators["cooperation_agreements"]
    IndicatorTarget.objects.create(
        indicator=indicator, subtype="cluster_cluster", subtype_label="Cluster", value=12
    )
    IndicatorTarget.objects.create(indicator=indicator, subtype="sme_sme", subtype_label="SME", value=6)
    return indicator


def test_coordinator_sets_total_partner_and_subtype_targets_with_history(
    client, amz, mav, cooperation, coordinator
):
    client.force_login(coordinator)

    response = client.post(
        targets_url(),
        {
            "target": "38",
            "target_text": "38 = 12 + 6 + 20",
            f"partner_{amz.pk}": "4",
            f"partner_{mav.pk}": "",
            "subtype_cluster_cluster": "12",
            "subtype_sme_sme": "",
            "new_subtype": "cluster_intermediary",
            "new_subtype_label": "Intermediaries",
            "new_subtype_value": "6",
        },
        follow=True,
    )

    cooperation.refresh_from_db()
    parts = set(cooperation.targets.values_list("partner__short_name", "subtype", "value"))
    assert (cooperation.target, cooperation.target_text) == (38, "38 = 12 + 6 + 20")
    assert parts == {("AMZ", "", 4), (None, "cluster_cluster", 12), (None, "cluster_intermediary", 6)}
    html = response.content.decode()
    assert "Targets of T-5 saved." in html
    assert "The sub-type targets add up to 18, the total is 38." in html
    history = client.get(targets_url()).content.decode()
    assert "Deleted:  SME target 6" in history
    assert "coordinator" in history
    assert IndicatorTarget.history.filter(subtype="sme_sme", history_type="-").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target", "-1", "Total target: Ensure this value is greater than or equal to 0."),
        ("target", "many", "Total target: Enter a whole number."),
        ("new_subtype", "SME SME", "New sub-type key: Use lower-case letters, digits and underscores"),
        ("new_subtype", "cluster_cluster", "The sub-type &#x27;cluster_cluster&#x27; exists already"),
    ],
)
def test_bad_target_input_names_the_field_and_writes_nothing(
    client, cooperation, coordinator, field, value, message
):
    client.force_login(coordinator)
    before = snapshot()
    data = {"target": "38", "subtype_cluster_cluster": "12", "subtype_sme_sme": "6", "new_subtype_value": "1"}

    response = client.post(targets_url(), data | {field: value})

    assert response.status_code == 200
    assert "Nothing was saved." in response.content.decode()
    assert message in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["amz_staff", "mav_staff", "task_leader", "viewer"])
def test_members_who_are_not_the_coordinator_are_refused_and_nothing_changes(
    client, cooperation, indicators, periods, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    before = snapshot()

    assert client.get(targets_url()).status_code == 403
    assert client.post(targets_url(), {"target": "1"}).status_code == 403
    assert client.post(reported_url(), {"period": periods[0].pk, "value": "5"}).status_code == 403
    assert snapshot() == before


def test_outsider_gets_404_and_nothing_changes(client, cooperation, periods, outsider):
    client.force_login(outsider)
    before = snapshot()

    assert client.post(targets_url(), {"target": "1"}).status_code == 404
    assert client.post(reported_url(), {"period": periods[0].pk, "value": "5"}).status_code == 404
    assert snapshot() == before


def test_anonymous_is_sent_to_login_and_nothing_changes(client, cooperation, periods):
    before = snapshot()

    for url in (targets_url(), reported_url()):
        response = client.post(url, {"target": "1", "period": periods[0].pk, "value": "5"})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert snapshot() == before


def test_coordinator_reports_a_value_and_replaces_it_with_history(client, indicators, periods, coordinator):
    client.force_login(coordinator)
    client.post(reported_url(), {"period": periods[0].pk, "value": "256", "comment": "197 SMEs"})

    response = client.post(
        reported_url(), {"period": periods[0].pk, "value": "260", "comment": "recounted"}, follow=True
    )

    assert list(ReportedValue.objects.values_list("period__number", "value", "comment")) == [
        (1, 260, "recounted")
    ]
    assert "T-REP: 260 saved for P1." in response.content.decode()
    assert response.context["result"].achieved == 260
    assert ReportedValue.history.count() == 2
    page = client.get(reported_url()).content.decode()
    assert "Changed: P1 = 260" in page and "Created: P1 = 256" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"value": "-3"},
            "Value (cumulative to the period&#x27;s end): Ensure this value is greater than or equal to 0.",
        ),
        ({"value": ""}, "Value (cumulative to the period&#x27;s end): This field is required."),
        ({"period": "999999"}, "Reporting period: Select a valid choice."),
    ],
)
def test_bad_reported_value_names_the_field_and_writes_nothing(
    client, indicators, periods, coordinator, data, message
):
    client.force_login(coordinator)

    response = client.post(reported_url(), {"period": periods[0].pk, "value": "5"} | data)

    assert message in response.content.decode()
    assert ReportedValue.objects.count() == 0


def test_a_period_of_another_project_is_not_a_choice(client, indicators, coordinator):
    from tests.factories import PeriodFactory, ProjectFactory

    foreign = PeriodFactory(project=ProjectFactory(acronym="OTHER"))
    client.force_login(coordinator)

    response = client.post(reported_url(), {"period": foreign.pk, "value": "5"})

    assert "Reporting period: Select a valid choice." in response.content.decode()
    assert ReportedValue.objects.count() == 0


def test_a_counted_indicator_takes_no_reported_value(client, indicators, periods, coordinator):
    client.force_login(coordinator)

    response = client.post(reported_url("T-2"), {"period": periods[0].pk, "value": "5"}, follow=True)

    assert "is counted from records" in response.content.decode()
    assert ReportedValue.objects.count() == 0
