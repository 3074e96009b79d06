"""`python manage.py kpis ELCA [--period N] [--json]`: the indicators cumulative to the end of period N."""

import json

from django.core.management.base import BaseCommand, CommandError

from consortium.models import Project
from kpis.access import PeriodError
from kpis.api import kpis_payload


class Command(BaseCommand):
    help = "Print a project's indicators cumulative to the end of a reporting period (default: the last)."

    def add_arguments(self, parser):
        parser.add_argument("acronym", help="The project's acronym, as on its pages.")
        parser.add_argument("--period", help="The reporting period's number (default: the last).")
        parser.add_argument("--json", action="store_true", help="Print the API's JSON instead of a table.")

    def handle(self, *args, acronym, period=None, json=False, **options):
        project = Project.objects.filter(acronym=acronym).first()
        if project is None:
            raise CommandError(f"There is no project '{acronym}'.")
        try:
            rows = kpis_payload(project, period)
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(_dumps(rows))
            return
        width = max(len(r["title"]) for r in rows) if rows else 10
        width = min(width, 70)
        number = rows[0]["period"] if rows else period
        self.stdout.write(f"{project.acronym}, cumulative to the end of P{number}")
        for r in rows:
            achieved = "-" if r["achieved"] is None else r["achieved"]
            target = "-" if r["target"] is None else r["target"]
            flag = f"  ({len(r['undated'])} undated)" if r["undated"] else ""
            self.stdout.write(
                f"{r['code']:<8} {r['title'][:width]:<{width}} {achieved!s:>5} / {target!s:<5} "
                f"{r['status'] or '':<9}{flag}"
            )


def _dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
