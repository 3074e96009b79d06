"""The project's event categories on the set-up pages (setup/kinds.py): listed, added, changed and deleted
by the coordinator with the frame's own machinery; this module only declares them (register(), from
EventsConfig.ready)."""

from django import forms
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.categories import key_from_name
from events.models import Event, EventCategory
from setup import kinds
from setup.forms import FrameRowForm

OWN = _("The consortium's own (not in the report's event tables)")


def _events_of(category):
    return Event.objects.filter(project=category.project_id, category=category.key)


class EventCategoryForm(FrameRowForm):
    """Name, key (made from the name when left empty; fixed once events use it) and report type."""

    unique = ("key",)

    class Meta:
        model = EventCategory
        fields = ["name", "key", "report_type"]
        help_texts = {
            "name": _("As pages, lists and imports name it, e.g. Study tour."),
            "key": _(
                "Small letters, digits and underscores; left empty, it is made from the name. Counting "
                "rules and imports name the category by it; it cannot change once events use it."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        self.fields["key"].widget.attrs["data-key-from"] = self["name"].auto_id  # static/js/site.js
        self.fields["report_type"].choices = [("", OWN), *Event.ReportType.choices]
        self.fields["report_type"].help_text = _(
            "Which of the progress report's five event types its events count as (an event may say "
            "otherwise); the consortium's own meetings are in none of the report's event tables."
        )
        if self.instance.pk and _events_of(self.instance).exists():
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("Events use this category: its key stays.")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = self.siblings().filter(name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                gettext("Name: %(project)s already has a category called %(name)s.")
                % {"project": self.project.acronym, "name": name}
            )
        return name

    def clean_key(self):
        key = (self.cleaned_data.get("key") or "").strip().lower()
        if not key:
            key = key_from_name(self.cleaned_data.get("name") or "")
        if not key:
            raise forms.ValidationError(gettext("Key: give one, or a name with letters or digits."))
        return key

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:  # a new category goes last
            last = max(self.siblings().values_list("position", flat=True), default=0)
            self.instance.position = last + 1
        return cleaned


def uses(category) -> dict[str, int]:
    """The events that hold the category's key: while there are any, it stays."""
    count = _events_of(category).count()
    return {str(Event._meta.verbose_name_plural): count} if count else {}


def rows(project):
    """The project's categories, each with the number of its events (one query)."""
    counted = (
        Event.objects.filter(project=OuterRef("project"), category=OuterRef("key"))
        .order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        EventCategory.objects.filter(project=project)
        .annotate(n_events=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)))
        .order_by("position", "id")
    )


KIND = kinds.FrameKind(
    name="event_category",
    slug="event-categories",
    title=_("Event categories"),
    one=_("category"),
    form=EventCategoryForm,
    rows=rows,
    columns=(
        (_("Name"), lambda c: c.name),
        (_("Counts in the progress report as"), lambda c: c.get_report_type_display() or OWN),
        (_("Key"), lambda c: c.key),
        (_("Events"), lambda c: c.n_events),
    ),
    uses=uses,
    intro=_(
        "The kinds of event this project records, and the progress report's event type each counts as. "
        "A project starts with the template's categories and may add its own (training, study tour, "
        "mentoring session...)."
    ),
)


def register() -> None:
    kinds.register(KIND)
