"""The record pages issue 12 changed, pinned to a query count that does not grow with the rows on them
(evidence files, history rows, organisations offered): the same literal for 1 and for 3 rows."""

import pytest

from tests.factories import OrganisationFactory
from tests.workspace.conftest import upload
from workspace.saving import record_return


@pytest.fixture(params=[1, 3], ids=["1 row", "3 rows"])
def returned_with_files(request, client, project, mav_staff, task_leader, mav_agreement):
    """MAV's agreement with 1 or 3 evidence files (and so as many history rows), returned by the task
    leader; the project has as many organisations."""
    for n in range(request.param):
        OrganisationFactory(project=project, name=f"Organisation {n}")
    client.force_login(mav_staff)
    for n in range(request.param):
        client.post(
            f"/agreements/{mav_agreement.pk}/evidence/",
            {"evidence": upload(f"file-{n}.png", upload("photo.png").read())},
        )
    record_return(record=mav_agreement, user=task_leader, comment="Add the signature page.")
    return mav_agreement


def test_detail_page_for_its_editor(client, mav_staff, returned_with_files, django_assert_num_queries):
    client.force_login(mav_staff)

    # session, user, the record (with its project), its responsible partners, "may edit?", "may review?",
    # its evidence files (with their uploaders), its history rows (with their users), the users the
    # history's changes name (the reviewer), the records linked to it (cooperation cases), the reviewer.
    with django_assert_num_queries(11):
        response = client.get(returned_with_files.get_absolute_url())

    assert response.status_code == 200 and len(response.context["evidence"]) in (1, 3)


def test_detail_page_for_a_viewer(client, viewer, returned_with_files, django_assert_num_queries):
    client.force_login(viewer)

    # as for its editor, and the viewer's membership, which says why they may not edit it.
    with django_assert_num_queries(12):
        response = client.get(returned_with_files.get_absolute_url())

    assert response.context["edit_refusal"].startswith("You have read-only access")


def test_new_agreement_form(client, mav_staff, returned_with_files, django_assert_num_queries):
    client.force_login(mav_staff)

    # session, user, the projects where the user may add, their membership, the organisations for each of
    # the three organisation pickers (the two parties the row names and the third-country party, issue 14),
    # the events and the missions it may link to.
    with django_assert_num_queries(9):
        response = client.get("/agreements/new/")

    assert response.status_code == 200


def test_edit_form_of_a_returned_agreement(client, mav_staff, returned_with_files, django_assert_num_queries):
    client.force_login(mav_staff)

    # session, user, the record, its responsible partners, "may edit?", the user's membership, the reviewer
    # (named above the form with their comment), the organisations for each of the three pickers (issue 14:
    # the third-country party), the events and the missions it may link to.
    with django_assert_num_queries(12):
        response = client.get(f"/agreements/{returned_with_files.pk}/edit/")

    assert response.context["returned"] is True


def test_new_event_form(client, mav_staff, returned_with_files, django_assert_num_queries):
    client.force_login(mav_staff)

    # session, user, the projects where the user may add, their membership, the project's event categories,
    # the missions, the organisations (the target countries come from a file, not the database).
    with django_assert_num_queries(7):
        response = client.get("/events/new/")

    assert response.status_code == 200


def test_detail_page_for_another_partners_staff(
    client, amz_staff, returned_with_files, django_assert_num_queries
):
    client.force_login(amz_staff)

    # as for a viewer: their membership (with their partner) says whose record it is and whose they are.
    with django_assert_num_queries(12):
        response = client.get(returned_with_files.get_absolute_url())

    assert response.context["edit_refusal"] == "Only MAV and the coordinator change it; you work for AMZ."
