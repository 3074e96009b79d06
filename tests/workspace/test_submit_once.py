"""Issue 12, daily work 5: pressing Save twice saves once. Every record form carries a one-time token; the
same form posted again is sent to what it saved (create: no second record; edit: the saved record, not a
conflict with oneself)."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from agreements.models import Agreement
from workspace.models import FormSubmission
from workspace.submissions import forget_old

NEW = "/agreements/new/"


def token_of(response) -> str:
    return str(response.context["token"])


def data(token, **extra):
    return {"kind": "sme_sme", "status": "identified", "name": "Once only", "form_token": token, **extra}


def test_every_form_carries_a_fresh_token(client, mav_staff):
    client.force_login(mav_staff)

    first, second = client.get(NEW), client.get(NEW)

    assert token_of(first) != token_of(second)
    assert f'name="form_token" value="{token_of(first)}"' in first.content.decode()


def test_two_posts_of_one_new_form_make_one_record(client, mav_staff):
    client.force_login(mav_staff)
    token = token_of(client.get(NEW))

    first = client.post(NEW, data(token))
    second = client.post(NEW, data(token), follow=True)

    record = Agreement.objects.get()
    assert first["Location"] == record.get_absolute_url()
    assert second.redirect_chain == [(record.get_absolute_url(), 302)]
    assert [str(m) for m in second.context["messages"]][-1] == (
        "This form was already saved (Save was pressed twice): here is “Once only” as it was saved."
    )


def test_two_forms_make_two_records(client, mav_staff):
    client.force_login(mav_staff)

    client.post(NEW, data(token_of(client.get(NEW))))
    client.post(NEW, data(token_of(client.get(NEW)), name="Another"))

    assert sorted(Agreement.objects.values_list("name", flat=True)) == ["Another", "Once only"]


def test_a_form_without_a_token_still_saves(client, mav_staff):
    """Scripts and old pages post without one: they get no protection, but no refusal either."""
    client.force_login(mav_staff)

    client.post(NEW, data("not-a-token"))
    client.post(NEW, data(""))

    assert Agreement.objects.count() == 2


def test_someone_elses_token_is_not_theirs_to_reuse(client, mav_staff, task_leader):
    client.force_login(mav_staff)
    token = token_of(client.get(NEW))
    client.post(NEW, data(token))
    other = type(client)()
    other.force_login(task_leader)

    response = other.post(NEW, data(token, name="Theirs"))

    assert response.status_code == 302
    assert sorted(Agreement.objects.values_list("name", flat=True)) == ["Once only", "Theirs"]


def test_a_double_submit_of_an_edit_shows_the_saved_record_not_a_conflict(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)
    url = f"/agreements/{mav_agreement.pk}/edit/"
    token = token_of(client.get(url))
    posted = {"kind": "sme_sme", "status": "identified", "name": "Fixed", "version": 1, "form_token": token}

    assert client.post(url, posted).status_code == 302
    second = client.post(url, posted, follow=True)

    assert second.redirect_chain == [(mav_agreement.get_absolute_url(), 302)]
    assert "already saved" in [str(m) for m in second.context["messages"]][-1]
    mav_agreement.refresh_from_db()
    assert (mav_agreement.name, mav_agreement.version) == ("Fixed", 2)


def test_an_edit_after_someone_elses_save_is_still_a_conflict(client, mav_staff, task_leader, mav_agreement):
    url = f"/agreements/{mav_agreement.pk}/edit/"
    client.force_login(mav_staff)
    other = type(client)()
    other.force_login(task_leader)
    mine, theirs = token_of(client.get(url)), token_of(other.get(url))
    other.post(
        url, {"kind": "sme_sme", "status": "identified", "name": "Theirs", "version": 1, "form_token": theirs}
    )

    response = client.post(
        url, {"kind": "sme_sme", "status": "identified", "name": "Mine", "version": 1, "form_token": mine}
    )

    assert response.status_code == 200 and 'id="conflict"' in response.content.decode()


def test_tokens_are_forgotten_after_a_day(client, mav_staff):
    client.force_login(mav_staff)
    client.post(NEW, data(str(uuid.uuid4())))
    FormSubmission.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))

    forget_old()

    assert FormSubmission.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_posts_arriving_together_make_one_record(project, mav, mav_staff):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip(
            "SQLite's in-memory test database is one connection; run with a file or PostgreSQL database"
        )
    from django.test import Client

    token, barrier, answers = str(uuid.uuid4()), threading.Barrier(2), []

    def post():
        from django.db import connection as thread_connection

        client = Client()
        client.force_login(mav_staff)
        try:
            barrier.wait()
            answers.append(client.post(NEW, data(token)).status_code)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (answers, Agreement.objects.count()) == ([302, 302], 1)


def test_a_double_submit_of_an_organisation_edit_saves_once(client, mav_staff, project, mav):
    """Organisations have no version to catch the second post: the token alone does."""
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(project=project, name="Cluster Chile", country="CL", owner=mav)
    client.force_login(mav_staff)
    url = f"/organisations/{organisation.pk}/edit/"
    token = token_of(client.get(url))
    posted = {"name": "Cluster Chile AG", "type": "cluster", "country": "CL", "form_token": token}

    assert client.post(url, posted).status_code == 302
    second = client.post(url, posted, follow=True)

    assert second.redirect_chain == [(organisation.get_absolute_url(), 302)]
    assert organisation.history.count() == 2  # created, and changed once
