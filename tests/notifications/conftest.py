from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from notifications import delivery


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
