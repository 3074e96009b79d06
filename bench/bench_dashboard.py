"""How the KPI dashboard's server time grows with the data: 1x, 10x and 100x the ELCA demo, two shapes.

The demo is loaded once, then copied (bulk inserts, no history: this is load, not audit) in two shapes:
- "projects": into more projects, until the database holds 10 and then 100 projects' worth of records
  (many consortia on one server; the first project's dashboard does not see the copies);
- "one project": its records copied 10 and then 100 times inside the demo project itself (one big
  consortium, 10,500 records at 100x: every count of the dashboard sees them).
At each size the dashboard of the demo project is built (kpis.engine.build_dashboard, every indicator,
last period) and served through the test client; the medians are printed as ratios to 1x, measured in
this same run. Aim: <= 2x at 100x in both shapes. First, at 1x, the queries of the dashboard page, the
D3.2 preview and the frozen D3.2 compare are counted.

Runs in a throwaway SQLite database in a temporary directory, or in DATABASE_URL when it is set (it must
point at an empty, disposable database). Bounded: about a minute on a laptop.

    .venv/bin/python bench/bench_dashboard.py            # or: make bench
    BENCH_CLOCK=cpu .venv/bin/python bench/bench_dashboard.py   # CPU time of this process instead

On a shared machine the wall-clock medians move with the other processes' load; the CPU time of this
process (SQLite runs inside it; a PostgreSQL server's own CPU is not counted) moves much less.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.TemporaryDirectory(prefix="bench-dashboard-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP.name}/bench.sqlite3")
os.environ["DEBUG"] = "1"
os.environ["DJANGO_SETTINGS_MODULE"] = "elca.settings"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from agreements.models import Agreement, Engagement, SectorInvolvement  # noqa: E402
from consortium.models import Organisation, Partner, Project, ReportingPeriod  # noqa: E402
from demo.loader import load_demo  # noqa: E402
from events.models import Event, EventCountry  # noqa: E402
from kpis.engine import build_dashboard  # noqa: E402
from kpis.models import Indicator, IndicatorSet, IndicatorTarget, ReportedValue  # noqa: E402
from missions.models import Mission  # noqa: E402
from reports.freeze import report_freeze  # noqa: E402

# Copied in this order, so every foreign key points at a row copied before it.
MODELS = [
    Partner,
    ReportingPeriod,
    Organisation,
    Mission,
    Engagement,
    Agreement,
    Event,
    EventCountry,
    SectorInvolvement,
    IndicatorSet,
    Indicator,
    IndicatorTarget,
    ReportedValue,
]
# The records of a project, copied inside it for the one-project shape (the frame and indicators stay).
RECORD_MODELS = [Mission, Engagement, Agreement, Event, EventCountry, SectorInvolvement]
SIZES = (1, 10, 100)
RUNS = 15
CLOCK = time.process_time if os.environ.get("BENCH_CLOCK") == "cpu" else time.perf_counter


def _rows(model, source):
    """The rows of `model` that belong to the source project, whatever the path to it."""
    paths = {
        EventCountry: "event__project",
        Indicator: "indicator_set__project",
        IndicatorTarget: "indicator__indicator_set__project",
        ReportedValue: "indicator__indicator_set__project",
    }
    return list(model.objects.filter(**{paths.get(model, "project"): source}).order_by("pk"))


def copy_project(source, number: int, cache: dict) -> None:
    """A full copy of the demo project as BENCH<number>: same records, new rows, remapped keys."""
    project = Project.objects.get(pk=source.pk)
    project.pk, project.acronym = None, f"BENCH{number}"
    project.save()
    copy_rows(source, MODELS, {Project: {source.pk: project.pk}}, cache)


def copy_records(source, cache: dict) -> None:
    """One more copy of the demo's records inside the demo project (its partners and organisations)."""
    copy_rows(source, RECORD_MODELS, {}, cache, same_project=True)


def copy_rows(source, models, mapping: dict, cache: dict, same_project: bool = False) -> None:
    """Copy the source project's rows of `models` with their many-to-many links, keys through `mapping`."""
    for model in models:
        originals = cache.setdefault(model, _rows(model, source))
        copies = []
        for original in originals:
            values = {}
            for field in model._meta.concrete_fields:
                if field.primary_key:
                    continue
                value = getattr(original, field.attname)
                if same_project and field.name == "external_ref":
                    value = ""  # unique within a project
                if field.is_relation and field.related_model in mapping and value is not None:
                    value = mapping[field.related_model][value]
                values[field.attname] = value
            copies.append(model(**values))
        model.objects.bulk_create(copies)
        # SQLite and PostgreSQL both return the new primary keys from bulk_create.
        mapping[model] = {o.pk: c.pk for o, c in zip(originals, copies, strict=True)}
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            own, other = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            key = (through, "rows")
            if key not in cache:
                cache[key] = list(
                    through.objects.filter(**{f"{own}__in": mapping[model].keys()}).values_list(
                        f"{own}_id", f"{other}_id"
                    )
                )
            other_map = mapping.get(m2m.related_model)
            through.objects.bulk_create(
                through(**{f"{own}_id": mapping[model][a], f"{other}_id": other_map[b] if other_map else b})
                for a, b in cache[key]
            )


def median_seconds(function) -> float:
    function()  # warm caches and connections
    times = []
    for _ in range(RUNS):
        start = CLOCK()
        function()
        times.append(CLOCK() - start)
    return statistics.median(times)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def page_queries(source, period, client) -> None:
    """Queries of the dashboard, the D3.2 preview and the frozen D3.2 compare, demo data, last period."""
    # A partner's staff member: no second step to pass (a coordinator's pages cost the same queries).
    member = source.memberships.filter(role="staff").order_by("pk").first().user
    frozen = report_freeze(project=source, period=period, kind="d32", user=member)
    staff = Client()
    staff.force_login(member)
    pages = {
        "dashboard": f"/projects/{source.acronym}/dashboard/",
        "D3.2 preview": reverse("reports:preview", args=[source.acronym, "d32", period.number]),
        "frozen compare": reverse("reports:frozen_compare", args=[frozen.pk]),
    }
    counts = ", ".join(f"{name} {count_queries(staff, url)}" for name, url in pages.items())
    print(f"queries per page (demo, last period, partner staff): {counts}")
    frozen.delete()


def main():
    call_command("migrate", verbosity=0)
    if Project.objects.exists():
        sys.exit("The bench database must be empty (it copies the demo into it); unset DATABASE_URL.")
    setup_test_environment()
    load_demo()
    source = Project.objects.get(acronym="ELCA")
    period = source.periods.order_by("number").last()
    period = next(p for p in source.reporting_periods() if p.pk == period.pk)
    client = Client()
    client.force_login(source.memberships.get(user__username="viewer").user)
    page_queries(source, period, client)
    shape = os.environ.get("BENCH_SHAPE", "")
    for name, copy in (("projects", copy_project), ("one project", copy_records)):
        if shape in ("", name):
            with transaction.atomic():
                measure(name, copy, source, period, client)
                transaction.set_rollback(True)  # the next shape starts from the demo again


def measure(shape, copy, source, period, client):
    print(f"-- shape: {shape}")
    url = f"/projects/{source.acronym}/dashboard/"
    results, copies, cache = {}, 1, {}
    for size in SIZES:
        started = time.perf_counter()
        with transaction.atomic():
            while copies < size:
                if copy is copy_project:
                    copy_project(source, copies, cache)
                else:
                    copy_records(source, cache)
                copies += 1
        prepared = time.perf_counter() - started
        builder = median_seconds(lambda: build_dashboard(source, period))
        view = median_seconds(lambda: client.get(url))
        assert client.get(url).status_code == 200
        results[size] = (builder, view)
        records = sum(m.objects.count() for m in (Agreement, Event, Engagement, Mission, SectorInvolvement))
        print(
            f"{size:>4}x: {Project.objects.count():>4} projects, {records:>6} records "
            f"(copied in {prepared:5.1f} s); "
            f"builder {builder * 1000:6.1f} ms, page {view * 1000:6.1f} ms (median of {RUNS}, "
            f"{'CPU' if CLOCK is time.process_time else 'wall clock'})"
        )
    base_builder, base_view = results[SIZES[0]]
    for size in SIZES[1:]:
        builder, view = results[size]
        print(
            f"ratio {size}x/1x ({shape}): builder {builder / base_builder:.2f}, "
            f"page {view / base_view:.2f} (aim <= 2)"
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        TMP.cleanup()
