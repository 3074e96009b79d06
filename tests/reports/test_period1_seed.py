"""The period-1 progress report says what ELCA reported (issue 14): every figure checked against seed 002.

The expected values are transcribed from ELCA's own 6-months technical progress report for period 1
(../shared/seeds/002_*, 01.09.2020-28.02.2021, signed 02.06.2021), not computed from the code. The checks
read the report's built context and its rendered HTML (the export command's output), never re-count.
"""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from agreements.models import Agreement
from consortium.models import Partner
from kpis.engine import build_dashboard
from reports.freeze import compare, report_freeze
from reports.progress import build_progress
from tests.reports.test_builders import table

pytestmark = pytest.mark.usefixtures("db")

# The date the coordinator's declaration carries ("Date: 02 / June/ 2021"): the report was written then.
WRITTEN_ON = date(2021, 6, 2)

# Call indicators: Achieved (cumulated results) as ELCA wrote them; None: the cell is blank.
CALL_ACHIEVED = [0, 0, 0, 0, 0, 0, None]
CALL_1_COMMENT = (
    "At present stage no clusters have not yet benefited from the action, although we have already contacted "
    "them and started to develop ideas and experiences"
)
# Other project indicators: stakeholders 256 (counted from the dissemination log since issue 16),
# partnerships 0, four blank cells, communication plan 1, consortium participants meetings 1.
PROJECT_ACHIEVED = [256, 0, None, None, None, 1, None, 1]
STAKEHOLDERS_COMMENT = "From that 197 SMEs, 34 RTOs, 12 clusters, intermediaries, 13 policy actors"

# Table 1. Milestones, every row as written.
MILESTONES = [
    ["Partnership complete", "M 6", "Yes", date(2021, 2, 28), ""],
    [
        "Target of third market countries",
        "M6 (M 8)",
        "No",
        None,
        "After formal request postponed DL for DL 1.1 to PM 8",
    ],
]
# Table 2. Deliverables: code, lead beneficiary as the template writes it, actual date delivered.
DELIVERABLES = [
    ("D1.1", "4- POLYM (formerly PLA)", date(2021, 4, 30)),
    ("D1.2", "3- BIC", date(2021, 5, 15)),
    ("D2.1", "3-BIC", None),
    ("D2.2", "2-MECH", None),
    ("D2.3", "2- MECH", None),
    ("D2.4", "5-MAV", None),
    ("D3.1", "5-MAV", None),
    ("D3.2", "5- MAV", None),
    ("D3.3", "2-MECH", None),
    ("D3.4", "3-BIC", None),
    ("D4.1", "3-BIC", None),
    ("D4.2", "3 -BIC", None),
    ("D4.3", "3-BIC", None),
    ("D4.4", "3-BIC", None),
    ("D5.1", "1-RKW", date(2021, 2, 28)),
    ("D5.2", "1-RKW", date(2021, 5, 4)),
    ("D5.3", "1-RKW", date(2021, 6, 2)),
    ("D5.4", "1-RKW", None),
    ("D5.5", "1-RKW", None),
]


def one_hyphen(lead: str) -> str:
    """The template spaces the hyphen after the partner number at random ("4- POLYM", "3 -BIC")."""
    return re.sub(r"\s*-\s*", "-", lead, count=1)


@pytest.fixture
def period1(elca_demo):
    return elca_demo.periods.get(number=1)


@pytest.fixture
def report(elca_demo, period1):
    return build_progress(elca_demo, period1, report_date=WRITTEN_ON)


def achieved(ctx, key) -> list:
    return [row["cells"][1] for row in table(ctx, key)["rows"]]


def comments(ctx, key) -> dict:
    return {row["code"]: row["cells"][3] for row in table(ctx, key)["rows"]}


def test_call_indicators_are_what_elca_reported(report):
    assert achieved(report, "call") == CALL_ACHIEVED
    assert comments(report, "call")["CALL-1"] == CALL_1_COMMENT


def test_no_cooperation_agreement_in_period_1(report, elca_demo):
    """SenSa's "Started Jan. 2021 SIGNED" is the start of the cooperation, not a signature in January 2021."""
    sensa = Agreement.objects.get(project=elca_demo, name="SenSa Sensor network")

    assert achieved(report, "call")[1] == 0
    assert sensa.signed_date is None
    assert sensa.is_undated


def test_other_project_indicators_are_what_elca_reported_blank_cells_blank(report):
    assert achieved(report, "project") == PROJECT_ACHIEVED
    assert comments(report, "project")["PRJ-1"] == (
        f"{STAKEHOLDERS_COMMENT}\nCounted: Presentations of the project to stakeholders"
    )


def test_one_consortium_participants_meeting_in_period_1_the_jour_fixe_is_a_coordination_call(report):
    assert achieved(report, "project")[7] == 1
    assert comments(report, "project")["PRJ-8"] == "Counted: Kick-off meeting"


def test_milestones_are_every_row_of_table_1(report):
    assert [row["cells"] for row in table(report, "milestones")["rows"]] == MILESTONES


def test_deliverables_delivered_by_the_report_date_show_yes_with_their_date(report):
    rows = [row["cells"] for row in table(report, "deliverables")["rows"]]

    assert [(c[0], c[3], c[7], c[8]) for c in rows] == [
        (code, one_hyphen(lead), "Yes" if day else "No", day) for code, lead, day in DELIVERABLES
    ]


def test_on_the_period_end_the_deliverables_delivered_later_show_no(elca_demo, period1):
    ctx = build_progress(elca_demo, period1, report_date=period1.end_date)
    delivered = {c[0]: (c[7], c[8]) for c in (row["cells"] for row in table(ctx, "deliverables")["rows"])}

    assert delivered["D1.1"] == ("No", None)
    assert delivered["D5.1"] == ("Yes", date(2021, 2, 28))


def test_the_report_date_is_on_the_cover_and_defaults_to_today(elca_demo, period1, report):
    from django.utils import timezone

    assert report["meta"]["report_date"] == WRITTEN_ON
    assert build_progress(elca_demo, period1)["meta"]["report_date"] == timezone.localdate()


def test_the_exported_html_shows_what_elca_reported(elca_demo, tmp_path):
    out = tmp_path / "p1.html"
    call_command(
        "export_report",
        "progress",
        "ELCA",
        "--period",
        "1",
        "--report-date",
        "2021-06-02",
        "--format",
        "html",
        "--output",
        str(out),
    )
    html = out.read_text()

    assert '<dd class="report-date">02.06.2021</dd>' in html
    assert CALL_1_COMMENT in html
    assert "4-POLYM (formerly PLA)" in html
    assert "M6 (M 8)" in html
    assert "30.04.2021" in html


def test_a_frozen_report_keeps_its_report_date(elca_demo, period1, django_user_model):
    coordinator = django_user_model.objects.get(username="coordinator")
    frozen = report_freeze(
        project=elca_demo, period=period1, kind="progress", user=coordinator, report_date=WRITTEN_ON
    )

    assert frozen.report_date == WRITTEN_ON
    diff = compare(frozen)
    assert diff["now_ctx"]["meta"]["report_date"] == WRITTEN_ON
    assert diff["moved"] == []


def test_a_later_period_says_the_plan_was_not_reported_instead_of_repeating_its_value(elca_demo):
    for number in (3, 5):
        ctx = build_progress(elca_demo, elca_demo.periods.get(number=number), report_date=WRITTEN_ON)
        plan = table(ctx, "project")["rows"][5]

        assert plan["cells"][1] == "not reported for this period (last: 1, P1)"
        assert plan["cells"][3] == ""  # period 1's comment belongs to period 1


def test_a_later_period_counts_the_stakeholders_reached_cumulatively_without_period_1_s_comment(elca_demo):
    """No later figure in the seeds: the dissemination log's period-1 activity is all there is."""
    for number in (3, 5):
        ctx = build_progress(elca_demo, elca_demo.periods.get(number=number), report_date=WRITTEN_ON)
        stakeholders = table(ctx, "project")["rows"][0]

        assert stakeholders["cells"][1] == 256
        assert stakeholders["cells"][3] == "Counted: Presentations of the project to stakeholders"


def test_the_lead_beneficiary_is_the_partner_s_number_and_report_name(elca_demo):
    names = {p.short_name: p.beneficiary for p in Partner.objects.filter(project=elca_demo)}

    assert names == {
        "AMZ": "1-RKW",
        "MECH": "2-MECH",
        "BIC": "3-BIC",
        "POL": "4-POLYM (formerly PLA)",
        "MAV": "5-MAV",
    }


def test_the_dashboard_counts_what_the_report_shows(elca_demo, period1):
    results = {r.code: r for r in build_dashboard(elca_demo, period1).results}

    assert (results["CALL-2"].achieved, results["PRJ-8"].achieved) == (0, 1)
    assert results["PRJ-3"].left_blank
    assert results["CALL-1"].comment == CALL_1_COMMENT


def test_the_dashboard_says_not_reported_instead_of_repeating_the_old_value(
    client, elca_demo, django_user_model
):
    client.force_login(django_user_model.objects.get(username="viewer"))

    html = client.get(reverse("kpis:dashboard", args=["ELCA"]) + "?period=3").content.decode()

    assert "not reported for this period (last: 1, P1)" in html


def test_the_meetings_drilldown_states_the_rule_and_why_the_jour_fixe_is_not_counted(
    client, elca_demo, django_user_model
):
    client.force_login(django_user_model.objects.get(username="viewer"))

    response = client.get(reverse("kpis:indicator", args=["ELCA", "PRJ-8"]) + "?period=1")

    assert "Coordination calls (the monthly jour fixe, short huddles) are not consortium meetings" in (
        response.content.decode()
    )
    assert [row.record.name for row in response.context["counted"]] == ["Kick-off meeting"]
    reasons = dict(response.context["not_counted"])
    # The jour fixe is an event of another category (a coordination call), as the workshops are.
    assert "Jour fixe" in [row.record.name for row in reasons["event category is not Consortium meeting"]]


def test_an_agreement_whose_text_dates_only_the_cooperation_start_says_undated(
    client, elca_demo, django_user_model
):
    client.force_login(django_user_model.objects.get(username="viewer"))
    sensa = Agreement.objects.get(project=elca_demo, name="SenSa Sensor network")

    response = client.get(sensa.get_absolute_url())

    shown = {f.label: f.text for f in response.context["fields"]}
    assert shown["Signature date"] == "undated"
    assert shown["Date as written"] == "Started Jan. 2021 SIGNED"


def test_the_office_files_carry_the_report_date_on_their_cover(report):
    """The XLSX Report sheet and the DOCX cover name the day the report was prepared, like the PDF's."""
    import io

    import openpyxl
    from docx import Document

    from reports.docx_render import render_docx
    from reports.xlsx import render_xlsx

    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report))).worksheets[0]
    cover = {row[0]: row[1] for row in sheet.iter_rows(max_col=2, values_only=True) if row[0]}
    assert cover["Date"].date() == WRITTEN_ON

    paragraphs = [p.text for p in Document(io.BytesIO(render_docx(report))).paragraphs]
    assert "Date: 02.06.2021" in paragraphs


def test_not_reported_wraps_in_its_cell_instead_of_running_over_the_target(elca_demo):
    """The Achieved column is a number column (right-aligned, never wrapped); its words must wrap."""
    from django.template.loader import render_to_string

    ctx = build_progress(elca_demo, elca_demo.periods.get(number=5), report_date=WRITTEN_ON)
    html = render_to_string("reports/_table.html", {"table": table(ctx, "project")})

    assert '<td class="text">not reported for this period (last: 1, P1)</td>' in html
    assert '<td class="int">3</td>' in html  # a counted number stays a number
