import django_filters
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventCategory, EventCountry
from missions.models import Mission
from workspace.filters import RecordFilterSet, country_filter


def _missions(request):
    return Mission.objects.visible_to(request.user).order_by("name") if request else Mission.objects.none()


class EventFilter(RecordFilterSet):
    search_fields = ("name", "description", "expectations_results", "location", "dates_location")

    category = django_filters.ChoiceFilter(choices=(), empty_label=_("All categories"), label=_("Kind"))
    report_type = django_filters.ChoiceFilter(choices=Event.ReportType.choices, empty_label="Any report type")
    country = country_filter("country", label="Target country", present="target_countries__country")
    mission = django_filters.ModelChoiceFilter(queryset=_missions, empty_label="All missions")

    class Meta:
        model = Event
        fields = ["q", "partner", "category", "report_type", "country", "mission", "period", "review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].method = self.filter_country
        self.form.fields["category"].choices = self.category_choices()  # the form is built: set its field

    def category_choices(self) -> list[tuple[str, str]]:
        """The categories of the user's projects, by key (a key two projects share is offered once, with
        the name the first of them gives it). One query."""
        if self.request is None:
            return []
        rows = EventCategory.objects.visible_to(self.request.user).order_by("project", "position", "id")
        choices: dict[str, str] = {}
        for key, name in rows.values_list("key", "name"):
            choices.setdefault(key, name)
        return list(choices.items())

    def filter_country(self, queryset, name, code):
        return queryset.filter(pk__in=EventCountry.objects.filter(country=code).values("event"))
