"""The rule deciding a cooperation case's parties (reports/progress_cases.py), on small records (issue 14).

The ELCA demo's tables are checked against each other in test_cases_consistency.py.
"""

from datetime import date

import pytest

from agreements.models import CooperationCase, Objective
from reports.progress import build_progress
from reports.progress_cases import NOT_RECORDED
from tests.factories import AgreementFactory, OrganisationFactory
from tests.reports.test_builders import table


@pytest.fixture
def india_case(project, periods, wp3):
    sme = OrganisationFactory(project=project, name="Saxon SME", type="sme", country="DE")
    cluster = OrganisationFactory(project=project, name="Saxon cluster", type="cluster", country="DE")
    pune = OrganisationFactory(project=project, name="Pune firm", type="sme", country="IN")
    return {"sme": sme, "cluster": cluster, "pune": pune}


def test_a_recorded_objective_sector_and_partner_fill_the_tables(project, periods, india_case):

    CooperationCase.objects.create(
        project=project,
        name="Joint moulding project",
        by="sme",
        eu_organisation=india_case["sme"],
        partner_organisation=india_case["pune"],
        partner_country="IN",
        case_type=1,
        objective=Objective.TECH_TRANSFER,
        sector_technology="Injection moulding",
        steps_taken="Two visits to Pune",
        date_start=date(2021, 5, 3),
        date_end=date(2021, 5, 3),
        date_precision="day",
    )

    ctx = build_progress(project, periods[1])

    assert table(ctx, "cases_smes")["rows"][0]["cells"][4:] == [
        "Technology transfer (2)",
        "Injection moulding",
        "SME (Pune firm)",
    ]
    assert table(ctx, "details_b")["rows"][0]["cells"][:6] == [
        "Saxon SME",
        "Injection moulding",
        "Pune firm",
        "India",
        "",
        "Two visits to Pune",
    ]
    assert [r["cells"] for r in table(ctx, "stakeholders")["rows"]] == [["India", 0, 1, 0, 1]]


def test_an_sme_agreement_names_the_sme_and_its_third_country_party_never_a_european_one(
    project, periods, india_case
):
    AgreementFactory(
        project=project,
        name="SME deal",
        kind="business",
        status="signed",
        organisation=india_case["sme"],
        other_organisation=india_case["cluster"],  # the cluster that brokered it: not the EU SME
        partner_organisation=india_case["pune"],
        signed_start=date(2021, 4, 1),
        signed_end=date(2021, 4, 30),
        signed_precision="month",
    )
    AgreementFactory(  # its "third-country party" is recorded in Germany: not taken as one
        project=project,
        name="Mistaken deal",
        kind="sme_sme",
        status="signed",
        organisation=india_case["sme"],
        partner_organisation=india_case["cluster"],
        country="IN",
        date_text="April 2021 SIGNED",
        signed_start=date(2021, 4, 1),
        signed_end=date(2021, 4, 30),
        signed_precision="month",
    )

    ctx = build_progress(project, periods[1])

    rows = [r["cells"][:4] for r in table(ctx, "details_b")["rows"]]
    assert rows == [
        ["Saxon SME", NOT_RECORDED, "Pune firm", "India"],  # the country: the partner's recorded one
        ["Saxon SME", NOT_RECORDED, NOT_RECORDED, "India"],
    ]
    assert [r["cells"][5] for r in table(ctx, "details_b")["rows"]] == [NOT_RECORDED, NOT_RECORDED]
