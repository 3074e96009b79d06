"""Personas whose names say their access (STYLE.md habit 5), on a small two-partner project."""

from datetime import date

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twostep import policy
from consortium.models import Membership, Project
from tests.factories import MembershipFactory, PartnerFactory, PeriodFactory, ProjectFactory, UserFactory


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_step(monkeypatch):
    """`client.force_login(user)` stands for a complete login: password and, where the user needs it, code.

    A user who needs the second step (coordinator, task leader, superuser) gets a confirmed authenticator
    and a session marked as confirmed by it, as the code page leaves it. tests/accounts/test_mfa.py goes
    through the real pages instead; the browser tests type the code (tests/browser/conftest.py).
    """
    password_only = Client.force_login

    def force_login(self, user, backend=None):
        password_only(self, user, backend)
        session = self.session
        if session.get(policy.NEEDED):
            device = policy.authenticator(user) or TOTPDevice.objects.create(
                user=user, name="Test authenticator", confirmed=True
            )
            session[policy.VERIFIED] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def project(db):
    return ProjectFactory(acronym="ELCA")


@pytest.fixture
def periods(project):
    """Two six-month periods from the project's start (Sep 2020-Feb 2021, Mar-Aug 2021); the last is P2.
    Tests that need other periods (the kpis tests, late dates) define their own."""
    return [
        PeriodFactory(project=project, number=1, start_date=date(2020, 9, 1), end_date=date(2021, 2, 28)),
        PeriodFactory(project=project, number=2, start_date=date(2021, 3, 1), end_date=date(2021, 8, 31)),
    ]


@pytest.fixture
def amz(project):
    return PartnerFactory(project=project, number=1, short_name="AMZ", is_coordinator=True)


@pytest.fixture
def mav(project):
    return PartnerFactory(project=project, number=5, short_name="MAV", country="ES")


def _member(username, project, partner, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, project=project, partner=partner, role=role)
    return user


@pytest.fixture
def coordinator(project, amz):
    return _member("coordinator", project, amz, Membership.Role.COORDINATOR)


@pytest.fixture
def task_leader(project, mav):
    return _member("taskleader", project, mav, Membership.Role.TASK_LEADER)


@pytest.fixture
def amz_staff(project, amz):
    return _member("amz", project, amz, Membership.Role.STAFF)


@pytest.fixture
def mav_staff(project, mav):
    return _member("mav", project, mav, Membership.Role.STAFF)


@pytest.fixture
def viewer(project):
    return _member("viewer", project, None, Membership.Role.VIEWER)


@pytest.fixture
def outsider(db):
    """Staff of a partner in another project: sees nothing of ELCA."""
    other = ProjectFactory(acronym="OTHER")
    return _member("outsider", other, PartnerFactory(project=other, short_name="OUT"), Membership.Role.STAFF)


# Who gets what on a coordinator's page (set-up, people, rules, indicators): members of ELCA with another
# role are refused (403); people of another project, even its coordinator, do not see ELCA at all (404).
REFUSED = {"task_leader": 403, "amz_staff": 403, "viewer": 403, "outsider": 404, "other_coordinator": 404}


@pytest.fixture
def other_coordinator(db):
    """The coordinator of another project (SECOND)."""
    other = ProjectFactory(acronym="SECOND")
    return _member(
        "othercoord", other, PartnerFactory(project=other, short_name="SEC"), Membership.Role.COORDINATOR
    )


@pytest.fixture
def personas(coordinator, task_leader, amz_staff, viewer, outsider, other_coordinator):
    return {
        "coordinator": coordinator,
        "task_leader": task_leader,
        "amz_staff": amz_staff,
        "viewer": viewer,
        "outsider": outsider,
        "other_coordinator": other_coordinator,
    }


@pytest.fixture(scope="module")
def elca_demo(django_db_setup, django_db_blocker):
    """The ELCA demo as `load_demo` loads it, committed once per module and removed after it.

    Tests that use it also take `db`, so whatever they change is rolled back around each test.
    """
    from django.core.management import call_command

    from demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()
        yield Project.objects.get(acronym="ELCA")
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _drop_stray_postgresql_sessions(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end the sessions that helper processes left on it.

    Some tests start servers, workers and killed imports as child processes or threads; on PostgreSQL one
    of their sessions can still be closing when pytest-django drops the database ("is being accessed by
    other users"). Ending them here keeps that from failing a green run.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
