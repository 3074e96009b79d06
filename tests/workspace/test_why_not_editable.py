"""Issue 12, daily work 10: a record you cannot edit says why, where its Edit button would be."""

from tests.factories import OrganisationFactory


def why(client, record) -> str:
    html = client.get(record.get_absolute_url()).content.decode()
    if 'id="why-not-editable"' not in html:
        return ""
    return html.split('id="why-not-editable">')[1].split("</p>")[0]


def test_a_viewer_reads_that_their_access_is_read_only(client, viewer, mav_agreement):
    client.force_login(viewer)

    assert why(client, mav_agreement) == (
        "You have read-only access to this project: you see its records but do not change them."
    )


def test_the_task_leader_reads_whose_record_it_is(client, task_leader, amz_agreement):
    client.force_login(task_leader)

    assert why(client, amz_agreement) == "Only AMZ and the coordinator change it; you work for MAV."


def test_staff_of_another_partner(client, amz_staff, mav_agreement):
    client.force_login(amz_staff)

    assert why(client, mav_agreement) == "Only MAV and the coordinator change it; you work for AMZ."


def test_the_editor_sees_the_buttons_and_no_sentence(client, mav_staff, coordinator, mav_agreement):
    for user in (mav_staff, coordinator):
        client.force_login(user)
        html = client.get(mav_agreement.get_absolute_url()).content.decode()
        assert why(client, mav_agreement) == "" and f'href="{mav_agreement.get_absolute_url()}edit/"' in html


def test_an_organisation_kept_by_another_partner(client, amz_staff, project, mav):
    organisation = OrganisationFactory(project=project, name="Cluster Chile", owner=mav)
    client.force_login(amz_staff)

    assert why(client, organisation) == "Only MAV and the coordinator change it; you work for AMZ."


def test_the_plan_is_the_coordinators(client, mav_staff, project):
    from tests.workspace.conftest import PlanItemFactory

    item = PlanItemFactory(project=project)
    client.force_login(mav_staff)

    assert why(client, item) == "Only the coordinator changes these."
