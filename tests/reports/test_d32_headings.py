"""D3.2 as the deliverable words it (issue 14): each table's caption and its own first header cell with the
deliverable's numbering ("1. Clusters and Business Networks ... 12 in total"), its column headings, and a
Status column that says "Not signed" where D3.2 says NOT SIGNED, not "dropped"."""

import pytest

from reports.d32 import build_d32
from tests.factories import AgreementFactory
from tests.reports.test_builders import table

# Copied from D3.2 (ELCA, GA 951158): caption, then the table's first header cell (without its target).
SEED = {
    "t2": (
        "Table 2. Clusters and Business Networks from participating countries",
        "1. Clusters and Business Networks from participating countries",
    ),
    "t3": (
        "Table 3. Clusters Cooperation Agreements",
        "2. Clusters Cooperation Agreements (from our countries)",
    ),
    "t4": (
        "Table 4. Clusters/Consortiums & Intermediary Organizations Cooperation Agreements",
        "3. Other Clusters or Consortiums & Intermediary Organizations Cooperation Agreements",
    ),
    "t5": ("Table 5. SMEs Cooperation Agreements", "4. SMEs Cooperation Agreements"),
    "t6": ("Table 6. SMEs Business Agreements", "5. SMEs Business Agreements"),
    "t7": ("Table 7. National workshops with SMEs", "6. National workshops with SMEs"),
    "t8": ("Table 8. International meetings", "7. International meetings"),
    "t9": ("Table 9. Other International events", "8. Other International events"),
    "t10": (
        "Table 10. Cluster & business matchmaking meetings supported",
        "9. Cluster & business matchmaking meetings supported",
    ),
    "t11": ("Table 11. Other sectors involved beyond mobility", "10. Other sectors involved beyond mobility"),
}
# The deliverable's other column headings, then (after them) the columns the report adds.
SEED_COLUMNS = {
    "t0": ["#", "Title", "Description", "Total"],
    "t2": ["Responsible", "Description", "Dates & Location", "Expectations & Results"],
    "t3": ["Responsible", "Description", "Expected date of signature"],
    "t4": ["Responsible", "Description", "Expected date of signature"],
    "t5": ["Responsible", "Description", "Date of agreement"],
    "t6": ["Responsible", "Description", "Dates & Location", "Expectations & Results"],
    "t7": ["Responsible", "Description", "Dates & Location", "Expectations & Results"],
    "t12": ["Deadline", "Activity", "Status"],
}


@pytest.fixture
def d32(project, periods, wp3):
    return build_d32(project, periods[-1])


def printed_labels(t) -> list[str]:
    return [c["label"] for c in t["columns"] if c["only"] != "xlsx"]


@pytest.mark.parametrize("key", SEED)
def test_each_table_has_the_deliverable_caption_and_numbered_heading(d32, key):
    caption, heading = SEED[key]
    t = table(d32, key)
    assert (t["title"], printed_labels(t)[0]) == (caption, heading)


def test_the_first_header_cell_carries_the_target_as_d32_writes_it(d32):
    assert table(d32, "t3")["total_text"] == "12 in total"  # wp3: WP3-2, target 12


@pytest.mark.parametrize("key", SEED_COLUMNS)
def test_the_columns_keep_the_deliverable_headings_in_its_order(d32, key):
    labels = printed_labels(table(d32, key))
    seed = SEED_COLUMNS[key]
    start = 0 if key in ("t0", "t12") else 1  # Tables 2-11: the numbered heading comes first
    assert labels[start : start + len(seed)] == seed


def test_the_sections_carry_the_deliverable_chapter_headings(d32):
    chapters = [t["subsection"] for t in d32["tables"] if t.get("subsection")]
    assert chapters == [
        "4.1 Cluster Organisations and Business Networks",
        "4.2 Cooperation Agreements",
        "4.3 Business Agreements",
        "4.4 Events",
        "4.5 Matchmaking Meetings",
        "4.6 Beyond Mobility Sectors",
    ]


def test_not_signed_is_not_dropped(project, periods, wp3):
    for name, status in [
        ("Roadmap under conversation", "not_signed"),
        ("Given up", "dropped"),
        ("Template being prepared", "negotiating"),
    ]:
        AgreementFactory(project=project, name=name, status=status, date_text=f"{name}. NOT SIGNED")
    t3 = table(build_d32(project, periods[-1]), "t3")
    status = [c["key"] for c in t3["columns"]].index("status")
    assert {row["name"]: row["cells"][status] for row in t3["rows"]} == {
        "Roadmap under conversation": "Not signed",
        "Given up": "Dropped",
        "Template being prepared": "In preparation",
    }
