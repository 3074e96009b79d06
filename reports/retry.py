"""Retrying a database write when SQLite (or MySQL) says the database is locked.

SQLite lets one writer in at a time; a writer waits up to the connection's `timeout` (20 s, settings) and
then fails with OperationalError("database is locked"). A long import can hold the lock longer than that,
so the export worker and its tasks wait and try again instead of failing or dying.
"""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError
from django_tasks_db.utils import is_locked_database_exception

log = logging.getLogger(__name__)
T = TypeVar("T")

# 0.5, 1, 2, 4, 8, 8, ... seconds between attempts; each attempt itself waits up to the SQLite timeout.
FIRST_DELAY, MAX_DELAY = 0.5, 8.0


def is_locked(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and bool(exc.args) and is_locked_database_exception(exc)


def backoff(attempt: int) -> float:
    """Seconds to wait before attempt `attempt + 1` (attempt counts from 1)."""
    return min(FIRST_DELAY * 2 ** (attempt - 1), MAX_DELAY)


def retry_locked(fn: Callable[[], T], *, attempts: int = 8, what: str = "write") -> T:
    """Call `fn`; while it fails because the database is locked, wait (backoff) and call it again.

    Any other error, or a lock that outlasts `attempts` tries (minutes with the SQLite timeout), is raised.
    Call it outside a transaction (as the worker runs tasks), or with the transaction inside `fn`: a failed
    statement inside an outer atomic block cannot be retried in it.
    """
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except OperationalError as exc:
            if not is_locked(exc) or attempt == attempts:
                raise
            delay = backoff(attempt)
            log.warning(
                "database is locked during %s; trying again in %.1f s (attempt %d)", what, delay, attempt
            )
            time.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
