from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from consortium.models import Project
from imports.files import ImportFileError
from imports.kinds import KINDS
from imports.runs import import_apply, import_cancel, import_upload
from imports.service import run_import
from imports.template import workbook_bytes


class Command(BaseCommand):
    help = (
        "Import a spreadsheet (XLSX or CSV) of one record kind, as the import page does. Record kinds: "
        + ", ".join(KINDS)
    )

    def add_arguments(self, parser):
        parser.add_argument("project", help="the project's acronym, as on its pages")
        parser.add_argument("kind", choices=list(KINDS), metavar="record-kind", help=", ".join(KINDS))
        parser.add_argument("file", nargs="?", type=Path, help="the XLSX or CSV file to import")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
        parser.add_argument("--update", action="store_true", help="also change rows whose Reference exists")
        parser.add_argument(
            "--template", type=Path, metavar="FILE", help="write the empty template for the kind"
        )
        parser.add_argument(
            "--as", dest="username", help="import as this user (default: the first superuser)"
        )

    def handle(self, project, kind, file, dry_run, update, template, username, **options):
        try:
            project = Project.objects.get(acronym__iexact=project)
        except Project.DoesNotExist:
            raise CommandError(f"There is no project '{project}'.") from None
        if template:
            template.write_bytes(workbook_bytes(kind, project))
            self.stdout.write(f"Wrote the {KINDS[kind].label} template to {template}.")
            return
        if file is None:
            raise CommandError("Give the FILE to import (or --template FILE to get the template).")
        users = get_user_model().objects
        user = (
            users.filter(username=username).first() if username else users.filter(is_superuser=True).first()
        )
        if user is None:
            raise CommandError(
                f"There is no user '{username}'." if username else "Create a superuser first, or give --as."
            )
        data = file.read_bytes() if file.is_file() else None
        if data is None:
            raise CommandError(f"There is no file '{file}'.")
        try:
            if dry_run:
                report = run_import(
                    project=project,
                    kind=kind,
                    data=data,
                    filename=file.name,
                    user=user,
                    update=update,
                    dry_run=True,
                )
            else:
                # Written imports get an ImportRun, as on the page: listed, and undone by the coordinator.
                run = import_upload(
                    project=project, user=user, kind=kind, data=data, filename=file.name, update=update
                )
                report = import_apply(run=run)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("\n".join(report.lines()))
        if not report.ok:
            if not dry_run:
                import_cancel(run=run, failed=True)
            raise CommandError(f"{len(report.problems)} problem(s); nothing was written.")
        if not dry_run:
            self.stdout.write(f"  Import #{run.pk}: the coordinator can undo it on the Imports page.")
