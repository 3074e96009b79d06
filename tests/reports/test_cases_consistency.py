"""The cooperation-case tables II.3-II.6 of the progress report agree with each other (issue 14).

One rule (reports/progress_cases.py) decides every case's EU party and third-country party; II.3 counts the
parties of the cases II.4-II.6 list. Checked for every period of the ELCA demo (loaded once for the module),
then point by point against what the issue found in the demo's report.
"""

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from agreements.models import Agreement, Objective
from consortium.countries import is_third_country
from consortium.models import Organisation
from reports import formats, progress_cases
from reports.progress import build_progress, placed_records
from reports.progress_countries import STAKEHOLDER_KINDS, case_party_columns, country_name
from tests.reports.test_builders import table
from tests.reports.test_placement import PERIODS, period

LAST = PERIODS[-1]
NOT_RECORDED = progress_cases.NOT_RECORDED
LABELS = dict(STAKEHOLDER_KINDS)


@pytest.fixture(scope="module")
def reports():
    """Progress reports by period number, built once for the module (building reads only)."""
    return {}


@pytest.fixture
def report(elca_demo, db, reports):
    def get(kind, number):
        assert kind == "progress"
        if number not in reports:
            reports[number] = build_progress(elca_demo, elca_demo.periods.get(number=number))
        return reports[number]

    return get


def cases_of(project, number) -> list[dict]:
    records = placed_records(project, period(project, number))
    return progress_cases.cooperation_cases(records["cases"], records["agreements"])


def named(stakeholders: dict) -> dict:
    """II.3's notes as {(country, column label): set of names}."""
    found = {}
    for note in stakeholders["notes"]:
        country, sep, rest = note.partition(", ")
        label, sep2, names = rest.rpartition(": ")
        if sep and sep2 and label in LABELS.values():
            found[country, label] = set(names.split(", "))
    return found


def column_of(found: dict, key: str) -> list:
    return [row["cells"][[c["key"] for c in found["columns"]].index(key)] for row in found["rows"]]


def european_names(project) -> set[str]:
    return {
        o.name
        for o in Organisation.objects.filter(project=project).exclude(country="")
        if not is_third_country(o.country.code)
    }


def cluster_names(project) -> set[str]:
    types = (Organisation.Type.CLUSTER, Organisation.Type.BUSINESS_NETWORK)
    orgs = set(Organisation.objects.filter(project=project, type__in=types).values_list("name", flat=True))
    return orgs | set(project.partners.values_list("short_name", flat=True))


# -- every period: the tables agree -------------------------------------------------------------------------


@pytest.mark.parametrize("number", PERIODS)
def test_ii3_counts_every_case_party_in_its_countrys_row(elca_demo, report, number):
    ctx = report("progress", number)
    stakeholders = table(ctx, "stakeholders")
    rows = {row["cells"][0]: row["cells"][1:] for row in stakeholders["rows"]}
    found = named(stakeholders)

    for case in cases_of(elca_demo, number):
        country = country_name(case["country"])
        assert country in rows, case["name"]
        for kind, party in case_party_columns(case):
            if kind is None:
                assert any(party["name"] in note for note in stakeholders["notes"] if "neither" in note)
                continue
            assert party["name"] in found.get((country, LABELS[kind]), set()), (case["name"], party["name"])
    for country, counts in rows.items():  # each count is the number of names listed for it
        for (key, label), count in zip(STAKEHOLDER_KINDS, counts, strict=True):
            assert count == len(found.get((country, label), set())), (country, key)


@pytest.mark.parametrize("number", PERIODS)
def test_ii4_rows_are_the_cases_of_ii6a_and_ii5_rows_those_of_ii6b(elca_demo, report, number):
    ctx = report("progress", number)
    ii4, ii5 = table(ctx, "cases_clusters"), table(ctx, "cases_smes")
    ii6a, ii6b = table(ctx, "details_a"), table(ctx, "details_b")

    assert sorted(c for row in ii4["rows"] for c in row["cases"]) == sorted(r["case"] for r in ii6a["rows"])
    assert ii4["total"][2] == len(ii6a["rows"])
    assert [r["case"] for r in ii5["rows"]] == [r["case"] for r in ii6b["rows"]]
    assert column_of(ii5, "country") == column_of(ii6b, "country")
    assert ii5["total"][2] == len(ii6b["rows"])


@pytest.mark.parametrize("number", PERIODS)
def test_no_european_organisation_is_a_third_country_partner(elca_demo, report, number):
    ctx = report("progress", number)
    europe = european_names(elca_demo)

    partners = [n for cell in column_of(table(ctx, "cases_clusters"), "partner") for n in cell.split("; ")]
    partners += column_of(table(ctx, "details_a"), "partner") + column_of(table(ctx, "details_b"), "partner")
    partners += [
        re.sub(r"^.*\((.*)\)$", r"\1", cell) for cell in column_of(table(ctx, "cases_smes"), "partner")
    ]

    assert not europe & set(partners)
    assert all(c["tc"] is None or c["tc"]["name"] not in europe for c in cases_of(elca_demo, number))


@pytest.mark.parametrize("number", PERIODS)
def test_no_cluster_in_the_eu_sme_column_of_ii6b(elca_demo, report, number):
    eu_smes = column_of(table(report("progress", number), "details_b"), "eu")

    assert not cluster_names(elca_demo) & {n for cell in eu_smes for n in cell.split("; ")}


@pytest.mark.parametrize("number", PERIODS)
def test_no_partner_cell_repeats_the_eu_party(elca_demo, report, number):
    for key in ("details_a", "details_b"):
        for row in table(report("progress", number), key)["rows"]:
            eu, partner = row["cells"][0], row["cells"][2]
            assert partner == NOT_RECORDED or partner not in eu.split("; "), row["cells"]


@pytest.mark.parametrize("number", PERIODS)
def test_main_steps_never_hold_the_signature_text(elca_demo, report, number):
    date_texts = set(
        Agreement.objects.filter(project=elca_demo).exclude(date_text="").values_list("date_text")
    )
    for key in ("details_a", "details_b"):
        steps = column_of(table(report("progress", number), key), "steps")
        assert not {(s,) for s in steps} & date_texts
        assert not [s for s in steps if "SIGNED" in s]


# -- the points of the issue, in the last period's report ----------------------------------------------------


def test_ii5_names_no_european_sme_as_its_own_partner(elca_demo, report):
    """The demo's report named "SME (LZS GmbH Dresden)" as LZS's third-country partner."""
    ii5 = table(report("progress", LAST), "cases_smes")
    rows = {row["cells"][1]: row["cells"][-1] for row in ii5["rows"]}

    assert rows["LZS GmbH Dresden"] == NOT_RECORDED
    assert rows["COMPOXI"] == NOT_RECORDED
    assert rows["Silbaerg GmbH"] == "Other (Global Inroads GBI)"  # the seed names it: Karnataka, India


def test_eurecat_and_leitat_are_european_parties_not_chilean_partners(elca_demo, report):
    ctx = report("progress", LAST)
    ii6b = {row["cells"][0]: row["cells"] for row in table(ctx, "details_b")["rows"]}

    assert ii6b["EURECAT"][2:4] == [NOT_RECORDED, "Chile"]
    assert ii6b["LEITAT"][2:4] == [NOT_RECORDED, "Chile"]
    assert (
        "Not counted, EU party neither a cluster nor an SME: EURECAT (Chile), LEITAT (Chile)"
        in table(ctx, "stakeholders")["notes"]
    )


def test_ii6b_names_the_eu_sme_not_the_cluster_acting_for_it(elca_demo, report):
    ii6b = table(report("progress", LAST), "details_b")

    assert column_of(ii6b, "eu") == [
        "EURECAT",
        "ATE COMPOSITES",
        "LEITAT",
        "LZS GmbH Dresden",
        "NanoSen Chemnitz",
        "Silbaerg GmbH",
        "Consorzio M USP",
        "COMPOXI",
    ]


def test_ii3_counts_the_eu_smes_ii5_lists_and_has_the_chile_and_uae_rows(elca_demo, report):
    stakeholders = table(report("progress", LAST), "stakeholders")

    assert [row["cells"] for row in stakeholders["rows"]] == [
        ["Chile", 0, 1, 0, 0],
        ["India", 2, 4, 3, 0],
        ["United Arab Emirates", 0, 1, 0, 0],
        ["United States of America", 2, 0, 2, 0],
    ]
    found = named(stakeholders)
    assert found["India", "EU SMEs"] == {
        "Consorzio M USP",
        "LZS GmbH Dresden",
        "NanoSen Chemnitz",
        "Silbaerg GmbH",
    }
    assert not any("Silbaerg" in note for note in stakeholders["notes"] if "country not recorded" in note)


@pytest.mark.parametrize("number", [3, 4, 5])  # signed 15.12.2021: period 3 (09.2021-02.2022) onwards
def test_ii4_india_lists_the_signed_ebtc_agreement(elca_demo, report, number):
    ii4 = table(report("progress", number), "cases_clusters")
    india = next(r for r in ii4["rows"] if r["cells"][0] == "India" and r["cells"][1].startswith("2)"))

    assert "EBTC" in india["cells"][3].split("; ")
    assert "European Business and Technology Centre New Delhi" in india["cells"][7].split("; ")


def test_ebtc_is_not_in_ii4_before_its_signature(elca_demo, report):
    assert not [r for r in table(report("progress", 2), "cases_clusters")["rows"] if "EBTC" in r["cells"][3]]


def test_objective_and_sector_say_not_recorded_where_the_records_do_not(elca_demo, report):
    ctx = report("progress", LAST)
    for key in ("cases_clusters", "cases_smes"):
        found = table(ctx, key)
        filled = [r for r in found["rows"] if r["cells"][column_of_index(found, "nb")]]
        assert filled
        assert {r["cells"][column_of_index(found, "objective")] for r in filled} == {NOT_RECORDED}
        assert {r["cells"][column_of_index(found, "sector")] for r in filled} == {NOT_RECORDED}


def column_of_index(found: dict, key: str) -> int:
    return [c["key"] for c in found["columns"]].index(key)


def test_the_legend_of_objectives_and_case_types_is_under_ii4_and_ii5(elca_demo, report):
    ctx = report("progress", LAST)
    for key in ("cases_clusters", "cases_smes"):
        notes = " ".join(table(ctx, key)["notes"])
        for objective in Objective:
            assert (
                f"{objective.label} ({objective.value})" if objective != 15 else "Other (specify)"
            ) in notes
        for label in (
            "1) Collaboration project",
            "2) Formal agreement signed",
            "3) Representation office",
            "4) Other",
        ):
            assert label in notes


@pytest.mark.parametrize("fmt", ["html", "xlsx", "docx"])
def test_every_format_prints_the_legend(elca_demo, report, fmt):
    content = formats.render(report("progress", LAST), fmt)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(content))
        text = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value)
    elif fmt == "docx":
        text = re.sub(r"<[^>]+>", "", zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode())
    else:
        text = content.decode()
    text = text.replace("&amp;", "&")
    assert "Establishment of business contacts among members (14)" in text
    assert "Knowledge sharing & information exchange (13)" in text
    assert "3) Representation office / role appointed by the consortium" in text


def test_ii6c_lists_eu_level_initiatives_not_regional_agencies(elca_demo, report):
    other = {part["label"]: part["items"] for part in report("progress", LAST)["other_cases"]}
    initiatives = other["2) Cooperation with other EU initiatives"]

    assert "Enterprise Europe Network" in initiatives
    for agency in (
        "ACCIÓ - Agency for Business Competitiveness",
        "Art-ER",
        "Saxony Economic Development corporation",
    ):
        assert agency not in initiatives
    assert {o.scope for o in Organisation.objects.filter(project=elca_demo, name__in=initiatives)} == {
        "european"
    }
