from django.utils.translation import gettext_lazy as _

from events.filters import EventFilter
from events.forms import EventForm, save_target_countries
from events.models import Event
from events.tables import EventTable
from workspace.kinds import RecordKind


def target_countries(event) -> str:
    return ", ".join(c.country.name for c in event.target_countries.all())


EVENTS = RecordKind(
    model=Event,
    slug="event",
    namespace="events",
    form_class=EventForm,
    table_class=EventTable,
    filterset_class=EventFilter,
    detail_fields=[
        "category",
        "report_type",
        "date",
        (_("Target countries"), target_countries),
        "location",
        "dates_location",
        "description",
        "expectations_results",
        "mission",
        "organisations",
        "participants_smes",
        "participants_clusters",
        "participants_rtos",
        "participants_policy",
        "participants_total",
        "responsible",
        "consortium_led",
        "responsible_text",
        "external_ref",
    ],
    select_related=("mission",),
    prefetch_related=("responsible", "target_countries", "organisations"),
    list_select_related=(),
    list_prefetch_related=("responsible", "target_countries"),
    after_save=save_target_countries,
    intro=_("Workshops, international meetings and events, matchmaking meetings and consortium meetings."),
)
