"""What a writing page writes: one Text (a section's, a work package's, a task's or an indicator's comment)
or one partner's Contribution to a task, for one project and period, found from the URL, with the same
piece of the previous period (an empty text starts from it) and who may do what with it (narrative.access).

A piece that nobody wrote yet is an unsaved row: the page shows it empty (or prefilled) and saving creates it.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from consortium.models import Partner, Task, WorkPackage
from kpis.models import Indicator
from narrative import access
from narrative.models import Contribution, Text
from narrative.structure import for_project

ABOUT = ("wp", "task", "indicator")


@dataclass
class Piece:
    row: Text | Contribution
    heading: str
    prompt: str
    previous: Text | Contribution | None
    may_write: bool
    may_review: bool
    task: Task | None = None
    partner: Partner | None = None
    section: object = None  # a text's structure.Section
    indicator: Indicator | None = None

    @property
    def is_contribution(self) -> bool:
        return isinstance(self.row, Contribution)


def section_of(structure, key):
    """The section and the heading of a text key ("i4.problems": section i4, its part's heading)."""
    section_key, _dot, part_key = key.partition(".")
    try:
        section = structure.section(section_key)
    except KeyError:
        raise Http404("No such section.") from None
    if key not in section.text_keys():
        raise Http404("No such section.")
    if part_key:
        part = next(p for p in section.parts if p.key == part_key)
        return section, part.heading
    return section, section.label


def _previous_period(project, period):
    return project.periods.filter(number__lt=period.number).order_by("-number").first()


def text_piece(project, period, key, m, *, about="", pk=None) -> Piece:
    """The text of `key` (and of the work package, task or indicator `about` names) and the user's rights."""
    section, heading = section_of(for_project(project), key)
    lookup = {"work_package": None, "task": None, "indicator": None}
    task = work_package = indicator = None
    if about:
        expected = {"work_packages": ("wp", "task"), "indicators": ("indicator",)}.get(section.kind, ())
        if about not in expected:
            raise Http404("No such text.")
        if about == "wp":
            work_package = _get(WorkPackage.objects.filter(project=project), pk)
            lookup["work_package"] = work_package
            heading = str(work_package)
        elif about == "task":
            task = _get(Task.objects.filter(work_package__project=project).select_related("work_package"), pk)
            lookup["task"] = task
            heading = _("Task %(code)s %(title)s") % {"code": task.code, "title": task.title}
        else:
            indicator = _get(Indicator.objects.filter(indicator_set__project=project), pk)
            lookup["indicator"] = indicator
            heading = f"{indicator.code} {indicator.title}"
    found = Text.objects.filter(project=project, key=key, **lookup).select_related("updated_by")
    row = found.filter(period=period).first() or Text(project=project, period=period, key=key, **lookup)
    previous = _previous_period(project, period)
    return Piece(
        row=row,
        heading=heading,
        prompt=section.prompt,
        previous=found.filter(period=previous).first() if previous else None,
        may_write=access.may_write_text(m, task=task, work_package=work_package),
        may_review=access.may_review_text(m),
        task=task,
        section=section,
        indicator=indicator,
    )


def contribution_piece(project, period, task_pk, partner_number, m) -> Piece:
    """One partner's contribution to a task; a partner the task does not take is a 404."""
    task = _get(Task.objects.filter(work_package__project=project).select_related("work_package"), task_pk)
    partner = _get(Partner.objects.filter(project=project), partner_number, field="number")
    participant_ids = [p.pk for p in task.participants.all()]
    allowed = access.contributing_partner_ids(task, participant_ids)
    if allowed is not None and partner.pk not in allowed:
        raise Http404("The partner does not take part in the task.")
    found = Contribution.objects.filter(project=project, task=task, partner=partner).select_related(
        "updated_by"
    )
    row = found.filter(period=period).first() or Contribution(
        project=project, period=period, task=task, partner=partner
    )
    previous = _previous_period(project, period)
    return Piece(
        row=row,
        heading=_("%(partner)s's contribution to task %(code)s %(title)s")
        % {"partner": partner.short_name, "code": task.code, "title": task.title},
        prompt=_(
            "What %(partner)s did in the task during the period; the task leader merges the contributions."
        )
        % {"partner": partner.short_name},
        previous=found.filter(period=previous).first() if previous else None,
        may_write=access.may_contribute(m, task, partner, participant_ids),
        may_review=access.may_review_contribution(m, task),
        task=task,
        partner=partner,
    )


def _get(queryset, value, field="pk"):
    try:
        return queryset.get(**{field: value})
    except queryset.model.DoesNotExist:
        raise Http404("Not found.") from None
