"""`manage.py export_report {d32,progress} ELCA [--period N] --format {html,pdf,xlsx,docx} --output FILE`,
with `--report-date YYYY-MM-DD` for the progress report (the day it is prepared; default today) and
`--language CODE` for headings in another language than English.

Writes what the download button gives for the same data (the same builder and renderer, reports.formats).
"""

import sys
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from consortium.models import Project
from reports import formats


class Command(BaseCommand):
    help = "Export a report (D3.2 or the technical progress report) of a project for a reporting period."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(formats.KINDS))
        parser.add_argument("acronym", help="The project's acronym, as on its pages.")
        parser.add_argument("--period", type=int, help="Reporting period number (default: the last one).")
        parser.add_argument("--format", dest="fmt", required=True, choices=["html", "pdf", "xlsx", "docx"])
        parser.add_argument("--output", required=True, help="The file to write ('-' for standard output).")
        parser.add_argument(
            "--report-date",
            type=date.fromisoformat,
            help="The day the progress report is prepared (YYYY-MM-DD, default today): its milestone and "
            "deliverable tables show what was achieved or delivered by then.",
        )
        parser.add_argument(
            "--language",
            help="The language of the headings (a code of settings.LANGUAGES; default "
            "settings.LANGUAGE_CODE, English, as the agency reads it). The records' texts are never "
            "translated.",
        )

    def handle(self, *args, kind, acronym, period, fmt, output, report_date=None, language=None, **options):
        if fmt not in formats.FORMATS[kind]:
            raise CommandError(
                f"{formats.KINDS[kind][0]} comes as {', '.join(formats.FORMATS[kind])}, not {fmt}."
            )
        project = Project.objects.filter(acronym=acronym).first()
        if project is None:
            raise CommandError(f"No project with the acronym '{acronym}'.")
        periods = project.periods.order_by("number")
        chosen = periods.filter(number=period).first() if period is not None else periods.last()
        if chosen is None:
            numbers = ", ".join(str(p.number) for p in periods) or "none yet"
            raise CommandError(f"{acronym} has no reporting period {period} (periods: {numbers}).")
        if language and language not in dict(settings.LANGUAGES):
            offered = ", ".join(dict(settings.LANGUAGES))
            raise CommandError(f"--language {language} is not one of settings.LANGUAGES ({offered}).")
        ctx = formats.build(kind, project, chosen, report_date=report_date, language=language)
        content = formats.render(ctx, fmt, language=language)
        if output == "-":
            sys.stdout.buffer.write(content)
            return
        Path(output).write_bytes(content)
        self.stderr.write(
            f"Wrote {formats.KINDS[kind][0]}, {acronym} period {chosen.number}, {fmt}: {output}"
        )
