"""Issue 12, daily work 3: a form's errors are listed at the top, each a link to its field, in a box that
takes the focus when the page opens (role="alert", tabindex="-1", static/js/record-form.js); errors that
belong to no field are shown there, once."""

import re

import pytest
from django.urls import reverse

from tests.workspace.test_record_kinds import ALL, PLAN, valid_data


def summary(html: str) -> str:
    return html.split('id="error-summary"')[1].split("</div>")[0]


def test_every_error_is_listed_and_links_to_its_field(client, coordinator, organisation):
    client.force_login(coordinator)

    response = client.post(
        "/agreements/new/",
        {"kind": "", "status": "signed", "name": "", "signed_date": "next spring", "organisation": "999999"},
    )

    html = response.content.decode()
    assert (
        '<div class="alert alert-danger error-summary" role="alert" tabindex="-1" id="error-summary"' in html
    )
    links = re.findall(r'<a class="alert-link" href="(#[\w-]+)">([^:<]+):', summary(html))
    assert links == [
        ("#id_kind", "Kind"),
        ("#id_name", "Name"),
        ("#id_organisation", "Organisation"),
        ("#id_signed_date", "Signature date"),
        ("#id_responsible_0", "Responsible"),
    ]
    for anchor, _ in links:
        assert f'id="{anchor[1:]}"' in html  # every link lands on an element of the page
    assert "Not saved: there are 5 problems to fix" in html
    assert '<script src="/static/js/record-form.js" defer></script>' in html


def test_an_error_of_no_field_is_listed_once(client, mav_staff, task_leader, mav_agreement):
    url = f"/agreements/{mav_agreement.pk}/edit/"
    other = type(client)()
    other.force_login(task_leader)
    other.post(url, {"kind": "sme_sme", "status": "identified", "name": "Theirs", "version": 1})
    client.force_login(mav_staff)

    response = client.post(url, {"kind": "sme_sme", "status": "identified", "name": "Mine", "version": 1})

    html = response.content.decode()
    assert "taskleader changed this record at" in summary(html)
    assert html.count("changed this record at") == 2  # the conflict box and the summary
    assert "alert-block" not in html  # crispy's own box of form errors is not drawn


def test_a_missing_version_is_named_too(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)

    response = client.post(
        f"/agreements/{mav_agreement.pk}/edit/", {"kind": "sme_sme", "status": "identified", "name": "x"}
    )

    assert "<li>Version: This field is required.</li>" in summary(response.content.decode())


@pytest.mark.parametrize("kind", ALL, ids=lambda k: k.slug)
def test_every_record_form_has_the_summary(client, project, coordinator, kind):
    client.force_login(coordinator)
    data = {**valid_data(kind, project), "name": ""}
    if kind is PLAN:
        data["month"] = "sixth"

    html = client.post(kind.url("create"), data).content.decode()

    assert 'id="error-summary"' in html and 'href="#id_' in summary(html)


def test_the_organisation_form_has_the_summary(client, mav_staff, organisation):
    client.force_login(mav_staff)

    html = client.post(
        reverse("organisations:organisation_create"),
        {"name": "Cluster Chile", "type": "cluster", "country": "CL"},
    ).content.decode()

    assert (
        '<a class="alert-link" href="#id_name">Name: “Cluster Chile (CL)” is already in the directory' in html
    )


def test_a_form_without_errors_has_no_summary(client, mav_staff):
    client.force_login(mav_staff)

    assert 'id="error-summary"' not in client.get("/agreements/new/").content.decode()
