"""The rows of a project's frame that the set-up pages list, add, change and delete: one declaration each
(what the list shows, how it is fetched, which form changes it), read by the views, the URLs and the list
template alike."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from consortium.dates import format_date
from consortium.models import Deliverable, Milestone, Partner, ReportingPeriod, Task, WorkPackage
from setup import forms


def _month(value) -> str:
    return f"M{value}" if value else "—"


def _lead(row) -> str:
    """The partner leading a work package, task or deliverable, or a dash."""
    return row.lead.short_name if row.lead else "—"


def _months(row) -> str:
    if not row.start_month and not row.end_month:
        return "—"
    return f"{_month(row.start_month)}–{_month(row.end_month)}"


@dataclass(frozen=True)
class FrameKind:
    name: str  # URL names: setup:<name>_list, _add, _edit, _delete
    slug: str  # the URL segment
    title: object  # the list page's heading
    one: object  # "a partner", for the buttons and the confirm page
    form: type
    rows: Callable  # project -> the list's QuerySet, related rows fetched
    columns: tuple  # (heading, row -> text), the first column names the row
    # row -> {what: count} still using the row, which then may not go (None: its reverse relations,
    # setup.services.uses); for rows that records name by a key, not a foreign key.
    uses: Callable | None = None
    intro: object = ""  # a sentence under the list's heading

    def cells(self, row) -> list[str]:
        return [str(value(row)) for _heading, value in self.columns]

    def of(self, project):
        """The rows an edit or delete page may name: the project's own (another project's are a 404)."""
        model = self.form._meta.model
        if model is Task:
            return model.objects.filter(work_package__project=project)
        return model.objects.filter(project=project)


KINDS = [
    FrameKind(
        name="period",
        slug="periods",
        title=_("Reporting periods"),
        one=_("reporting period"),
        form=forms.PeriodForm,
        rows=lambda project: ReportingPeriod.objects.filter(project=project).order_by("number"),
        columns=(
            (_("Period"), lambda p: f"P{p.number}"),
            (_("First day"), lambda p: format_date(p.start_date)),
            (_("Last day"), lambda p: format_date(p.end_date)),
        ),
    ),
    FrameKind(
        name="partner",
        slug="partners",
        title=_("Partners"),
        one=_("partner"),
        form=forms.PartnerForm,
        rows=lambda project: Partner.objects.filter(project=project).order_by("number"),
        columns=(
            (_("No."), lambda p: p.number),
            (_("Short name"), lambda p: p.short_name),
            (_("Legal name"), lambda p: p.legal_name),
            (_("Country"), lambda p: p.country.name),
            (_("Coordinating"), lambda p: _("yes") if p.is_coordinator else ""),
        ),
    ),
    FrameKind(
        name="work_package",
        slug="work-packages",
        title=_("Work packages"),
        one=_("work package"),
        form=forms.WorkPackageForm,
        rows=lambda project: (
            WorkPackage.objects.filter(project=project)
            .select_related("lead")
            .annotate(n_tasks=Count("tasks"))
            .order_by("number")
        ),
        columns=(
            (_("WP"), lambda w: f"WP{w.number}"),
            (_("Title"), lambda w: w.title),
            (_("Leader"), _lead),
            (_("Months"), _months),
            (_("Tasks"), lambda w: w.n_tasks),
        ),
    ),
    FrameKind(
        name="task",
        slug="tasks",
        title=_("Tasks"),
        one=_("task"),
        form=forms.TaskForm,
        rows=lambda project: (
            Task.objects.filter(work_package__project=project)
            .select_related("work_package", "lead")
            .order_by("work_package__number", "code")
        ),
        columns=(
            (_("Task"), lambda t: f"T{t.code}"),
            (_("Title"), lambda t: t.title),
            (_("Work package"), lambda t: f"WP{t.work_package.number}"),
            (_("Leader"), _lead),
            (_("Months"), _months),
        ),
    ),
    FrameKind(
        name="deliverable",
        slug="deliverables",
        title=_("Deliverables"),
        one=_("deliverable"),
        form=forms.DeliverableForm,
        rows=lambda project: (
            Deliverable.objects.filter(project=project)
            .select_related("work_package", "lead")
            .order_by("work_package__number", "code")
        ),
        columns=(
            (_("No."), lambda d: d.code),
            (_("Name"), lambda d: d.title),
            (_("WP"), lambda d: f"WP{d.work_package.number}" if d.work_package else "—"),
            (_("Lead"), _lead),
            (_("Type"), lambda d: d.type or "—"),
            (_("Dissemination"), lambda d: d.dissemination or "—"),
            (_("Due"), lambda d: _month(d.due_month)),
        ),
    ),
    FrameKind(
        name="milestone",
        slug="milestones",
        title=_("Milestones"),
        one=_("milestone"),
        form=forms.MilestoneForm,
        rows=lambda project: Milestone.objects.filter(project=project).order_by("number"),
        columns=(
            (_("No."), lambda m: f"MS{m.number}"),
            (_("Title"), lambda m: m.title),
            (_("Due"), lambda m: _month(m.due_month)),
        ),
    ),
]
BY_NAME = {kind.name: kind for kind in KINDS}


def register(kind: FrameKind) -> None:
    """Add the rows of an app above this one to the set-up pages (its AppConfig.ready: before the URLs are
    built from KINDS). The index page lists it after the frame's own rows."""
    if kind.name not in BY_NAME:  # ready() may run twice in tests
        KINDS.append(kind)
        BY_NAME[kind.name] = kind
