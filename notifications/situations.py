"""What is waiting for whom, read from the state of records, texts, plan, periods, invitations and exports.

Each function returns drafts of notifications: to whom, about what, and a key naming the thing and the
moment ("returned:agreement:12:2026-11-30T10:05:00"). `send_reminders` makes the ones whose key the person
does not have yet, so it can run every few minutes and a second run adds nothing. Nothing here writes.

Only recent things notify (NOTIFICATIONS_LOOKBACK_DAYS): a record returned a year ago, on the day the
product is installed, is on the start page, not in anyone's mailbox.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from accounts.people.services import accounts_with_email
from consortium.models import Deliverable, Membership, Milestone, ReportingPeriod, ReviewStatus
from narrative.access import may_review_contribution, may_review_text
from narrative.checks import before_freeze
from narrative.models import Contribution, Status, Text
from narrative.structure import for_project
from portal.home import RECORD_WORKSPACE_KINDS
from reports.models import Export
from workspace.models import Evidence

SOON_DAYS = 14


@dataclass
class Draft:
    user_id: int
    project_id: int | None
    kind: str
    key: str
    params: dict = field(default_factory=dict)
    url: str = ""


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


class Members:
    """The active members of every project, by project and partner (one query)."""

    def __init__(self):
        self.all = list(
            Membership.objects.filter(user__is_active=True).select_related("user", "partner", "project")
        )

    def of(self, project_id, which=lambda m: True, partner_ids=None) -> list[Membership]:
        """The project's members for whom `which(membership)` holds, of these partners if given."""
        return [
            m
            for m in self.all
            if m.project_id == project_id
            and which(m)
            and (partner_ids is None or m.partner_id in partner_ids)
        ]

    def writers(self, project_id, partner_ids) -> list[Membership]:
        """Who records for these partners: their staff, task leaders and coordinators."""
        return self.of(project_id, lambda m: m.may_record, partner_ids=set(partner_ids))

    def coordinators(self, project_id) -> list[Membership]:
        return self.of(project_id, lambda m: m.is_coordinator)

    def reviewers(self, project_id) -> list[Membership]:
        return self.of(project_id, lambda m: m.may_review)


def records_returned(members: Members, now: datetime) -> list[Draft]:
    """A record returned to its partner: to the partner's people (not the reviewer who returned it)."""
    since = now - timedelta(days=settings.NOTIFICATIONS_LOOKBACK_DAYS)
    drafts = []
    for kind in RECORD_WORKSPACE_KINDS:
        returned = (
            kind.model.objects.filter(review_status=ReviewStatus.RETURNED, reviewed_at__gte=since)
            .select_related("project", "reviewed_by")
            .prefetch_related("responsible")
        )
        for record in returned:
            partner_ids = {partner.pk for partner in record.responsible.all()}
            for m in members.writers(record.project_id, partner_ids):
                if m.user_id == record.reviewed_by_id:
                    continue
                drafts.append(
                    Draft(
                        m.user_id,
                        record.project_id,
                        "record_returned",
                        f"returned:{kind.slug}:{record.pk}:{record.reviewed_at.isoformat()}",
                        {
                            "project": record.project.acronym,
                            "record_kind": str(kind.label),
                            "name": record.name,
                            "by": _who(record.reviewed_by),
                            "comment": record.review_comment,
                        },
                        kind.url("detail", record.pk),
                    )
                )
    return drafts


def awaiting_review(members: Members, today: date) -> list[Draft]:
    """Once a day, to each reviewer (task leaders, coordinators): how many records await review."""
    counts = defaultdict(int)
    for kind in RECORD_WORKSPACE_KINDS:
        for project_id, n in _count_by_project(
            kind.model.objects.filter(review_status=ReviewStatus.SUBMITTED)
        ):
            counts[project_id] += n
    drafts = []
    for project_id, count in counts.items():
        for m in members.reviewers(project_id):
            drafts.append(
                Draft(
                    m.user_id,
                    project_id,
                    "awaiting_review",
                    f"awaiting:{project_id}:{today.isoformat()}",
                    {"project": m.project.acronym, "count": count},
                    reverse("portal:home") + "#awaiting",
                )
            )
    return drafts


def _count_by_project(queryset):
    return queryset.order_by().values_list("project").annotate(n=Count("pk"))


def _section_label(writing, structure) -> str:
    """The section a text or contribution is in, as the Report texts page names it."""
    if isinstance(writing, Contribution):
        return f"{writing.task.code} ({writing.partner.short_name})"
    key, _dot, part = writing.key.partition(".")
    try:
        section = structure.section(key)
    except KeyError:  # a key the structure no longer has: its own name
        return writing.key
    label = section.label
    if part:
        heading = next((p.heading for p in section.parts if p.key == part), part)
        label = f"{label}: {heading}"
    about = writing.task or writing.work_package or writing.indicator
    return f"{label}: {about}" if about else label


def writings(members: Members, now: datetime) -> list[Draft]:
    """Texts and contributions returned or accepted (to who wrote them: the partner's people for a
    contribution, the last writer for a text), and submitted ones (to who accepts them)."""
    since = now - timedelta(days=settings.NOTIFICATIONS_LOOKBACK_DAYS)
    states = [Status.RETURNED, Status.ACCEPTED, Status.SUBMITTED]
    drafts = []
    structures = {}
    for model in (Text, Contribution):
        rows = model.objects.filter(status__in=states, updated_at__gte=since).select_related(
            "project", "period", "updated_by", "task"
        )
        if model is Text:
            rows = rows.select_related("work_package", "indicator")
        else:
            rows = rows.select_related("partner", "task__work_package")
        for writing in rows:
            project = writing.project
            if project.pk not in structures:
                structures[project.pk] = for_project(project)
            url = reverse("narrative:texts", args=[project.acronym, writing.period.number])
            params = {
                "project": project.acronym,
                "section": _section_label(writing, structures[project.pk]),
                "period": writing.period.number,
                "by": _who(writing.updated_by),
            }
            key = f"{model.__name__.lower()}:{writing.pk}:{writing.status}:{writing.updated_at.isoformat()}"
            if writing.status == Status.SUBMITTED:
                kind, recipients = "writing_submitted", _acceptors(members, writing)
            else:
                kind = "writing_returned" if writing.status == Status.RETURNED else "writing_accepted"
                recipients = _writers(members, writing)
                if writing.status == Status.RETURNED:
                    params["comment"] = writing.returned_comment
            for m in recipients:
                if m.user_id != writing.updated_by_id:
                    drafts.append(Draft(m.user_id, project.pk, kind, f"{kind}:{key}", params, url))
    return drafts


def _writers(members: Members, writing) -> list[Membership]:
    if isinstance(writing, Contribution):
        return members.writers(writing.project_id, {writing.partner_id})
    # A text: who wrote it before it was reviewed (the last saved version by someone else than the reviewer).
    previous = (
        writing.history.exclude(updated_by_id=writing.updated_by_id)
        .exclude(updated_by_id=None)
        .order_by("-history_date", "-history_id")
        .values_list("updated_by_id", flat=True)
        .first()
    )
    return [m for m in members.of(writing.project_id) if m.user_id == previous]


def _acceptors(members: Members, writing) -> list[Membership]:
    """Who accepts it: a contribution, its task's leaders and the coordinators (narrative.access); a text,
    the coordinators."""
    if not isinstance(writing, Contribution):
        return members.of(writing.project_id, may_review_text)
    return members.of(writing.project_id, lambda m: may_review_contribution(m, writing.task))


def plan_dates(members: Members, today: date) -> list[Draft]:
    """Deliverables and milestones not done: due within 14 days, due today, overdue (each once per due day).
    A deliverable to its lead partner's people and the coordinators; a milestone to the coordinators."""
    lookback = timedelta(days=settings.NOTIFICATIONS_LOOKBACK_DAYS)
    drafts = []
    for model in (Deliverable, Milestone):
        rows = model.objects.filter(model.objects.not_done(today), due_month__isnull=False)
        for item in rows.select_related("project").prefetch_related("due_date_changes"):
            due = item.due_date
            if due is None or due > today + timedelta(days=SOON_DAYS) or due < today - lookback:
                continue  # not due soon, or late since before the look-back (the Overdue panel shows it)
            kind = "due_soon" if due > today else "due_today" if due == today else "overdue"
            if model is Deliverable:
                label, recipients = (
                    f"{item.code} {item.title}",
                    members.writers(item.project_id, {item.lead_id}),
                )
                recipients += [m for m in members.coordinators(item.project_id) if m not in recipients]
                what = "deliverable"
            else:
                label, recipients = f"MS{item.number} {item.title}", members.coordinators(item.project_id)
                what = "milestone"
            url = reverse("kpis:deliverables", args=[item.project.acronym])
            params = {"project": item.project.acronym, "item": label, "due_on": due.isoformat()}
            for m in recipients:
                key = f"{kind}:{what}:{item.pk}:{due.isoformat()}"
                drafts.append(Draft(m.user_id, item.project_id, kind, key, params, url))
    return drafts


def periods(members: Members, today: date) -> list[Draft]:
    """A reporting period ending within 14 days, and one that ended (within the look-back), with its open
    items: to each partner's people what their partner still lacks, to the coordinators the report's."""
    lookback = timedelta(days=settings.NOTIFICATIONS_LOOKBACK_DAYS)
    drafts = []
    closing = ReportingPeriod.objects.filter(
        end_date__gte=today - lookback, end_date__lte=today + timedelta(days=SOON_DAYS)
    ).select_related("project")
    for period in closing:
        project = period.project
        kind = "period_ending" if period.end_date >= today else "period_ended"
        url = reverse("narrative:texts", args=[project.acronym, period.number])
        base = {"project": project.acronym, "period": period.number, "end_on": period.end_date.isoformat()}
        report_items = _report_items(project, period)
        by_partner = {}
        for m in members.of(project.pk, lambda m: m.may_record):
            items = []
            if m.partner_id:
                if m.partner_id not in by_partner:
                    by_partner[m.partner_id] = _partner_items(project, period, m.partner_id)
                items += by_partner[m.partner_id]
            if m.is_coordinator:
                items += report_items
            params = base | {"items": [[slug, n] for slug, n in items if n]}
            key = f"{kind}:{period.pk}:{period.end_date.isoformat()}"
            drafts.append(Draft(m.user_id, project.pk, kind, key, params, url))
    return drafts


def _partner_items(project, period, partner_id) -> list[tuple[str, int]]:
    undated = no_evidence = 0
    for kind in RECORD_WORKSPACE_KINDS:
        model = kind.model
        own = model.objects.filter(project=project).filter(model.objects.all().owned_by([partner_id]))
        undated += own.undated().count()
        evidence = Evidence.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"), removed_at=None
        )
        in_period = {
            f"{model.PLACED_BY}__gte": period.start_date,
            f"{model.PLACED_BY}__lte": period.end_date,
        }
        no_evidence += own.filter(**in_period).filter(~Exists(evidence)).count()
    contributions = (
        Contribution.objects.filter(project=project, period=period, partner_id=partner_id)
        .exclude(status__in=[Status.SUBMITTED, Status.ACCEPTED])
        .count()
    )
    return [("undated", undated), ("no_evidence", no_evidence), ("contributions", contributions)]


# The before-freeze check's items (narrative.checks) as counted in a period's notification.
CHECK_ITEMS = {"empty": "sections", "not_accepted": "sections", "comment": "indicators", "late": "late"}


def _report_items(project, period) -> list[tuple[str, int]]:
    counts = defaultdict(int)
    for item in before_freeze(project, period):
        if slug := CHECK_ITEMS.get(item["kind"]):
            counts[slug] += 1
    awaiting = sum(
        kind.model.objects.filter(project=project, review_status=ReviewStatus.SUBMITTED).count()
        for kind in RECORD_WORKSPACE_KINDS
    )
    return [
        ("awaiting_review", awaiting),
        *((slug, counts[slug]) for slug in ("sections", "indicators", "late")),
    ]


def invitations(members: Members, now: datetime) -> list[Draft]:
    """To the coordinator who invited: accepted, or expired unused; to an existing account: invited."""
    since = now - timedelta(days=settings.NOTIFICATIONS_LOOKBACK_DAYS)
    drafts = []
    recent = Invitation.objects.filter(
        Q(accepted_at__gte=since)
        | Q(accepted_at=None, revoked_at=None, sent_at__gte=since - timedelta(days=60))
    ).select_related("project", "created_by")
    for invitation in recent:
        project = invitation.project
        params = {"project": project.acronym, "email": invitation.email, "role": invitation.role}
        people = reverse("people:list", args=[project.acronym])
        if invitation.accepted_at:
            if invitation.created_by_id:
                key = f"invitation_accepted:{invitation.pk}"
                drafts.append(
                    Draft(invitation.created_by_id, project.pk, "invitation_accepted", key, params, people)
                )
        elif invitation.expires_at <= now:
            if invitation.created_by_id and invitation.expires_at >= since:
                key = f"invitation_expired:{invitation.pk}:{invitation.expires_at.isoformat()}"
                params = params | {"expired_on": invitation.expires_at.date().isoformat()}
                drafts.append(
                    Draft(invitation.created_by_id, project.pk, "invitation_expired", key, params, people)
                )
        elif invitation.sent_at >= since:
            for user in accounts_with_email(invitation.email):
                key = f"invitation:{invitation.pk}:{invitation.sent_at.isoformat()}"
                drafts.append(Draft(user.pk, project.pk, "invitation", key, params, ""))
    return drafts


def exports(members: Members, now: datetime) -> list[Draft]:
    """An export ready that its page did not show as ready (the person left it): to who asked for it."""
    ready = Export.objects.filter(
        status=Export.Status.DONE,
        seen_at=None,
        finished_at__lte=now - timedelta(seconds=settings.NOTIFICATIONS_EXPORT_UNSEEN_SECONDS),
        finished_at__gte=now - timedelta(days=1),
    ).select_related("project", "period")
    drafts = []
    for export in ready:
        params = {
            "project": export.project.acronym,
            "report": export.get_kind_display(),
            "period": export.period.number,
            "format": export.get_format_display(),
        }
        url = reverse("reports:export_detail", args=[export.pk])
        drafts.append(
            Draft(
                export.requested_by_id, export.project_id, "export_ready", f"export:{export.pk}", params, url
            )
        )
    return drafts


def all_drafts(now: datetime, today: date) -> list[Draft]:
    """Every situation; the reminders of the day (records awaiting review, due dates, periods) from the
    morning's NOTIFICATIONS_DIGEST_HOUR on, so that nobody is mailed them at midnight."""
    members = Members()
    drafts = [
        *records_returned(members, now),
        *writings(members, now),
        *invitations(members, now),
        *exports(members, now),
    ]
    if timezone.localtime(now).hour >= settings.NOTIFICATIONS_DIGEST_HOUR:
        drafts += [*awaiting_review(members, today), *plan_dates(members, today), *periods(members, today)]
    return drafts
