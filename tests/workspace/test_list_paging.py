"""Issue 12, S9: no query string breaks a list. `?per_page=` and `?page=` that are not a sensible whole
number fall back to the defaults (25 rows, page 1) on every list of every record kind."""

import pytest

from tests.factories import AgreementFactory
from tests.security.urlwalk import all_patterns
from workspace.paging import MAX_PER_PAGE, whole_number

LISTS = sorted({p.kind.url("list") for p in all_patterns() if p.kind is not None and p.action == "list"})


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("per_page", ["-1", "0", "abc", "1e3", "99999999999999999999", ""])
def test_a_bad_page_size_shows_the_default_page_not_an_error(client, viewer, url, per_page):
    client.force_login(viewer)

    response = client.get(url, {"per_page": per_page, "page": "-3"})

    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == 25
    assert response.context["table"].page.number == 1


def test_a_sensible_page_size_is_kept_up_to_the_maximum(client, viewer, project, mav):
    for n in range(3):
        AgreementFactory(project=project, name=f"Agreement {n}", responsible=[mav])
    client.force_login(viewer)

    two = client.get("/agreements/", {"per_page": "2", "page": "2"})
    assert (two.context["table"].paginator.per_page, two.context["table"].page.number) == (2, 2)
    assert len(two.context["table"].page.object_list) == 1
    past_the_end = client.get("/agreements/", {"per_page": "2", "page": "7"})
    assert past_the_end.context["table"].page.number == 2  # the last page, as django-tables2 does
    biggest = client.get("/agreements/", {"per_page": str(MAX_PER_PAGE)})
    assert biggest.context["table"].paginator.per_page == MAX_PER_PAGE


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7", 7), (" 12 ", 12), ("0", 25), ("-1", 25), ("501", 25), ("x", 25), (None, 25), ("2.5", 25)],
)
def test_whole_number_keeps_only_values_in_range(text, expected):
    assert whole_number(text, 25, low=1, high=MAX_PER_PAGE) == expected
