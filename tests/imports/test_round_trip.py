"""The demo's D3.2 tables go out through the import template and come back identical (issue 6)."""

import pytest
from django.contrib.auth import get_user_model

from agreements.models import Agreement, Engagement
from consortium.models import Organisation
from events.models import Event
from imports.kinds import KINDS
from imports.service import run_import
from imports.template import workbook_bytes
from kpis.models import PlanItem
from missions.models import Mission

pytestmark = pytest.mark.usefixtures("db")

# In dependency order: missions first, since events and agreements name them.
D32_KINDS = [
    "missions",
    "engagements",
    "cluster-cluster-agreements",
    "cluster-intermediary-agreements",
    "sme-sme-agreements",
    "business-agreements",
    "national-workshops",
    "international-meetings",
    "international-events",
    "matchmaking",
    "consortium-meetings",
    "plan-items",
]


def fingerprint(record):
    if isinstance(record, PlanItem):
        return [record.position, record.month, record.activity, record.status]
    values = [
        record.external_ref,
        record.name,
        str(getattr(record, "date", "")),
        record.consortium_led,
        sorted(record.responsible.values_list("short_name", flat=True)),
        getattr(record, "description", ""),
    ]
    if isinstance(record, Agreement | Engagement):
        values.append(record.organisation.name if record.organisation else None)
    if isinstance(record, Agreement):
        values += [record.status, str(record.signed_date), str(record.expected_date), record.date_text]
    if isinstance(record, Event):
        values += [
            sorted(record.target_countries.values_list("country", flat=True)),
            record.participants_total,
            record.participants_smes,
            record.report_type,
            record.mission.name if record.mission else None,
        ]
    if isinstance(record, Mission):
        values += [record.country.code, sorted(record.participants.values_list("short_name", flat=True))]
    return values


def rows_of(kind, project):
    spec = KINDS[kind]
    return spec.model.objects.filter(project=project, **spec.fixed)


def test_every_d32_table_exported_with_the_template_imports_into_an_emptied_project(elca_demo):
    coordinator = get_user_model().objects.create_superuser("importer", "i@example.org", "x")
    files = {kind: workbook_bytes(kind, elca_demo, rows_of(kind, elca_demo)) for kind in D32_KINDS}
    before = {kind: sorted(map(fingerprint, rows_of(kind, elca_demo))) for kind in D32_KINDS}
    Agreement.objects.filter(project=elca_demo).delete()
    Engagement.objects.filter(project=elca_demo).delete()
    Event.objects.filter(project=elca_demo).delete()
    PlanItem.objects.filter(project=elca_demo).delete()
    Mission.objects.filter(project=elca_demo).delete()
    # Organisations come back by name; the one Table 11 (not imported here) refers to stays.
    Organisation.objects.filter(project=elca_demo).exclude(
        pk__in=elca_demo.sectorinvolvements.values("organisation")
    ).delete()

    for kind in D32_KINDS:
        report = run_import(
            project=elca_demo,
            user=coordinator,
            data=files[kind],
            kind=kind,
            filename=f"{kind}.xlsx",
            dry_run=False,
        )

        assert report.ok, report.lines()
        assert report.created == len(before[kind]) > 0
        assert sorted(map(fingerprint, rows_of(kind, elca_demo))) == before[kind], kind
