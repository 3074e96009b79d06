"""The builders: which rows a period shows, the per-country rules, and numbers equal to the KPI engine's."""

from datetime import date

from consortium.vague_dates import parse_vague_date
from events.models import EventCountry
from reports.d32 import build_d32
from reports.progress import build_progress
from tests.factories import AgreementFactory, EngagementFactory, EventFactory, OrganisationFactory


def dated(text):
    when = parse_vague_date(text)
    return {"date_start": when.start, "date_end": when.end, "date_precision": when.precision}


def table(ctx, key):
    return next(t for t in ctx["tables"] if t["key"] == key)


def names(ctx, key):
    return [row["cells"][0] for row in table(ctx, key)["rows"]]


def test_d32_lists_records_known_by_the_period_end(project, periods, wp3):
    EngagementFactory(project=project, name="Early", position=2, **dated("10.2020"))
    EngagementFactory(project=project, name="First row", position=1, **dated("05.2021"))
    EngagementFactory(project=project, name="Regular contact", position=3)

    first, last = build_d32(project, periods[0]), build_d32(project, periods[1])

    assert names(first, "t2") == ["Early"]
    assert names(last, "t2") == ["First row", "Early", "Regular contact"]
    undated = table(last, "t2")["rows"][2]["cells"][3]
    assert undated == "Undated"


def test_d32_places_agreements_by_signature_unsigned_only_in_the_last_period(project, periods, wp3):
    AgreementFactory(
        project=project,
        name="Signed early",
        status="signed",
        signed_start=date(2020, 11, 5),
        signed_end=date(2020, 11, 5),
        signed_precision="day",
    )
    AgreementFactory(project=project, name="Signed, no date", status="signed")
    AgreementFactory(project=project, name="Still talking", status="negotiating")

    first, last = build_d32(project, periods[0]), build_d32(project, periods[1])

    assert names(first, "t3") == ["Signed early"]
    assert names(last, "t3") == ["Signed early", "Signed, no date", "Still talking"]
    signature_and_status = [row["cells"][4:6] for row in table(last, "t3")["rows"]]
    assert signature_and_status == [["05.11.2020", "Signed"], ["undated", "Signed"], ["", "In preparation"]]


def test_d32_table0_numbers_are_the_engines(project, periods, wp3):
    AgreementFactory(
        project=project,
        status="signed",
        signed_start=date(2021, 5, 1),
        signed_end=date(2021, 5, 1),
        signed_precision="day",
    )
    AgreementFactory(project=project, status="signed")  # undated: counts only in the last period

    assert table(build_d32(project, periods[0]), "t0")["rows"][0]["cells"][3:] == [12, 0]
    assert table(build_d32(project, periods[1]), "t0")["rows"][0]["cells"][3:] == [12, 2]


def test_d32_states_its_data_as_of_time_and_it_moves_with_an_edit(project, periods, wp3):
    engagement = EngagementFactory(project=project, **dated("2021"))
    before = build_d32(project, periods[1])["meta"]["data_as_of"]

    engagement.name = "Renamed"
    engagement.save()
    after = build_d32(project, periods[1])["meta"]["data_as_of"]

    assert before is not None and after > before


def test_progress_events_one_third_country_per_row_and_listed_under_the_table(project, periods, wp3):
    fair = EventFactory(
        project=project,
        name="Trade fair",
        category="international_event",
        report_type="b2b_event",
        **dated("05.2021"),
    )
    for code in ("JP", "IN", "DE"):  # Germany is an EU country: never a row
        EventCountry.objects.create(event=fair, country=code)
    visit = EventFactory(project=project, name="Visit", report_type="preparatory", **dated("06.2021"))
    EventCountry.objects.create(event=visit, country="IN")
    meeting = EventFactory(
        project=project,
        name="Jour fixe",
        category="consortium_meeting",
        report_type="c2c_meeting",
        **dated("06.2021"),
    )
    EventCountry.objects.create(event=meeting, country="IN")

    events = table(build_progress(project, periods[1]), "events")

    assert [row["cells"] for row in events["rows"]] == [["India", 1, 0, 0, 1, 0], ["Japan", 0, 0, 0, 1, 0]]
    assert events["total"] == ["TOTAL", 1, 0, 0, 2, 0]
    assert "Trade fair (May 2021): India, Japan" in events["notes"]
    assert not any("Jour fixe" in note for note in events["notes"])


def test_progress_stakeholders_by_kind_per_third_country(project, periods, wp3):
    event = EventFactory(
        project=project, category="international_meeting", report_type="c2c_meeting", **dated("05.2021")
    )
    EventCountry.objects.create(event=event, country="IN")
    event.organisations.set(
        [
            OrganisationFactory(project=project, name="EU cluster", type="cluster", country="DE"),
            OrganisationFactory(project=project, name="EU firm", type="sme", country="FR"),
            OrganisationFactory(project=project, name="Indian chamber", type="chamber", country="IN"),
            OrganisationFactory(project=project, name="Indian firm", type="sme", country="IN"),
            OrganisationFactory(project=project, name="Somewhere", type="sme"),
        ]
    )

    stakeholders = table(build_progress(project, periods[1]), "stakeholders")

    assert [row["cells"] for row in stakeholders["rows"]] == [["India", 1, 1, 1, 1]]
    assert "India, EU Clusters: EU cluster" in stakeholders["notes"]
    assert "Not counted, country not recorded: Somewhere" in stakeholders["notes"]


def test_progress_signed_agreement_with_a_third_country_is_a_formal_cooperation_case(project, periods, wp3):
    partner = OrganisationFactory(project=project, name="Detroit cluster", type="cluster", country="US")
    AgreementFactory(
        project=project,
        name="MoU Detroit",
        kind="cluster_intermediary",
        status="signed",
        organisation=partner,
        country="US",
        signed_start=date(2021, 4, 1),
        signed_end=date(2021, 4, 30),
        signed_precision="month",
    )

    ctx = build_progress(project, periods[1])

    rows = [row["cells"][:4] for row in table(ctx, "cases_clusters")["rows"]]
    assert rows[1] == ["United States of America", "2) Formal agreement signed", 1, "MoU Detroit"]
    assert table(ctx, "cases_clusters")["total"][2] == 1
    assert table(ctx, "details_a")["rows"][0]["cells"][2:4] == ["Detroit cluster", "United States of America"]
    assert table(build_progress(project, periods[0]), "cases_clusters")["rows"] == []


def test_progress_stakeholders_count_an_undated_signed_agreement_in_the_last_period_like_the_engine(
    project, periods, wp3
):
    """Issue 13 defect: table II.3 left out an undated signature that tables II.4-6 and WP3-2 counted."""
    partner = OrganisationFactory(project=project, name="Pune cluster", type="cluster", country="IN")
    AgreementFactory(
        project=project,
        name="MoU Pune",
        kind="cluster_cluster",
        status="signed",
        organisation=partner,
        country="IN",
    )

    last, first = build_progress(project, periods[1]), build_progress(project, periods[0])
    d32 = build_d32(project, periods[1])

    assert [row["cells"] for row in table(last, "stakeholders")["rows"]] == [["India", 0, 0, 1, 0]]
    assert table(last, "cases_clusters")["total"][2] == 1
    assert table(d32, "t0")["rows"][0]["cells"][3:] == [12, 1]
    assert table(first, "stakeholders")["rows"] == []
    assert table(first, "cases_clusters")["total"][2] == 0
