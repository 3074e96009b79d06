"""P1: the number of SQL queries of every page is the same at 1, 3 and 1,000 rows of each record kind.

Every URL pattern outside the admin is taken from the URL resolver and requested with GET by the
project's coordinator (who may see every page); its arguments come from sample rows (a record of the
pattern's kind, an indicator code, the last period, ...). At each size the project holds exactly N live
records of each kind (with a responsible partner and an evidence file each) and N deleted ones, created
inside a transaction that is rolled back afterwards. The table prints the status and query count per page
and size; the exit status is 1 if any page's count (or status) differs between sizes, and patterns that
could not be requested are listed with the reason.

Runs in a throwaway SQLite database in a temporary directory, or in DATABASE_URL when it is set (an empty,
disposable database). Bounded: about a minute on two busy cores.

    .venv/bin/python bench/bench_p1_query_counts.py            # or: make bench
"""

import logging
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.TemporaryDirectory(prefix="bench-p1-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP.name}/bench.sqlite3")
os.environ["DEBUG"] = "1"
os.environ["MFA_REQUIRED"] = "0"  # the coordinator's second login step is not what is measured here
os.environ["MEDIA_ROOT"] = f"{TMP.name}/media"
os.environ["DJANGO_SETTINGS_MODULE"] = "elca.settings"
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()
logging.disable(logging.WARNING)  # 405s and security events would fill the screen; errors still show

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

import accounts.middleware  # noqa: E402
from agreements.models import Agreement, CooperationCase, Engagement, SectorInvolvement  # noqa: E402
from communication.models import CommunicationActivity  # noqa: E402
from consortium.models import (  # noqa: E402
    Deliverable,
    Membership,
    Milestone,
    Organisation,
    Partner,
    Project,
    ReportingPeriod,
    Task,
    WorkPackage,
)
from demo.loader import load_demo  # noqa: E402
from events.models import Event  # noqa: E402
from kpis.models import Indicator, IndicatorSet, IndicatorTarget, PlanItem  # noqa: E402
from missions.models import Mission  # noqa: E402
from reports.freeze import report_freeze  # noqa: E402
from reports.models import Export  # noqa: E402
from workspace.models import Evidence  # noqa: E402

SIZES = (1, 3, 1000)
ACRONYM = "P1"
# The record kinds (one list page, detail, edit, delete, deleted list each) and a valid row of each.
KINDS = {
    Organisation: {"type": Organisation.Type.CLUSTER},
    Agreement: {"kind": Agreement.Kind.CLUSTER_CLUSTER},
    Engagement: {},
    SectorInvolvement: {},
    CooperationCase: {
        "by": CooperationCase.By.choices[0][0],
        "partner_country": "CL",
        "case_type": CooperationCase._meta.get_field("case_type").choices[0][0],
        "objective": CooperationCase._meta.get_field("objective").choices[0][0],
    },
    Mission: {"target_market": "India", "country": "IN"},
    Event: {"category": Event.Category.NATIONAL_WORKSHOP},
    CommunicationActivity: {"kind": CommunicationActivity.Kind.ARTICLE, "audience_smes": 3},
    PlanItem: {"month": 6},
}
# Where a kind's URL names do not follow its class name (communication:communication_detail).
URL_SLUGS = {PlanItem: "plan", CommunicationActivity: "communication"}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n"


def copy_reference_data(source: Project) -> Project:
    """A project shaped like the demo (partners, periods, indicators and targets) with no records."""
    project = Project.objects.get(pk=source.pk)
    project.pk, project.acronym = None, ACRONYM
    project.save()
    mapping = {Project: {source.pk: project.pk}}
    paths = {
        Indicator: "indicator_set__project",
        IndicatorTarget: "indicator__indicator_set__project",
        Task: "work_package__project",
    }
    frame = (Partner, ReportingPeriod, WorkPackage, Task, Deliverable, Milestone)
    for model in (*frame, IndicatorSet, Indicator, IndicatorTarget):
        originals = list(model.objects.filter(**{paths.get(model, "project"): source}).order_by("pk"))
        copies = []
        for original in originals:
            values = {}
            for field in model._meta.concrete_fields:
                if field.primary_key:
                    continue
                value = getattr(original, field.attname)
                if field.is_relation and field.related_model in mapping and value is not None:
                    value = mapping[field.related_model][value]
                values[field.attname] = value
            copies.append(model(**values))
        model.objects.bulk_create(copies)
        mapping[model] = {o.pk: c.pk for o, c in zip(originals, copies, strict=True)}
    return project


def add_records(project: Project, size: int, user) -> dict:
    """`size` live and `size` deleted rows of every kind; returns a sample live row per model."""
    partner = project.partners.order_by("number").first()
    organisation = None
    samples = {}
    stored = default_storage.save("evidence/bench/p1.pdf", ContentFile(PDF))
    for model, fields in KINDS.items():
        extra = {"organisation": organisation} if model is Engagement else {}
        name_field = "activity" if model is PlanItem else "name"
        rows = [
            model(
                project=project,
                **fields,
                **extra,
                **({"position": n + 1} if model is PlanItem else {}),
                **{name_field: f"{model.__name__} {n}"},
            )
            for n in range(2 * size)
        ]
        rows = bulk_create_with_history(rows, model, default_user=user)
        rows = list(model.objects.filter(project=project).order_by("pk"))
        if hasattr(model, "responsible"):
            through = model.responsible.through
            own = model.responsible.field.m2m_field_name()
            through.objects.bulk_create(
                through(**{f"{own}_id": r.pk, "partner_id": partner.pk}) for r in rows
            )
        # One history row each, as the delete button leaves (post_delete per row, one DELETE statement).
        model.objects.filter(pk__in=[r.pk for r in rows[size:]]).delete()
        live = rows[:size]
        if model is not PlanItem:
            content_type = ContentType.objects.get_for_model(model)
            Evidence.objects.bulk_create(
                Evidence(
                    content_type=content_type,
                    object_id=r.pk,
                    file=stored,
                    original_name="signed.pdf",
                    mime_type="application/pdf",
                    extension="pdf",
                    size=len(PDF),
                    sha256="0" * 64,
                    uploaded_by=user,
                )
                for r in live
            )
        samples[model] = live[0]
        samples["deleted", model] = model.history.filter(history_type="-").order_by("history_id").first()
        if model is Organisation:
            organisation = live[0]
    samples[Evidence] = Evidence.objects.filter(object_id=samples[Agreement].pk).first()
    return samples


def patterns(resolvers=None, prefix="", namespace=""):
    for entry in get_resolver().url_patterns if resolvers is None else resolvers:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield namespace + (entry.name or "?"), prefix + str(entry.pattern)


def model_of(name: str):
    """The record kind a workspace URL name is about: `agreements:agreement_detail` -> Agreement."""
    slug = name.split(":")[-1]
    for model in KINDS:
        kind = URL_SLUGS.get(model) or re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()
        if slug.startswith(kind + "_"):
            return model
    return None


def fill(name: str, route: str, ctx: dict) -> tuple[str | None, str]:
    """The path for one pattern, or None and why not."""
    path = route
    for converter, param in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        model = model_of(name)
        value = None
        if param == "acronym":
            value = ACRONYM
        elif param == "code":
            value = ctx["code"]
        elif param == "kind" and name.startswith("reports:"):
            value = "d32"
        elif param == "number":
            value = ctx["period"]
        elif param == "fmt" and name == "reports:frozen_download":
            value = "html"
        elif param == "pk" and name.startswith("reports:export"):
            value = ctx["export"]
        elif param == "pk" and name.startswith("reports:frozen"):
            value = ctx["frozen"]
        elif param == "pk" and name.startswith("workspace:evidence"):
            value = ctx["samples"][Evidence].pk
        elif param == "pk" and model is not None:
            value = ctx["samples"][model].pk
        elif param == "history_id" and model is not None:
            value = ctx["samples"]["deleted", model].history_id
        elif name.startswith("narrative:") and param in ("key", "about", "task", "partner", "pk"):
            # The summary's text, task texts (I.2) and the first partner's contribution to a task.
            value = {
                "key": "i2" if name in ("narrative:text_about",) else "summary",
                "about": "task",
                "task": ctx["task"].pk,
                "partner": ctx["task_partner"].number,
                "pk": ctx["task"].pk if name == "narrative:text_about" else None,
            }[param]
        elif param == "pk" and name.startswith("kpis:deliverable"):
            value = ctx["deliverable"].pk
        elif param == "pk" and name.startswith("kpis:milestone"):
            value = ctx["milestone"].pk
        elif param == "fmt" and name == "reports:export":
            value = "xlsx"
        elif param == "kind" and name == "imports:import_template":
            value = "organisations"
        if value is None:
            return None, f"no sample for <{param}>"
        path = path.replace(f"<{converter + ':' if converter else ''}{param}>", str(value))
    return "/" + path, ""


def measure(client, urls) -> dict:
    counts = {}
    for name, path in urls:
        client.get(path)  # warm: caches (content types, sites) fill on the first request
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        counts[name] = (status, len(queries))
    return counts


class Rollback(Exception):
    pass


def main() -> int:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Project.objects.exists():
        sys.exit("The bench database must be empty (it loads the demo into it); unset DATABASE_URL.")
    setup_test_environment()
    load_demo()
    project = copy_reference_data(Project.objects.get(acronym="ELCA"))
    user = get_user_model().objects.create_user("p1-coordinator", password="unused-p1-bench")  # noqa: S106
    Membership.objects.create(
        user=user,
        project=project,
        partner=project.partners.order_by("number").first(),
        role=Membership.Role.COORDINATOR,
    )
    period = project.periods.order_by("number").last()
    export = Export.objects.create(
        project=project,
        period=period,
        kind="d32",
        format="html",
        requested_by=user,
        status=Export.Status.DONE,
        content=b"<p>bench</p>",
        filename="P1.html",
    )
    frozen = report_freeze(project=project, period=period, kind="d32", user=user)
    frozen.files.create(format="html", content=b"<p>frozen</p>", sha256="0" * 64)
    code = (
        Indicator.objects.filter(indicator_set__project=project, mode="counted").order_by("pk").first().code
    )
    task = Task.objects.filter(work_package__project=project).order_by("pk").first()
    client = Client()
    client.force_login(user)
    # The session's last-seen time is written at most once a minute (accounts.middleware): a write that
    # would land on whichever request crosses the minute, and is no page's own cost. Not here.
    accounts.middleware.REFRESH_EVERY = 10**9

    results, skipped = {}, {}
    for size in SIZES:
        try:
            with transaction.atomic():
                samples = add_records(project, size, user)
                ctx = {
                    "code": code,
                    "period": period.number,
                    "export": export.pk,
                    "frozen": frozen.pk,
                    "samples": samples,
                    "task": task,
                    "task_partner": project.partners.order_by("number").first(),
                    "deliverable": Deliverable.objects.filter(project=project).order_by("pk").first(),
                    "milestone": Milestone.objects.filter(project=project).order_by("pk").first(),
                }
                urls = []
                for name, route in patterns():
                    path, why = fill(name, route, ctx)
                    if path is None:
                        skipped[name] = why
                    else:
                        urls.append((name, path))
                results[size] = measure(client, urls)
                raise Rollback
        except Rollback:
            pass

    names = sorted(set().union(*(r.keys() for r in results.values())))
    width = max(len(n) for n in names)
    print(f"{'page (GET as the coordinator)':<{width}}  " + "  ".join(f"{f'{s} rows':>12}" for s in SIZES))
    differ = []
    for name in names:
        cells = [results[s].get(name) for s in SIZES]
        mark = "" if len(set(cells)) == 1 else "   <-- differs"
        if mark:
            differ.append(name)
        shown = "  ".join(f"{f'{c[1]} q ({c[0]})' if c else '-':>12}" for c in cells)
        print(f"{name:<{width}}  {shown}{mark}")
    for name, why in sorted(skipped.items()):
        print(f"not requested: {name} ({why})")
    pages = sum(1 for n in names if results[SIZES[0]][n][0] == 200)
    print(
        f"{len(names)} URL patterns requested ({pages} answer 200), {len(skipped)} not requested; "
        f"equal query counts at {', '.join(map(str, SIZES))} rows: {len(names) - len(differ)}/{len(names)} "
        f"(ratio of largest to smallest count, worst page: {worst_ratio(results):.2f}); "
        f"{time.perf_counter() - started:.0f} s"
    )
    return 1 if differ else 0


def worst_ratio(results) -> float:
    worst = 1.0
    for name, (_, low) in results[SIZES[0]].items():
        counts = [results[s][name][1] for s in SIZES if name in results[s]]
        worst = max(worst, max(counts) / max(low, 1))
    return worst


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        TMP.cleanup()
