"""Every counting rule on the ELCA demo equals the count of the matching D3.2 rows.

The expected numbers are counted by hand from the document (../shared/seeds/001_*), not from the code:
Table 3 has 4 rows marked SIGNED (Composites United and SenSa without a signature date: their cells date
the start of the cooperation), Table 4 has 7, Table 5 has 6 (EURECAT, LEITAT, Consorzio M USP, LZS and
Silbaerg without a signature date), Table 6 has 2; Tables 7-10 have 10, 9, 7 and 5 rows; Table 11
names 3 sectors beyond mobility; Table 2 names 18 organisations.
"""

import pytest

from kpis.checks import broken_rules
from kpis.engine import build_dashboard
from kpis.models import CountingRule, Indicator

pytestmark = pytest.mark.usefixtures("db")

# Indicator code -> achieved at the end of the last period (P5, 31.12.2022), from the document.
EXPECTED_P5 = {
    "WP3-1": 18,  # Table 2: 18 rows, one organisation each
    "WP3-2": 4,  # Table 3: Composites United, SenSa, Leichtbau BW / ELA, Polish Chamber
    "WP3-3": 7,  # Table 4: ELA, EBTC, ACMA, Automotive Cluster Detroit, EEN, MSME Chamber, Greater AKRON
    "WP3-4": 6,  # Table 5: EURECAT, LEITAT, LZS, NanoSen, Silbaerg, Consorzio M USP
    "WP3-5": 2,  # Table 6: COMPOXI, ATE COMPOSITES
    "WP3-6": 10,  # Table 7
    "WP3-7": 9,  # Table 8
    "WP3-8": 7,  # Table 9
    "WP3-9": 5,  # Table 10
    "WP3-10": 3,  # Table 11: civil engineering/construction, energy generation/efficiency, energy-intensive
    "CALL-1": 18,
    "CALL-2": 17,  # 4 + 7 + 6 (the narrative's "20" is not what the tables list)
    "CALL-3": 2,
    "CALL-4": 31,  # Tables 7-10: 10 + 9 + 7 + 5
    "CALL-5": 5,
    "CALL-6": 6,  # SMEs of signed agreements: LZS, NanoSen, Silbaerg, Consorzio M USP, COMPOXI, ATE
    "PRJ-2": 4,  # partnerships met at events: ELBE, PERCY, GSSC ESCP-4i, AMULET
    "PRJ-3": 6,  # EBTC (IN), Automotive Cluster Detroit (US), Cluster Automotriz de Nuevo León (MX),
    #              MSME Chamber (IN), Greater AKRON Chamber (US), Ras Al-Khaimah Economic Free Zone (AE)
    "PRJ-4": 26,  # Tables 7-9: 10 + 9 + 7
    "PRJ-5": 3,
    "PRJ-1": 256,  # seed 002: presented to 256 stakeholders in period 1; no later figure in the seeds
    "PRJ-7": 0,  # no article or press release in the seeds (period 1's report left the cell blank)
    "PRJ-8": 1,  # the kick-off 22.10.2020; the jour fixe 09.02.2021 is a coordination call (seed 002 says 1)
}


@pytest.fixture
def last(elca_demo):
    return build_dashboard(elca_demo, elca_demo.periods.get(number=5), with_ids=True)


def by_code(board):
    return {r.code: r for r in board.results}


def test_every_counted_indicator_of_the_demo_is_counted_by_a_rule_held_as_data(elca_demo):
    rules = CountingRule.objects.filter(project=elca_demo)

    assert broken_rules(rules) == []
    assert rules.count() == 19
    used = set(Indicator.objects.filter(mode="counted").values_list("counting_rule__name", flat=True))
    assert used == set(rules.values_list("name", flat=True))


@pytest.mark.parametrize(("code", "expected"), EXPECTED_P5.items())
def test_counted_indicator_equals_the_document_at_the_last_period(last, code, expected):
    result = by_code(last)[code]

    assert result.achieved == expected
    # A distinct count names fewer or more records than its value, a sum too (one activity, 256 reached).
    if not (result.rule.distinct or result.rule.sum_of):
        assert len(result.record_ids) == expected


def test_cooperation_agreements_break_down_into_the_three_tables(last):
    subtypes = {s.subtype: (s.achieved, s.target) for s in by_code(last)["CALL-2"].subtypes}

    assert subtypes == {"cluster_cluster": (4, 12), "cluster_intermediary": (7, 6), "sme_sme": (6, 20)}


def test_cross_fertilisation_events_break_down_by_table_in_the_report_order(last):
    subtypes = [(s.subtype, s.achieved, s.target) for s in by_code(last)["PRJ-4"].subtypes]

    assert subtypes == [
        ("national_workshop", 10, 10),
        ("international_meeting", 9, 6),
        ("international_event", 7, 6),
    ]


def test_sme_agreements_signed_without_a_date_count_only_in_the_last_period_flagged_undated(elca_demo, last):
    wp3_4 = by_code(last)["WP3-4"]
    undated_names = set(elca_demo.agreements.filter(pk__in=wp3_4.undated_ids).values_list("name", flat=True))
    p4 = by_code(build_dashboard(elca_demo, elca_demo.periods.get(number=4)))["WP3-4"]

    # LZS ("Reported on 28.08.2022") and Silbaerg ("15.11.2022, first meeting") are signed, but their cells
    # date a report and a meeting, not the signature (agreements.signature).
    assert undated_names == {"EURECAT", "LEITAT", "Consorzio M USP", "LZS GmbH Dresden", "Silbaerg GmbH"}
    assert wp3_4.undated == 5
    assert p4.achieved == 0  # the undated five wait for the last period, NanoSen is signed 20.10.2022
    assert [value for _, value in wp3_4.curve] == [0, 0, 0, 0, 6]


def test_cluster_agreements_are_placed_by_the_end_of_their_vague_signature_date(elca_demo):
    curve = by_code(build_dashboard(elca_demo, elca_demo.periods.get(number=5)))["WP3-2"].curve

    # Polish Chamber 04.04.2022 -> P4; Leichtbau BW / ELA 20.10.2022 -> P5. SenSa ("Started Jan. 2021") and
    # Composites United ("Start of co-operation 2021") date the start of the cooperation, not the
    # signature: undated, they count only in the last period (P5), never in period 1.
    assert [value for _, value in curve] == [0, 0, 0, 1, 4]


def test_per_partner_figures_follow_the_responsible_cells(last):
    wp3_6 = by_code(last)["WP3-6"]
    wp3_8 = by_code(last)["WP3-8"]

    assert {f.partner.short_name: f.achieved for f in wp3_6.per_partner} == {
        "AMZ": 2,
        "MECH": 2,
        "BIC": 2,
        "POL": 2,
        "MAV": 2,
    }
    # K FAIR 2022 lists all five partners: credited to each, counted once in the total of 7.
    assert {f.partner.short_name: f.achieved for f in wp3_8.per_partner} == {
        "AMZ": 1,
        "MECH": 2,
        "BIC": 5,
        "POL": 2,
        "MAV": 1,
    }
    assert {f.partner.short_name: f.target for f in wp3_6.per_partner} == dict.fromkeys(
        ["AMZ", "MECH", "BIC", "POL", "MAV"], 2
    )


def test_consortium_led_events_count_in_the_consortium_column(last):
    wp3_7 = by_code(last)["WP3-7"]

    # Table 8: GSSC ESCP-4i (AMZ/ELCA) and the two General Assemblies (ELCA).
    assert wp3_7.consortium == 3
    assert wp3_7.achieved == 9


def test_reported_value_is_its_own_period_s_and_a_later_period_names_the_last_one(elca_demo, last):
    p1 = by_code(build_dashboard(elca_demo, elca_demo.periods.get(number=1)))

    assert p1["PRJ-6"].achieved == 1  # the communication plan
    assert p1["PRJ-6"].last_reported is None
    # Period 5 has no value of its own: not reported, never period 1's value repeated as if reported again.
    assert by_code(last)["PRJ-6"].achieved is None
    last_reported = by_code(last)["PRJ-6"].last_reported
    assert (last_reported.period.number, last_reported.value) == (1, 1)


def test_the_stakeholders_reached_are_counted_from_the_dissemination_log_with_their_breakdown(elca_demo):
    """Seed 002: "presented the project during the first 6 months to 256 stakeholders: 197 SMEs, 34 Research
    and Technology Transfer Organisations, 12 clusters and intermediaries, 13 policy actors"."""
    for number in (1, 5):  # cumulative: nothing later in the seeds
        stakeholders = by_code(
            build_dashboard(elca_demo, elca_demo.periods.get(number=number), with_ids=True)
        )["PRJ-1"]

        assert (stakeholders.achieved, stakeholders.last_reported) == (256, None)
        assert [(s.label, s.achieved) for s in stakeholders.subtypes] == [
            ("SMEs", 197),
            ("RTOs", 34),
            ("clusters, intermediaries", 12),
            ("policy makers", 13),
            ("other", 0),
        ]
        assert list(stakeholders.record_names.values()) == ["Presentations of the project to stakeholders"]
    assert by_code(build_dashboard(elca_demo, elca_demo.periods.get(number=1)))["PRJ-7"].achieved == 0


def test_status_against_the_share_of_the_project_elapsed(elca_demo):
    p1 = build_dashboard(elca_demo, elca_demo.periods.get(number=1))
    codes = by_code(p1)

    assert round(p1.elapsed, 3) == round(6 / 28, 3)  # P1 ends in M6 of 28 months (with the extension)
    assert codes["PRJ-1"].status == "on_track"  # 256 / 600 = 43% >= 21%
    assert codes["PRJ-6"].status == "met"
    assert codes["WP3-2"].status == "behind"  # 1 / 12 = 8% < 21%
