"""Issue 12, daily work 10: an event's target countries are picked from the third countries only (not EU or
COSME countries), as a list of checkboxes with a text filter (static/js/record-form.js); without JavaScript
the checkboxes work alone. A country chosen before this stays."""

import re

from events.forms import third_country_choices
from events.models import Event
from tests.factories import EventFactory


def checkbox(code: str) -> str:
    return f'type="checkbox" name="countries" value="{code}"'


def test_the_form_offers_third_countries_only(client, mav_staff):
    client.force_login(mav_staff)

    html = client.get("/events/new/").content.decode()

    assert checkbox("CL") in html and checkbox("IN") in html and checkbox("US") in html
    assert checkbox("DE") not in html and checkbox("TR") not in html  # EU, COSME
    assert "data-country-filter hidden" in html  # the filter box shows with JavaScript only
    assert html.count('name="countries"') == len(third_country_choices())
    assert not re.search(r'<select[^>]*name="countries"', html)  # no 250-row Ctrl-click list any more


def test_chosen_countries_are_saved_and_named_above_the_list(client, mav_staff):
    client.force_login(mav_staff)

    client.post("/events/new/", {"category": "national_workshop", "name": "Two", "countries": ["CL", "IN"]})

    event = Event.objects.get()
    assert sorted(c.country.code for c in event.target_countries.all()) == ["CL", "IN"]
    html = client.get(f"/events/{event.pk}/edit/").content.decode()
    assert "Chosen: Chile, India</p>" in html
    assert re.search(r'value="CL" id="id_countries_\d+" checked>', html)
    assert re.search(r'value="US" id="id_countries_\d+">', html)  # not chosen: not ticked


def test_an_eu_country_cannot_be_chosen_now(client, mav_staff):
    client.force_login(mav_staff)

    response = client.post(
        "/events/new/", {"category": "national_workshop", "name": "EU", "countries": ["DE"]}
    )

    assert response.context["form"].errors["countries"] == [
        "Select a valid choice. DE is not one of the available choices."
    ]


def test_a_country_chosen_before_stays(client, mav_staff, project, mav):
    event = EventFactory(project=project, responsible=[mav])
    event.target_countries.create(country="DE")
    client.force_login(mav_staff)

    html = client.get(f"/events/{event.pk}/edit/").content.decode()
    response = client.post(
        f"/events/{event.pk}/edit/",
        {"category": event.category, "name": "Kept", "countries": ["DE", "CL"], "version": 1},
    )

    assert f"{checkbox('DE')}" in html and "Chosen: Germany</p>" in html
    assert response.status_code == 302
    assert sorted(c.country.code for c in event.target_countries.all()) == ["CL", "DE"]
