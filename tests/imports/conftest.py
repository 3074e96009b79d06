import pytest

# The set-up pages' personas, for the set-up workbook's pages (test_setup_book_pages.py).
from tests.setup.conftest import other_coordinator, personas  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _imports_run_in_the_request(settings):
    """The confirmed import runs in the worker (imports.tasks); here it runs in the request, so each
    test sees its outcome at once. test_import_background.py keeps the database backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
