"""Issue 12, daily work 1: a record dated after the project's last reporting period would save silently and
never count. The form warns first, naming the last period's end and what will not count, and saves only
when the user ticks "Save anyway"."""

from datetime import date

import pytest

from agreements.models import Agreement
from events.models import Event
from tests.factories import AgreementFactory, PeriodFactory

NEW = "/agreements/new/"
WARNING = (
    "Signature date Nov 2022 ends after the project's last reporting period (P2, which ends 31.08.2022): "
    "the record will not count in any reporting period, on the dashboard or in the reports, until a period "
    "covering it is added. Check the date, or save it anyway."
)


@pytest.fixture
def periods(project):
    return [
        PeriodFactory(project=project, number=1, start_date=date(2020, 9, 1), end_date=date(2021, 8, 31)),
        PeriodFactory(project=project, number=2, start_date=date(2021, 9, 1), end_date=date(2022, 8, 31)),
    ]


def signed(when, **extra):
    return {"kind": "sme_sme", "status": "signed", "name": "Signed late", "signed_date": when, **extra}


def test_the_first_save_warns_and_saves_nothing(client, mav_staff, periods):
    client.force_login(mav_staff)

    response = client.post(NEW, signed("Nov 2022"))

    assert response.status_code == 200 and response.context["warning"] == WARNING
    html = response.content.decode()
    assert 'id="late-warning"' in html and 'name="save_anyway"' in html
    assert 'id="error-summary"' not in html  # a warning, not an error
    assert Agreement.objects.count() == 0


def test_saving_anyway_saves_it(client, mav_staff, periods):
    client.force_login(mav_staff)
    token = str(client.post(NEW, signed("Nov 2022")).context["token"])

    response = client.post(NEW, signed("Nov 2022", save_anyway="1", form_token=token))

    agreement = Agreement.objects.get()
    assert response["Location"] == agreement.get_absolute_url()
    assert agreement.signed_end == date(2022, 11, 30)


@pytest.mark.parametrize("when", ["31.08.2022", "2021", ""])
def test_a_date_within_the_periods_or_none_saves_at_once(client, mav_staff, periods, when):
    client.force_login(mav_staff)

    assert client.post(NEW, signed(when)).status_code == 302


def test_without_periods_there_is_nothing_to_warn_about(client, mav_staff):
    client.force_login(mav_staff)

    assert client.post(NEW, signed("Nov 2022")).status_code == 302


def test_an_expected_date_does_not_place_an_agreement(client, mav_staff, periods):
    client.force_login(mav_staff)

    response = client.post(
        NEW, {"kind": "sme_sme", "status": "to_be_signed", "name": "x", "expected_date": "2023"}
    )

    assert response.status_code == 302


def test_an_event_after_the_last_period_warns_too(client, mav_staff, periods):
    client.force_login(mav_staff)

    response = client.post(
        "/events/new/", {"category": "national_workshop", "name": "Late", "date": "Oct 2022"}
    )

    assert response.context["warning"].startswith(
        "Date Oct 2022 ends after the project's last reporting period"
    )
    assert Event.objects.count() == 0


def test_editing_without_changing_a_confirmed_date_does_not_ask_again(
    client, mav_staff, mav, project, periods
):
    from consortium.vague_dates import parse_vague_date

    agreement = AgreementFactory(project=project, status="signed", responsible=[mav])
    agreement.signed_date = parse_vague_date("Nov 2022")
    agreement.save()
    client.force_login(mav_staff)
    url = f"/agreements/{agreement.pk}/edit/"

    kept = client.post(url, signed("Nov 2022", name="Renamed", version=agreement.version))
    moved = client.post(url, signed("Dec 2022", name="Renamed", version=agreement.version + 1))

    assert kept.status_code == 302
    assert moved.status_code == 200 and moved.context["warning"].startswith(
        "Signature date Dec 2022 ends after"
    )


def test_a_date_outside_the_project_is_an_error_not_a_warning(client, mav_staff, periods):
    client.force_login(mav_staff)

    response = client.post(NEW, signed("31.12.9999"))

    assert response.context["warning"] == "" and 'id="late-warning"' not in response.content.decode()
    assert response.context["form"].errors["signed_date"][0].startswith("31.12.9999 is outside")


def test_a_returned_record_is_saved_anyway_and_resubmitted_in_one_step(
    client, mav_staff, task_leader, mav_agreement, periods
):
    from workspace.saving import record_return

    record_return(record=mav_agreement, user=task_leader, comment="Add the signature date.")
    client.force_login(mav_staff)
    url = f"/agreements/{mav_agreement.pk}/edit/"
    data = signed("Nov 2022", name=mav_agreement.name, version=2)

    warned = client.post(url, data)
    saved = client.post(url, {**data, "save_anyway": "resubmit"})

    assert 'value="resubmit">Save anyway and resubmit for review' in warned.content.decode()
    assert saved.status_code == 302
    mav_agreement.refresh_from_db()
    assert (mav_agreement.review_status, mav_agreement.signed_end) == ("submitted", date(2022, 11, 30))
