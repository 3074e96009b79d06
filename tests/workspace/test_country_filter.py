"""The country filter offers only the countries present in the records listed (about 15, not 250)."""

from django.urls import reverse

from agreements.filters import AgreementFilter
from agreements.models import Agreement
from events.models import EventCountry
from tests.factories import AgreementFactory, EventFactory, ProjectFactory

AGREEMENTS = reverse("agreements:agreement_list")
EVENTS = reverse("events:event_list")


def offered(response, name="country"):
    return list(response.context["filter"].form.fields[name].choices)


def test_offers_only_the_countries_of_the_agreements_the_user_sees(client, mav_staff, project, mav):
    for country in ("CL", "CA", "CL", ""):
        AgreementFactory(project=project, country=country, responsible=[mav])
    AgreementFactory(project=ProjectFactory(acronym="OTHER"), country="DE")  # not seen, not offered
    client.force_login(mav_staff)

    response = client.get(AGREEMENTS)

    assert offered(response) == [("", "All countries"), ("CA", "Canada"), ("CL", "Chile")]
    assert response.content.decode().count('<option value="C') == 2


def test_a_requested_country_no_record_names_stays_chosen_and_lists_nothing(client, mav_staff, project, mav):
    AgreementFactory(project=project, country="CL", responsible=[mav])
    client.force_login(mav_staff)

    response = client.get(AGREEMENTS, {"country": "DE"})

    assert response.context["filter"].form.is_valid()
    assert ("DE", "Germany") in offered(response)
    assert response.context["table"].paginator.count == 0
    assert '<option value="DE" selected>Germany</option>' in response.content.decode()


def test_an_unknown_code_is_not_offered(project, mav, rf, mav_staff):
    AgreementFactory(project=project, country="CL", responsible=[mav])
    request = rf.get(AGREEMENTS, {"country": "ZZ"})
    request.user = mav_staff

    form = AgreementFilter(request.GET, queryset=Agreement.objects.all(), request=request).form

    assert not form.is_valid()
    assert [code for code, _ in form.fields["country"].choices] == ["", "CL"]


def test_events_offer_the_countries_they_targeted(client, mav_staff, project, mav):
    event = EventFactory(project=project, responsible=[mav])
    EventCountry.objects.create(event=event, country="IN")
    EventCountry.objects.create(event=event, country="BR")
    client.force_login(mav_staff)

    response = client.get(EVENTS)

    assert offered(response) == [("", "All countries"), ("BR", "Brazil"), ("IN", "India")]
