"""Writes that touch several rows of the project frame: a new project with its periods, coordinating partner
and coordinator (HackSoft's `<entity>_<action>`, keyword-only, each row full_clean()ed)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction

from accounts.people import services as people
from consortium.models import Membership, Partner, Project, ReportingPeriod
from consortium.models.project import add_months


@dataclass(frozen=True)
class PeriodSpan:
    number: int
    first_month: int
    last_month: int


def period_spans(*, months: int, length: int) -> list[PeriodSpan]:
    """Periods of `length` months covering `months` months; the last one is shorter if they do not divide."""
    return [
        PeriodSpan(number=i + 1, first_month=first, last_month=min(first + length - 1, months))
        for i, first in enumerate(range(1, months + 1, length))
    ]


def periods_generate(*, project: Project, length: int) -> list[ReportingPeriod]:
    """The project's reporting periods from its start, total months (extensions included) and `length`."""
    periods = []
    for span in period_spans(months=project.total_months, length=length):
        period = ReportingPeriod(
            project=project,
            number=span.number,
            start_date=project.month_start(span.first_month),
            end_date=add_months(project.start_date, span.last_month) - timedelta(days=1),
        )
        period.full_clean()
        period.save()
        periods.append(period)
    return periods


def period_fit(*, project: Project) -> ReportingPeriod:
    """The last period made to end with the project (after an extension, or a shortening): its last day
    becomes the project's. Raises ValidationError when the project ends before that period starts."""
    last = project.last_period()
    last.end_date = project.end_date
    last.full_clean()
    last.save()
    return last


@transaction.atomic
def project_create(
    *, frame: dict, period_months: int, partner: dict, coordinator=None, invite_email: str = "", by
) -> tuple[Project, tuple | None]:
    """A project, its periods, its coordinating partner (number 1) and its coordinator: a membership of an
    existing account, or an invitation to `invite_email`. Returns the project and (invitation, token) or
    None."""
    founding = Membership.FOUNDING_ROLE  # which role that is, is consortium's to say
    project = Project(**frame)
    project.full_clean()
    project.save()
    periods_generate(project=project, length=period_months)
    lead = Partner(project=project, number=1, is_coordinator=True, **partner)
    lead.full_clean()
    lead.save()
    if coordinator is not None:
        membership = Membership(user=coordinator, project=project, partner=lead, role=founding)
        membership.full_clean()
        membership.save()
        return project, None
    return project, people.invitation_create(
        project=project, email=invite_email, role=founding, partner=lead, by=by
    )


def uses(obj) -> dict[str, int]:
    """What still points at `obj`, as {model's plural name: count}: rows of the frame, records, targets,
    memberships. Empty: nothing uses it and it may go. One query per relation; history rows are not
    counted (they keep the deleted row, on purpose)."""
    found: dict[str, int] = {}
    # Hidden relations too: a deliverable's lead partner has no reverse name (related_name="+").
    relations = [f for f in obj._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete]
    for relation in relations:
        model = relation.related_model
        if model._meta.model_name.startswith("historical"):
            continue
        count = model._base_manager.filter(**{relation.field.name: obj}).count()
        if count:
            name = str(model._meta.verbose_name_plural)
            found[name] = found.get(name, 0) + count
    return found
