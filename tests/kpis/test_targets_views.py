"""The coordinator edits targets (total, per partner, per sub-type) and reported values; nobody else."""

import pytest
from django.urls import reverse

from kpis.models import Indicator, IndicatorTarget, ReportedValue


def targets_url(code="T-5"):
    return reverse("kpis:targets", args=["ELCA", code])


def reported_url(code="T-REP"):
    return reverse("kpis:reported", args=["ELCA", code])


# The targets page: session, user, project, membership, indicator, partners, target parts, the indicator's
# history, the parts' history. The page had no pin before; 9 whatever the number of partners.
QUERIES = 9


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


def test_the_sub_type_fields_are_the_rules_breakdown_in_its_order(client, cooperation, coordinator):
    client.force_login(coordinator)

    response = client.get(targets_url())

    form = response.context["form"]
    assert [field.name for field in form.subtype_fields] == [
        "subtype_cluster_cluster",
        "subtype_cluster_intermediary",
        "subtype_sme_sme",
    ]
    assert [field.label for field in form.subtype_fields] == [
        "Cooperation agreement: cluster-cluster",
        "Cooperation agreement: cluster/consortium-intermediary",
        "Cooperation agreement: SME-SME",
    ]
    assert [field.value() for field in form.subtype_fields] == [12, None, 6]
    html = response.content.decode()
    assert "The source calls it “Cluster”." in html
    assert 'name="new_subtype"' not in html and "Not in the rule" not in html


@pytest.mark.parametrize("code", ["T-1", "T-REP"])  # a rule without breakdown; a hand-reported indicator
def test_no_sub_type_section_without_a_breakdown(client, indicators, coordinator, code):
    client.force_login(coordinator)

    response = client.get(targets_url(code))

    assert response.context["form"].subtype_fields == []
    html = response.content.decode()
    assert 'id="per-subtype"' not in html and "Per sub-type" not in html
    assert "Per partner" in html


def test_coordinator_sets_total_partners_and_sub_types_in_one_post_with_history(
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
            "subtype_cluster_intermediary": "26",
            "subtype_sme_sme": "",
        },
        follow=True,
    )

    cooperation.refresh_from_db()
    parts = set(cooperation.targets.values_list("partner__short_name", "subtype", "subtype_label", "value"))
    assert (cooperation.target, cooperation.target_text) == (38, "38 = 12 + 6 + 20")
    assert parts == {
        ("AMZ", "", "", 4),
        (None, "cluster_cluster", "Cluster", 12),
        (None, "cluster_intermediary", "Cooperation agreement: cluster/consortium-intermediary", 26),
    }
    html = response.content.decode()
    assert "Targets of T-5 saved." in html
    assert "add up to" not in html
    history = client.get(targets_url()).content.decode()
    assert "Deleted:  SME target 6" in history
    assert "coordinator" in history
    assert IndicatorTarget.history.filter(subtype="sme_sme", history_type="-").count() == 1


def test_a_free_text_sub_type_key_posted_by_hand_is_ignored(client, cooperation, coordinator):
    client.force_login(coordinator)

    client.post(
        targets_url(),
        {
            "target": "38",
            "subtype_cluster_cluster": "12",
            "subtype_sme_sme": "6",
            "subtype_invented": "5",
            "new_subtype": "invented",
            "new_subtype_label": "Invented",
            "new_subtype_value": "5",
        },
    )

    assert set(cooperation.targets.values_list("subtype", "value")) == {
        ("cluster_cluster", 12),
        ("sme_sme", 6),
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"subtype_cluster_cluster": "12", "subtype_cluster_intermediary": "6", "subtype_sme_sme": "2"},
            "Total target: Sub-type targets add up to 20, the total is 38.",
        ),
        (
            {"partner_amz": "4", "partner_mav": "4"},
            "Total target: Per-partner targets add up to 8, the total is 38.",
        ),
    ],
)
def test_parts_that_do_not_add_up_are_refused_naming_the_fields(
    client, amz, mav, cooperation, coordinator, data, message
):
    client.force_login(coordinator)
    data = {key.replace("amz", str(amz.pk)).replace("mav", str(mav.pk)): v for key, v in data.items()}
    before = snapshot()

    response = client.post(targets_url(), {"target": "38"} | data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved." in html
    assert message in html
    assert "The source document&#x27;s parts do not add up" in html
    assert snapshot() == before


def test_parts_given_only_in_part_are_not_summed(client, amz, mav, cooperation, coordinator):
    client.force_login(coordinator)

    response = client.post(
        targets_url(),
        {"target": "38", f"partner_{amz.pk}": "4", "subtype_cluster_cluster": "12"},
        follow=True,
    )

    assert "Targets of T-5 saved." in response.content.decode()
    assert set(cooperation.targets.values_list("partner_id", "subtype", "value")) == {
        (amz.pk, "", 4),
        (None, "cluster_cluster", 12),
    }


def test_the_override_box_saves_parts_that_do_not_add_up_with_a_warning(client, cooperation, coordinator):
    client.force_login(coordinator)

    response = client.post(
        targets_url(),
        {
            "target": "38",
            "subtype_cluster_cluster": "12",
            "subtype_cluster_intermediary": "6",
            "subtype_sme_sme": "2",
            "parts_do_not_add_up": "on",
        },
        follow=True,
    )

    html = response.content.decode()
    assert "Targets of T-5 saved." in html
    assert "Sub-type targets add up to 20, the total is 38." in html
    assert sorted(cooperation.targets.values_list("value", flat=True)) == [2, 6, 12]


def test_an_old_sub_type_not_in_the_breakdown_is_shown_and_can_be_removed(client, cooperation, coordinator):
    IndicatorTarget.objects.create(
        indicator=cooperation, subtype="legacy_kind", subtype_label="Legacy", value=3
    )
    client.force_login(coordinator)

    page = client.get(targets_url()).content.decode()
    assert "Not in the rule's breakdown" in page
    assert "“Legacy” (key legacy_kind)" in page
    assert 'name="subtype_legacy_kind" value="3"' in page

    client.post(targets_url(), {"target": "38", "subtype_cluster_cluster": "12", "subtype_legacy_kind": ""})

    assert set(cooperation.targets.values_list("subtype", flat=True)) == {"cluster_cluster"}
    assert IndicatorTarget.history.filter(subtype="legacy_kind", history_type="-").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target", "-1", "Total target: Ensure this value is greater than or equal to 0."),
        ("target", "many", "Total target: Enter a whole number."),
        (
            "subtype_sme_sme",
            "-2",
            "Cooperation agreement: SME-SME: Ensure this value is greater than or equal to 0.",
        ),
    ],
)
def test_bad_target_input_names_the_field_and_writes_nothing(
    client, cooperation, coordinator, field, value, message
):
    client.force_login(coordinator)
    before = snapshot()
    data = {"target": "38", "subtype_cluster_cluster": "12", "subtype_sme_sme": "6"}

    response = client.post(targets_url(), data | {field: value})

    assert response.status_code == 200
    assert "Nothing was saved." in response.content.decode()
    assert message in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("partner_count", [1, 3])
def test_targets_page_query_count_does_not_grow_with_partners(
    client, project, cooperation, coordinator, partner_count, django_assert_num_queries
):
    from tests.factories import PartnerFactory

    for number in range(partner_count - 1):
        PartnerFactory(project=project, number=10 + number)
    client.force_login(coordinator)
    client.post(targets_url(), {"target": "38", "subtype_cluster_cluster": "12", "subtype_sme_sme": "7"})

    with django_assert_num_queries(QUERIES):
        response = client.get(targets_url())

    assert (
        len(response.context["form"].partner_fields) == partner_count
    )  # AMZ (the coordinator's) and the new ones


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
