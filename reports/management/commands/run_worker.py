"""`manage.py run_worker [options]`: django-tasks-db's `db_worker` that survives a locked database.

django-tasks-db 0.13 already ignores "database is locked" while it looks for a task, but not when SQLite
refuses its `BEGIN EXCLUSIVE` (the lock outlasted the 20 s timeout, e.g. during a big import) nor when it
cannot record a task's outcome after its own three quick retries: the OperationalError leaves the worker
loop and the worker process exits, and no export runs until someone restarts it. The library has no
option for this, so this command runs the same loop in a worker that waits with a backoff and goes on.
Every other error still stops it, as before. Same options as `db_worker` (`--interval`, `--batch`, ...).
"""

import logging
import os
import time

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from reports.retry import backoff, is_locked

logger = logging.getLogger("django_tasks_db")


class LockTolerantWorker(db_worker.Worker):
    """db_worker's Worker; a locked database makes it wait and carry on instead of exiting."""

    def run(self) -> None:
        attempt = 0
        while self.running:
            try:
                return super().run()
            except Exception as exc:
                if not is_locked(exc):
                    raise
                attempt += 1
                delay = backoff(attempt)
                logger.warning("Database is locked; worker_id=%s goes on in %.1f s", self.worker_id, delay)
                self.startup_delay = False
                time.sleep(delay)
        return None

    def run_task(self, db_task_result) -> None:
        try:
            super().run_task(db_task_result)
        except Exception as exc:
            if not is_locked(exc):
                raise
            # The task ran, but its outcome could not be written. Its own result is in its Export row
            # (reports.tasks); the task row is marked failed once the database is free again, so it is
            # neither run twice nor left "running" for ever.
            attempt = 0
            while True:
                attempt += 1
                time.sleep(backoff(attempt))
                try:
                    db_task_result.set_failed(exc)
                    return
                except Exception as again:
                    if not is_locked(again):
                        raise


class Command(db_worker.Command):
    help = "Run the database background worker; a locked database makes it wait, never stop."

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        # db_worker.Command.handle with LockTolerantWorker in place of Worker (the library builds its
        # Worker inside handle and takes no class to use instead).
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning(
                "Warning: --reload and --batch cannot be specified together. Disabling autoreload."
            )
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LockTolerantWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
