"""On the ELCA demo, the CLI's JSON equals the API's and carries the record ids behind each number."""

import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from agreements.models import Agreement


def api(client, period=None):
    return client.get(reverse("api:project_kpis", args=["ELCA"]), {"period": period} if period else {})


def cli(*args):
    out = StringIO()
    call_command("kpis", *args, stdout=out)
    return out.getvalue()


def test_cli_json_equals_the_api_for_the_demo(db, elca_demo, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="viewer"))

    for period in (None, "3"):
        from_api = api(client, period=period).json()
        from_cli = json.loads(cli("ELCA", "--json", *(["--period", period] if period else [])))

        assert from_api == from_cli
    rows = {row["code"]: row for row in from_api}
    assert rows["WP3-2"]["period"] == 3
    # Both cluster agreements signed by period 3 in the old reading (SenSa, Composites United) are undated:
    # their cells date the start of the cooperation (agreements.signature).
    assert (rows["WP3-2"]["achieved"], rows["WP3-2"]["target"]) == (0, 12)


def test_demo_json_carries_the_record_ids_and_the_undated_ones(db, elca_demo, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="viewer"))

    rows = {row["code"]: row for row in api(client).json()}

    wp3_4 = rows["WP3-4"]
    names = dict(Agreement.objects.filter(pk__in=wp3_4["records"]).values_list("pk", "name"))
    assert sorted(names.values()) == sorted(
        ["EURECAT", "LEITAT", "LZS GmbH Dresden", "NanoSen Chemnitz", "Silbaerg GmbH", "Consorzio M USP"]
    )
    assert sorted(names[pk] for pk in wp3_4["undated"]) == [
        "Consorzio M USP",
        "EURECAT",
        "LEITAT",
        "LZS GmbH Dresden",
        "Silbaerg GmbH",
    ]
    assert wp3_4["per_partner"] == {"AMZ": 3, "MECH": 1, "BIC": 0, "POL": 0, "MAV": 2}
    assert wp3_4["per_partner_target"] == dict.fromkeys(["AMZ", "MECH", "BIC", "POL", "MAV"], 4)
    assert (wp3_4["set"], wp3_4["mode"], wp3_4["status"]) == ("WP3", "counted", "behind")
    assert rows["CALL-7"]["achieved"] is None
    assert rows["PRJ-6"]["achieved"] is None  # nothing reported for the last period
    assert rows["PRJ-6"]["last_reported"] == {"period": 1, "value": 1}
    # Counted from the dissemination log, with the audience by kind (seed 002's 256 of period 1).
    assert rows["PRJ-1"]["achieved"] == 256
    assert [s["achieved"] for s in rows["PRJ-1"]["subtypes"]] == [197, 34, 12, 13, 0]
    assert [s["achieved"] for s in rows["CALL-2"]["subtypes"]] == [4, 7, 6]
    assert set(rows["WP3-1"]) >= {"code", "title", "target", "achieved", "per_partner", "records"}
