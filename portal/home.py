"""The start page's figures: per project and per partner, how many records of each kind there are.

Each count is a correlated subquery, so the whole page costs one query for the projects and one for
their partners, whatever the number of records.
"""

from django.db.models import CharField, Count, OuterRef, Value

from agreements.models import Agreement, Engagement, SectorInvolvement
from agreements.views import AGREEMENTS, COOPERATION_CASES, ENGAGEMENTS, SECTOR_INVOLVEMENTS
from communication.models import CommunicationActivity
from communication.views import COMMUNICATION
from consortium.models import Organisation, Partner, Project, ReviewStatus
from consortium.queries import count_subquery
from events.models import Event
from events.views import EVENTS
from kpis.first_steps import with_first_steps
from kpis.views_plan import PLAN
from missions.models import Mission
from missions.views import MISSIONS
from organisations.views import ORGANISATIONS

# (label, model): the record kinds shown on the start page, in the order of the D3.2 tables.
RECORD_KINDS = [
    ("n_organisations", Organisation),
    ("n_engagements", Engagement),
    ("n_agreements", Agreement),
    ("n_events", Event),
    ("n_missions", Mission),
    ("n_sector_involvements", SectorInvolvement),
    ("n_communication", CommunicationActivity),
]
PARTNER_KINDS = [(label, model) for label, model in RECORD_KINDS if model is not Organisation]
# Which partners a record belongs to on the start page: who is responsible, except for missions,
# which the consortium leads and partners take part in (the work plan counts participations).
PARTNER_FIELD = {Mission: "participants"}


def projects_for_home(user):
    """The user's projects with their record counts and what their first steps ask (kpis.first_steps),
    in one query."""
    projects = with_first_steps(Project.objects.visible_to(user)).annotate(
        **{
            label: count_subquery(model.objects.filter(project=OuterRef("pk")), "project")
            for label, model in RECORD_KINDS
        },
        n_signed_agreements=count_subquery(
            Agreement.objects.signed().filter(project=OuterRef("pk")), "project"
        ),
    )
    return list(projects.order_by("acronym"))


def partners_for_home(projects):
    """Partners of these projects with how many records each is responsible for, per kind."""
    annotations = {}
    for label, model in PARTNER_KINDS:
        through = getattr(model, PARTNER_FIELD.get(model, "responsible")).through
        annotations[label] = count_subquery(through.objects.filter(partner=OuterRef("pk")), "partner")
    return list(
        Partner.objects.filter(project__in=[p.pk for p in projects])
        .annotate(**annotations)
        .order_by("project", "number")
    )


# -- The workspace part of the start page (issue 3): what each person should look at next. -----------------
RECORD_WORKSPACE_KINDS = [
    AGREEMENTS,
    EVENTS,
    MISSIONS,
    ENGAGEMENTS,
    SECTOR_INVOLVEMENTS,
    COOPERATION_CASES,
    COMMUNICATION,
]
WORKSPACE_KINDS = [*RECORD_WORKSPACE_KINDS, ORGANISATIONS, PLAN]
KIND_BY_SLUG = {kind.slug: kind for kind in WORKSPACE_KINDS}
ROW_FIELDS = ("pk", "name", "updated_at", "review_status", "review_comment", "record_kind")
LIST_LENGTH = 15
AWAITING_LENGTH = 20


def _union(querysets, order: str, limit: int = LIST_LENGTH) -> list[dict]:
    """Rows of several record kinds in one query (UNION ALL), each with its kind and its page's address."""
    first, *rest = querysets
    rows = list(first.union(*rest, all=True).order_by(order)[:limit])
    for row in rows:
        kind = KIND_BY_SLUG[row["record_kind"]]
        row["url"] = kind.url("detail", row["pk"])
        row["kind_label"] = kind.label
    return rows


def _rows(kind, queryset):
    return (
        queryset.annotate(record_kind=Value(kind.slug, output_field=CharField()))
        .values(*ROW_FIELDS)
        .order_by()
    )


def workspace_for_home(user, memberships) -> dict:
    """Per role: the partner's own records, returned ones and undated ones; for reviewers, what awaits review.

    One query per list (a UNION over the record kinds), whatever the number of records.
    """
    partner_ids = [m.partner_id for m in memberships if m.partner_id and m.may_record]
    reviewer = user.is_superuser or any(m.may_review for m in memberships)
    panels = {"partner_ids": partner_ids, "reviewer": reviewer}
    if partner_ids:
        mine = {
            kind: kind.model.objects.visible_to(user).filter(kind.model.objects.all().owned_by(partner_ids))
            for kind in RECORD_WORKSPACE_KINDS
        }
        panels["returned"] = _union(
            [_rows(k, qs.filter(review_status=ReviewStatus.RETURNED)) for k, qs in mine.items()],
            "-updated_at",
        )
        # Happened but not placed in a period (RecordQuerySet.undated: a signed agreement without its date).
        panels["undated"] = _union([_rows(k, qs.undated()) for k, qs in mine.items()], "name")
        panels["recent"] = _union([_rows(k, qs) for k, qs in mine.items()], "-updated_at", limit=10)
    if reviewer:
        awaiting = {
            k: k.model.objects.reviewable_by(user).filter(review_status=ReviewStatus.SUBMITTED)
            for k in RECORD_WORKSPACE_KINDS
        }
        # Newest first: the oldest are not lost, the count and the links lead to every one of them.
        panels["awaiting"] = _union(
            [_rows(k, qs) for k, qs in awaiting.items()], "-updated_at", limit=AWAITING_LENGTH
        )
        panels["awaiting_by_kind"] = _awaiting_by_kind(awaiting)
        panels["awaiting_total"] = sum(entry["count"] for entry in panels["awaiting_by_kind"])
    return panels


def _awaiting_by_kind(awaiting: dict) -> list[dict]:
    """How many records of each kind await review, each with its list filtered to them: one query.

    Each part is one aggregate row (COUNT(*) with a constant kind and no GROUP BY), joined by UNION ALL.
    """
    counts = [
        qs.order_by()
        .annotate(record_kind=Value(kind.slug, output_field=CharField()))
        .values("record_kind")
        .annotate(n=Count("*"))
        .values("record_kind", "n")
        for kind, qs in awaiting.items()
    ]
    first, *rest = counts
    found = {row["record_kind"]: row["n"] for row in first.union(*rest, all=True)}
    return [
        {
            "kind": kind,
            "count": found[kind.slug],
            "url": f"{kind.url('list')}?review={ReviewStatus.SUBMITTED}&reviewer=me",
        }
        for kind in awaiting
        if found.get(kind.slug)
    ]
