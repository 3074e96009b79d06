"""A record form's help texts speak of the project it is in and its partners, not of the demo consortium
(issue 15 item 8): the models' own help texts are generic, the form names the project at runtime."""

from consortium.access import acting_membership
from consortium.models import Membership
from events.views import EVENTS
from tests.factories import MembershipFactory, PartnerFactory, ProjectFactory, UserFactory


def event_form(user, project):
    return EVENTS.form_class(
        instance=EVENTS.model(project=project), project=project, membership=acting_membership(user, project)
    )


def test_the_coordinators_form_names_the_project_and_their_partner(db):
    nova = ProjectFactory(acronym="NOVA")
    zed = PartnerFactory(project=nova, number=1, short_name="ZED", is_coordinator=True)
    coordinator = UserFactory(username="nova_coordinator")
    MembershipFactory(user=coordinator, project=nova, partner=zed, role=Membership.Role.COORDINATOR)

    form = event_form(coordinator, nova)

    assert (
        form.fields["consortium_led"].help_text
        == 'Done by the consortium as a whole (the tables write "NOVA").'
    )
    assert form.fields["responsible_text"].help_text == (
        'The Responsible cell as written, when it names more than the partners, e.g. "ZED, …".'
    )


def test_a_partners_staff_form_names_their_own_partner(project, mav_staff):
    form = event_form(mav_staff, project)

    assert "consortium_led" not in form.fields  # only the coordinator chooses the consortium as a whole
    assert form.fields["responsible_text"].help_text.endswith('e.g. "MAV, …".')


def test_the_page_shows_the_help_text_of_its_project(client, project, coordinator):
    client.force_login(coordinator)

    response = client.get("/events/new/")

    assert response.context["form"].fields["consortium_led"].help_text.endswith('(the tables write "ELCA").')
    assert (
        '<div id="id_consortium_led_helptext" class="form-text">'
        'Done by the consortium as a whole (the tables write "ELCA").</div>' in response.content.decode()
    )


def test_names_in_help_texts_are_escaped(client, project, coordinator):
    """Forms render help texts as HTML: a name the coordinator typed must not become markup."""
    project.acronym = "<b>X</b>"
    project.save()
    client.force_login(coordinator)

    html = client.get("/events/new/").content.decode()

    assert '(the tables write "&lt;b&gt;X&lt;/b&gt;")' in html
    assert "<b>X</b>" not in html
