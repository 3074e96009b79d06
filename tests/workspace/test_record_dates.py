"""Issue 12, S9: a record's dates lie within its project (a year before the start to two years after the
end), checked once on the model (PartnerRecord.clean) so the form and the import ask the same rule; and
no vague date, however odd, is a server error."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement
from consortium.models.records import record_dates_allowed
from consortium.vague_dates import parse_vague_date
from tests.factories import AgreementFactory, EventFactory
from tests.workspace.test_record_kinds import CASES, ENGAGEMENTS, EVENTS, MISSIONS, SECTORS, valid_data

DATED_KINDS = [EVENTS, MISSIONS, ENGAGEMENTS, SECTORS, CASES]
# The factories' project: 01.09.2020 for 24 months, so it ends 31.08.2022.
OUTSIDE = (
    "31.12.9999 is outside this project's dates: write a date from 01.09.2019 to 31.08.2024 (the project "
    "runs from 01.09.2020 to 31.08.2022; a record may be dated up to 12 months before and 24 months after)."
)


def test_the_allowed_dates_are_the_project_with_a_year_before_and_two_after(project):
    assert record_dates_allowed(project) == (date(2019, 9, 1), date(2024, 8, 31))


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("01.09.2019", True),
        ("31.08.2019", False),
        ("31.08.2024", True),
        ("01.09.2024", False),
        ("2019", False),  # the year starts before the first allowed day
        ("09.2019 - 08.2024", True),
        ("31.12.9999", False),
    ],
)
def test_the_model_refuses_a_date_outside_naming_the_field(project, mav, text, allowed):
    agreement = AgreementFactory(project=project, status="signed", responsible=[mav])
    agreement.signed_date = parse_vague_date(text)

    if allowed:
        agreement.clean()
    else:
        with pytest.raises(ValidationError) as error:
            agreement.clean()
        assert list(error.value.message_dict) == ["signed_date"]


def test_every_vague_date_of_a_record_is_checked(project, mav):
    agreement = AgreementFactory(project=project, responsible=[mav])
    agreement.expected_date = parse_vague_date("2030")

    with pytest.raises(ValidationError) as error:
        agreement.clean()

    assert error.value.message_dict["expected_date"][0].startswith("2030 is outside this project's dates")


def test_the_agreement_form_refuses_a_far_future_signature_date(client, mav_staff):
    client.force_login(mav_staff)

    response = client.post(
        "/agreements/new/",
        {"kind": "sme_sme", "status": "signed", "name": "Typo", "signed_date": "31.12.9999"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["signed_date"] == [OUTSIDE]
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize("kind", DATED_KINDS, ids=lambda k: k.slug)
def test_every_dated_form_refuses_a_date_outside_the_project(client, project, mav_staff, kind):
    client.force_login(mav_staff)

    response = client.post(kind.url("create"), {**valid_data(kind, project), "date": "31.12.9999"})

    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [OUTSIDE]
    assert kind.model.objects.count() == 0


@pytest.mark.parametrize("kind", DATED_KINDS, ids=lambda k: k.slug)
@pytest.mark.parametrize("text", ["0000", "00.00.0000", "1.1.0000 - 2.2.2022"])
def test_year_0000_is_a_form_error_not_a_server_error(client, project, mav_staff, kind, text):
    client.force_login(mav_staff)

    response = client.post(kind.url("create"), {**valid_data(kind, project), "date": text})

    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [f"'{text}' is not a date: there is no year 0000"]
    assert kind.model.objects.count() == 0


def test_year_0000_on_an_edit_form_changes_nothing(client, project, mav, mav_staff):
    event = EventFactory(project=project, responsible=[mav])
    client.force_login(mav_staff)

    response = client.post(
        f"/events/{event.pk}/edit/",
        {"category": event.category, "name": event.name, "date": "0000", "version": 1},
    )

    assert response.status_code == 200 and "date" in response.context["form"].errors
    event.refresh_from_db()
    assert (event.version, event.date) == (1, None)
