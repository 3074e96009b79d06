"""The start page's figures: per project and per partner, how many records of each kind there are.

Each count is a correlated subquery, so the whole page costs one query for the projects and one for
their partners, whatever the number of records.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from agreements.models import Agreement, Engagement, SectorInvolvement
from consortium.models import Organisation, Partner, Project
from events.models import Event
from missions.models import Mission

# (label, model): the record kinds shown on the start page, in the order of the D3.2 tables.
RECORD_KINDS = [
    ("n_organisations", Organisation),
    ("n_engagements", Engagement),
    ("n_agreements", Agreement),
    ("n_events", Event),
    ("n_missions", Mission),
    ("n_sector_involvements", SectorInvolvement),
]
PARTNER_KINDS = [(label, model) for label, model in RECORD_KINDS if model is not Organisation]
# Which partners a record belongs to on the start page: who is responsible, except for missions,
# which the consortium leads and partners take part in (the work plan counts participations).
PARTNER_FIELD = {Mission: "participants"}


def _count(queryset, outer_field: str = "pk"):
    """COUNT(*) of `queryset` filtered on an outer row, as an integer subquery."""
    counted = queryset.order_by().values(outer_field).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def projects_for_home(user):
    projects = Project.objects.visible_to(user).annotate(
        **{
            label: _count(model.objects.filter(project=OuterRef("pk")), "project")
            for label, model in RECORD_KINDS
        },
        n_signed_agreements=_count(
            Agreement.objects.filter(project=OuterRef("pk"), status=Agreement.Status.SIGNED), "project"
        ),
    )
    return list(projects.order_by("acronym"))


def partners_for_home(projects):
    """Partners of these projects with how many records each is responsible for, per kind."""
    annotations = {}
    for label, model in PARTNER_KINDS:
        through = getattr(model, PARTNER_FIELD.get(model, "responsible")).through
        annotations[label] = _count(through.objects.filter(partner=OuterRef("pk")), "partner")
    return list(
        Partner.objects.filter(project__in=[p.pk for p in projects])
        .annotate(**annotations)
        .order_by("project", "number")
    )
