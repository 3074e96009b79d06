"""A project's event categories: the template every new project starts with, and what reads them.

A category is held by its key on the event (Event.category), so everything that shows or types events
asks here for the project's names and report types (one query per project, or an annotation:
EventQuerySet.with_category_name / with_type_in_report)."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from events.models import Event, EventCategory


def key_from_name(name: str) -> str:
    """The key a name suggests: "Study tour" -> study_tour."""
    return slugify(name).replace("-", "_")[:40]


def template_categories(project) -> list[EventCategory]:
    """The template's categories (Event.Category) as unsaved rows of `project`, in the template's order.
    Their names are the project's data from then on (the reports print them), so they are written in the
    site's language (English), whatever the language of the person who creates the project."""
    with translation.override(settings.LANGUAGE_CODE):
        return _template_rows(project)


def _template_rows(project) -> list[EventCategory]:
    return [
        EventCategory(
            project=project,
            key=category.value,
            name=str(category.label),
            report_type=Event.TEMPLATE_REPORT_TYPES[category],
            position=position,
        )
        for position, category in enumerate(Event.Category, start=1)
    ]


@transaction.atomic
def categories_create_from_template(*, project) -> list[EventCategory]:
    """Give `project` the template's categories it does not have yet (by key)."""
    have = set(EventCategory.objects.filter(project=project).values_list("key", flat=True))
    rows = [row for row in template_categories(project) if row.key not in have]
    for row in rows:
        row.full_clean()
    return EventCategory.objects.bulk_create(rows)


def on_project_saved(sender, instance, created, raw=False, **kwargs):
    """post_save of consortium.Project: a new project starts with the template's categories. (The set-up
    app, which creates projects, is below this one and cannot call it; a fixture load (raw) brings its
    own rows.)"""
    if created and not raw:
        categories_create_from_template(project=instance)


def category_choices(project, current: str = "") -> list[tuple[str, str]]:
    """(key, name) of the project's categories, in their order; a `current` key the project no longer has
    stays offered, so an old event's form still shows what it holds."""
    choices = list(EventCategory.objects.filter(project=project).values_list("key", "name"))
    if current and current not in dict(choices):
        choices.append((current, current))
    return choices
