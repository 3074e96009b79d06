"""The API and the CLI print the same JSON (DESIGN.md §7), with the record ids behind each number."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse


def api(client, acronym="ELCA", period=None):
    url = reverse("api:project_kpis", args=[acronym])
    return client.get(url, {"period": period} if period else {})


def cli(*args):
    out = StringIO()
    call_command("kpis", *args, stdout=out)
    return out.getvalue()


def test_api_refuses_anonymous_outsiders_and_unknown_periods(client, indicators, outsider, viewer):
    assert api(client).status_code == 401
    client.force_login(outsider)
    assert api(client).status_code == 404
    client.force_login(viewer)
    response = api(client, period="7")
    assert response.status_code == 400
    assert response.json() == {
        "error": "period must be the number of a reporting period of ELCA (1-2), not '7'"
    }


def test_cli_prints_a_table_and_fails_loudly_on_bad_input(indicators):
    table = cli("ELCA", "--period", "1")

    assert table.splitlines()[0] == "ELCA, cumulative to the end of P1"
    assert "T-2" in table
    with pytest.raises(CommandError, match="There is no project 'NOPE'"):
        cli("NOPE")
    with pytest.raises(CommandError, match="period must be the number"):
        cli("ELCA", "--period", "9")


# 1 session, 2 user, 3 project, 4 periods, 5 partners, 6-8 indicator sets/indicators/targets, 9 reported
# values, 10 the figures and record ids of all 19 rules (one grouped query; was 54 queries before issue 13).
@pytest.mark.parametrize("rows", [1, 3])
def test_api_query_count_does_not_grow_with_records(
    client, project, amz, indicators, viewer, rows, django_assert_num_queries
):
    from tests.factories import AgreementFactory, EventFactory

    for _ in range(rows):
        AgreementFactory(project=project, status="signed", responsible=[amz])
        EventFactory(project=project, responsible=[amz])
    client.force_login(viewer)

    with django_assert_num_queries(10):
        response = api(client)

    assert next(r for r in response.json() if r["code"] == "T-2")["records"].__len__() == rows
