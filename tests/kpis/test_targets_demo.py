"""The ELCA demo's targets save unchanged through the targets form: its parts add up to its totals.

D3.2 gives "20 in total (4 per partner)", "10 in total (2 per partner)", "5 in total (1 per partner)" for
five partners, and the progress report 38 = 12 + 6 + 20 and 35 = 22 + 13 by sub-type: all add up, so the
sum check refuses nothing the demo holds.
"""

import pytest
from django.urls import reverse

from accounts.models import Membership
from kpis.models import Indicator, IndicatorTarget

pytestmark = pytest.mark.usefixtures("db")


def _targets():
    return (
        list(Indicator.objects.values_list("code", "target", "target_text").order_by("code")),
        sorted(
            IndicatorTarget.objects.values_list(
                "indicator__code", "partner_id", "subtype", "subtype_label", "value"
            ),
            key=str,
        ),
    )


def test_every_demo_indicators_targets_save_unchanged(client, elca_demo):
    coordinator = Membership.objects.filter(project=elca_demo, role=Membership.Role.COORDINATOR).first().user
    client.force_login(coordinator)
    before = _targets()
    codes = Indicator.objects.filter(indicator_set__project=elca_demo).values_list("code", flat=True)

    for code in codes:
        url = reverse("kpis:targets", args=[elca_demo.acronym, code])
        form = client.get(url).context["form"]
        data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
        data.pop("parts_do_not_add_up")
        response = client.post(url, data)
        assert response.status_code == 302, (code, response.context["form"].errors)

    assert _targets() == before
    assert len(before[1]) > 5  # per-partner and sub-type parts were there to keep


def test_the_demo_cooperation_indicator_offers_its_three_kinds_prefilled(client, elca_demo):
    coordinator = Membership.objects.filter(project=elca_demo, role=Membership.Role.COORDINATOR).first().user
    client.force_login(coordinator)

    form = client.get(reverse("kpis:targets", args=[elca_demo.acronym, "CALL-2"])).context["form"]

    assert [(f.name, f.value()) for f in form.subtype_fields] == [
        ("subtype_cluster_cluster", 12),
        ("subtype_cluster_intermediary", 6),
        ("subtype_sme_sme", 20),
    ]
    assert form.old_subtypes == []
