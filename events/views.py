from django.utils.translation import gettext_lazy as _

from events.filters import EventFilter
from events.forms import COUNTS, EventForm, save_target_countries
from events.models import Event
from events.tables import EventTable
from workspace.kinds import RecordKind


def target_countries(event) -> str:
    return ", ".join(c.country.name for c in event.target_countries.all())


EVENTS = RecordKind(
    model=Event,
    slug="event",
    namespace="events",
    fields=[
        "category",
        "report_type",
        "name",
        "date",
        (_("Target countries"), target_countries),  # the form's own field: EventForm.countries
        "location",
        "dates_location",
        "description",
        "expectations_results",
        "mission",
        "organisations",
        *COUNTS,
        "participants_total",
    ],
    form=EventForm,
    table_class=EventTable,
    filterset_class=EventFilter,
    # The declared relations and the target countries its page derives.
    prefetch_related=("responsible", "target_countries", "organisations"),
    list_select_related=(),
    list_prefetch_related=("responsible", "target_countries"),
    after_save=save_target_countries,
    with_values=lambda events: events.with_category_name(),
    intro=_("Workshops, international meetings and events, matchmaking meetings and consortium meetings."),
)
