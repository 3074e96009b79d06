from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from consortium.models import ReviewStatus
from notifications import delivery
from tests.factories import AgreementFactory


@pytest.fixture(autouse=True)
def _worker_runs_at_once(settings):
    """The worker's tasks run inside the call that enqueues them (django-tasks' immediate backend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://kpi.example.org"
    settings.NOTIFICATIONS_DIGEST_HOUR = 7


@pytest.fixture
def with_addresses():
    """Give every account an e-mail address (the factories make none: no address, no e-mail)."""

    def give():
        for user in get_user_model().objects.filter(email=""):
            user.email = f"{user.username}@example.org"
            user.save(update_fields=["email"])

    return give


def at(*args) -> datetime:
    """A moment in the project's time zone."""
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """One run of `send_reminders` at `now`, with the work done after commit done too (the worker's
    hand-over waits for the commit, which the test's transaction never makes)."""

    def run_at(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return delivery.run(now)

    return run_at


@pytest.fixture
def everyone(personas, mav_staff, with_addresses):
    with_addresses()
    return personas | {"mav_staff": mav_staff}


def recipients(outbox=None) -> list[str]:
    return sorted(address for message in (outbox or mail.outbox) for address in message.to)


def returned(project, partner, by, name="Cooperation with Kapsch", when=None):
    record = AgreementFactory(project=project, name=name, responsible=[partner])
    record.review_status = ReviewStatus.RETURNED
    record.reviewed_by, record.review_comment = by, "The signature date is missing."
    record.reviewed_at = when or at(2026, 11, 30, 9, 0)
    record.save()
    return record
