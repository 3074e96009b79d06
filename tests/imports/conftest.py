import pytest


@pytest.fixture(autouse=True)
def _imports_run_in_the_request(settings):
    """The confirmed import runs in the worker (imports.tasks); here it runs in the request, so each
    test sees its outcome at once. test_import_background.py keeps the database backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
