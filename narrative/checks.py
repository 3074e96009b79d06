"""What is missing from a period's report before it is frozen (issue 16 item 7).

`before_freeze(project, period)` -> a list of missing items, each {"kind", "text", "section", "url"}:
`text` a translated sentence naming what is missing, `section` the structure's section key it belongs to
(the report page links there when `url` is empty), `url` the page where it is fixed when one exists:
    - "empty": a section's text (kinds text, indicators and parts, the declaration, each task of I.2) is
      empty, unless the structure prints nothing for it when empty (`empty: ""`: I.3, II.1, II.2);
    - "contribution": a partner's contribution to a task is not submitted (nor accepted);
    - "not_accepted": a text is written but not accepted;
    - "comment": an indicator of the report's II.1 tables behind its expected share has no comment
      (neither the human one, the text "ii1" of that indicator, nor the period's reported comment);
    - "late": a deliverable or milestone late at the period's end (not done by its due month, or done
      after the month first planned) without a reason: no revised due date with a reason, no comment.
Nothing here blocks saving; the freeze asks for a confirmation naming the count instead.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from consortium.models import Deliverable, Milestone, Task
from kpis.engine import BEHIND, build_dashboard
from kpis.models import IndicatorSet
from narrative import markup
from narrative.models import Contribution, Status, Text
from narrative.structure import for_project

REPORTED_SECTIONS = (IndicatorSet.ReportSection.PROGRESS_CALL, IndicatorSet.ReportSection.PROGRESS_PROJECT)
# The narrative pages (another part of issue 16) by URL name; an item links there when the name exists.
TEXTS_URL = "narrative:texts"


def _item(kind, text, section, url="") -> dict:
    return {"kind": kind, "text": text, "section": section, "url": url}


def before_freeze(project, period, *, dashboard=None) -> list[dict]:
    structure = for_project(project)
    texts_url = reverse(TEXTS_URL, args=[project.acronym, period.number])
    texts = list(
        Text.objects.filter(project=project, period=period).select_related(
            "task", "work_package", "indicator"
        )
    )
    own = {t.key: t for t in texts if not (t.task_id or t.work_package_id or t.indicator_id)}
    by_task = {(t.key, t.task_id): t for t in texts if t.task_id}
    comments = {t.indicator.code: t for t in texts if t.indicator_id and markup.plain(t.body)}
    missing = []

    def text_state(text, what: str, section: str, optional: bool = False):
        if text is None or not (markup.plain(text.body) or text.choice):
            if optional:  # the structure prints nothing for it (empty: ""): its tables say it all
                return
            missing.append(_item("empty", _("%(what)s: not written.") % {"what": what}, section, texts_url))
        elif text.status != Status.ACCEPTED:
            missing.append(
                _item(
                    "not_accepted",
                    _("%(what)s: written, not accepted (%(status)s).")
                    % {"what": what, "status": text.get_status_display()},
                    section,
                    texts_url,
                )
            )

    tasks = sorted(
        Task.objects.filter(work_package__project=project).select_related("work_package"),
        key=lambda t: (t.work_package.number, t.code),
    )
    for section in structure.sections:
        if section.kind in ("text", "declaration", "indicators"):
            text_state(own.get(section.key), section.label, section.key, optional=section.empty == "")
        elif section.kind == "parts":
            for part in section.parts:
                text_state(
                    own.get(f"{section.key}.{part.key}"), f"{section.label}: {part.heading}", section.key
                )
        elif section.kind == "work_packages":
            for task in tasks:
                what = _("%(section)s, task %(code)s") % {"section": section.label, "code": task.code}
                text_state(by_task.get((section.key, task.pk)), what, section.key)

    for contribution in (
        Contribution.objects.filter(project=project, period=period)
        .exclude(status__in=[Status.SUBMITTED, Status.ACCEPTED])
        .select_related("task", "partner")
        .order_by("task__code", "partner__number")
    ):
        missing.append(
            _item(
                "contribution",
                _("Task %(code)s: the contribution of %(partner)s is not submitted (%(status)s).")
                % {
                    "code": contribution.task.code,
                    "partner": contribution.partner.short_name,
                    "status": contribution.get_status_display(),
                },
                "i2",
                texts_url,
            )
        )

    indicators_section = next((s.key for s in structure.sections if s.kind == "indicators"), "")
    dashboard = dashboard or build_dashboard(project, period)
    printed = [  # the indicators the progress report prints (II.1's call and project tables)
        result
        for indicator_set, results in dashboard.sets
        if indicator_set.report_section in REPORTED_SECTIONS
        for result in results
    ]
    for result in printed:
        if result.status != BEHIND or result.indicator.code in comments or result.comment.strip():
            continue
        missing.append(
            _item(
                "comment",
                _("Indicator %(code)s is behind its target (%(achieved)s of %(target)s) and has no comment.")
                % {
                    "code": result.indicator.code,
                    "achieved": result.achieved if result.achieved is not None else "—",
                    "target": result.indicator.target,
                },
                indicators_section,
                reverse("kpis:indicator", args=[project.acronym, result.indicator.code]),
            )
        )

    missing += _late_deliverables(project, period, structure)
    for item in missing:  # a text's item opens the Report texts page at its section
        if item["url"] == texts_url:
            item["url"] = f"{texts_url}#section-{item['section']}"
    return missing


def _late_deliverables(project, period, structure) -> list[dict]:
    """Deliverables and milestones late at the period's end with nothing said about it (no revised due date
    with a reason, no comment): consortium's late_without_reason, one query each."""
    section = next((s.key for s in structure.sections if "deliverables" in s.tables), "")
    on = period.end_date
    url = reverse("kpis:deliverables", args=[project.acronym])
    late = []
    for deliverable in (
        Deliverable.objects.filter(project=project).late_without_reason(on=on).order_by("code")
    ):
        if deliverable.done_by(on):
            text = _("Deliverable %(code)s was delivered after its due month M%(month)s and gives no reason.")
        else:
            text = _(
                "Deliverable %(code)s was due in M%(month)s, was not delivered by the period's end and gives "
                "no reason."
            )
        late.append(
            _item("late", text % {"code": deliverable.code, "month": deliverable.current_due}, section)
        )
    for milestone in Milestone.objects.filter(project=project).late_without_reason(on=on).order_by("number"):
        text = _("Milestone %(number)s (%(title)s) was due in M%(month)s, is late and gives no reason.")
        values = {"number": milestone.number, "title": milestone.title, "month": milestone.current_due}
        late.append(_item("late", text % values, section, url))
    return late
