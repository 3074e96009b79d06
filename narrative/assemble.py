"""Everything a report builder needs from the texts of one project's period, in the structure's order.

`assemble(project, period, numbers=..., image_url=...)` reads the period's texts, work packages, tasks and
images in a fixed number of queries (no query per section, work package or task) and gives plain data:

    {
      "texts": {key: safe HTML} for the sections' own texts (kinds text and indicators, I.4's parts),
      "declaration": {"choice": key or "", "choice_text": the ticked box's text, "fields": {label: value},
                      "html": safe HTML},
      "work_packages": {section key: [{"number", "title", "html",
                                      "tasks": [{"code", "title", "html"}]}]},
      "comments": {indicator code: plain text} (II.1's human comment per indicator, for the table),
      "images": {evidence id: (mime type, bytes)},
    }

The HTML is narrative.markup.to_html with the engine's current numbers (`numbers`: {code: value}) and
the images pointed at `image_url(id)`. Only images attached to a text or a contribution of this project
and period, and only images (mime image/*), are given and shown; any other id in a text is removed.
"""

import html as html_lib
import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from consortium.models import Task, WorkPackage
from narrative import markup
from narrative.models import Contribution, Text
from narrative.structure import for_project
from workspace.models import Evidence


def code_order(code: str) -> tuple:
    """A task code in work-plan order: "1.2" before "1.10"."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\s]+", code.strip()) if p)


def period_images(project, period, text_ids=None) -> dict:
    """{evidence id: Evidence} of the images attached to texts or contributions of the project's period."""
    if text_ids is None:
        text_ids = Text.objects.filter(project=project, period=period).values("id")
    contribution_ids = Contribution.objects.filter(project=project, period=period).values("id")
    kinds = ContentType.objects.get_for_models(Text, Contribution)
    found = Evidence.objects.filter(
        Q(content_type=kinds[Text], object_id__in=text_ids)
        | Q(content_type=kinds[Contribution], object_id__in=contribution_ids),
        removed_at=None,
        mime_type__startswith="image/",
    ).order_by("id")
    return {evidence.pk: evidence for evidence in found}


def as_text(safe_html: str) -> str:
    """The words of a text's safe HTML, one line per paragraph or list item (a table cell's comment)."""
    lines = re.sub(r"</(p|li|tr|blockquote)>|<br\s*/?>", "\n", safe_html).split("\n")
    words = (html_lib.unescape(re.sub(r"<[^>]+>", "", line)).strip() for line in lines)
    return "\n".join(filter(None, words))


def _read(evidence) -> bytes:
    with evidence.file.open("rb") as handle:
        return handle.read()


def assemble(project, period, *, numbers: dict | None = None, image_url=None) -> dict:
    structure = for_project(project)
    numbers = numbers or {}
    texts = list(
        Text.objects.filter(project=project, period=period).select_related("indicator").order_by("id")
    )
    evidence = period_images(project, period, [t.pk for t in texts])
    urls = {pk: image_url(pk) for pk in evidence} if image_url else {}

    def html(text) -> str:
        return markup.to_html(text.body, numbers=numbers, images=urls) if text else ""

    own, per_wp, per_task, per_indicator = {}, {}, {}, {}
    for text in texts:
        if text.task_id:
            per_task[(text.key, text.task_id)] = text
        elif text.work_package_id:
            per_wp[(text.key, text.work_package_id)] = text
        elif text.indicator_id:
            per_indicator[(text.key, text.indicator.code)] = text
        else:
            own[text.key] = text

    result = {"texts": {}, "declaration": {}, "work_packages": {}, "comments": {}, "images": {}}
    wp_sections = [s for s in structure.sections if s.kind == "work_packages"]
    packages = list(WorkPackage.objects.filter(project=project).order_by("number")) if wp_sections else []
    tasks = list(Task.objects.filter(work_package__project=project)) if wp_sections else []
    for section in structure.sections:
        if section.kind == "declaration":
            text = own.get(section.key)
            choice = text.choice if text else ""
            result["declaration"] = {
                "choice": choice,
                "choice_text": dict(section.choices).get(choice, ""),
                "fields": dict(text.fields) if text else {},
                "html": html(text),
            }
        elif section.kind == "work_packages":
            result["work_packages"][section.key] = _work_packages(
                section.key, packages, tasks, per_wp, per_task, html
            )
        if section.kind == "indicators":
            for (key, code), text in per_indicator.items():
                if key == section.key and (shown := as_text(html(text))):
                    result["comments"][code] = shown
        for key in section.text_keys():
            if section.kind != "declaration":
                result["texts"][key] = html(own.get(key))
    result["images"] = {pk: (e.mime_type, _read(e)) for pk, e in evidence.items()}
    return result


def _work_packages(key, packages, tasks, per_wp, per_task, html) -> list[dict]:
    """The work packages of a work_packages section with their tasks in code order; a work package with
    no tasks and no text (project management, reported in I.4) is left out."""
    shown = []
    for package in packages:
        own = sorted((t for t in tasks if t.work_package_id == package.pk), key=lambda t: code_order(t.code))
        text = per_wp.get((key, package.pk))
        if not own and not (text and text.body.strip()):
            continue
        shown.append(
            {
                "number": package.number,
                "title": package.title,
                "html": html(text),
                "tasks": [
                    {"code": t.code, "title": t.title, "html": html(per_task.get((key, t.pk)))} for t in own
                ],
            }
        )
    return shown
