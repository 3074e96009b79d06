"""The People pages' tests: the personas of tests/conftest.py, a coordinator of another project, security
events as JSON lines, and invitations made through the service (so each test knows its link)."""

import json
import logging

import pytest

from accounts.people import services
from accounts.security_events import JsonLineFormatter
from consortium.models import Membership
from tests.factories import MembershipFactory, PartnerFactory, ProjectFactory, UserFactory

PASSWORD = "secret-password-1"
NEW_PASSWORD = "Quiet-harbour-7421"


@pytest.fixture
def other_coordinator(db):
    """The coordinator of another project: ELCA's people are none of their business."""
    other = ProjectFactory(acronym="SECOND")
    user = UserFactory(username="othercoord")
    MembershipFactory(
        user=user,
        project=other,
        partner=PartnerFactory(project=other, short_name="SEC"),
        role=Membership.Role.COORDINATOR,
    )
    return user


@pytest.fixture
def personas(coordinator, task_leader, amz_staff, mav_staff, viewer, outsider, other_coordinator, admin_user):
    return {
        "coordinator": coordinator,
        "task_leader": task_leader,
        "amz_staff": amz_staff,
        "mav_staff": mav_staff,
        "viewer": viewer,
        "outsider": outsider,
        "other_coordinator": other_coordinator,
        "admin": admin_user,
    }


# Who gets what on every People page: members of ELCA with another role are refused (403); people of
# another project, even its coordinator, do not see ELCA at all (404).
REFUSED = {
    "task_leader": 403,
    "amz_staff": 403,
    "mav_staff": 403,
    "viewer": 403,
    "outsider": 404,
    "other_coordinator": 404,
}


@pytest.fixture
def invite(project, coordinator):
    """Make an invitation as ELCA's coordinator; returns (invitation, token)."""

    def _invite(email="new.person@example.org", role=Membership.Role.STAFF, partner=None, **kw):
        if partner is None and role != "viewer":
            partner = project.partners.order_by("number").first()
        return services.invitation_create(
            project=kw.get("project", project), email=email, role=role, partner=partner, by=coordinator
        )

    return _invite


@pytest.fixture
def events(caplog):
    """The security events logged during the test, as the JSON lines the console gets."""
    logger = logging.getLogger("elca.security")
    if caplog.handler not in logger.handlers:  # the logger does not propagate to the root
        logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="elca.security")
    formatter = JsonLineFormatter()

    def lines(event=None):
        found = [json.loads(formatter.format(r)) for r in caplog.records if r.name == "elca.security"]
        return [line for line in found if event is None or line["event"] == event]

    yield lines
    logger.removeHandler(caplog.handler)
