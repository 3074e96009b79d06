import django_filters

from events.models import Event, EventCountry
from missions.models import Mission
from workspace.filters import RecordFilterSet, country_filter


def _missions(request):
    return Mission.objects.visible_to(request.user).order_by("name") if request else Mission.objects.none()


class EventFilter(RecordFilterSet):
    search_fields = ("name", "description", "expectations_results", "location", "dates_location")

    category = django_filters.ChoiceFilter(
        choices=Event.Category.choices, empty_label="All categories", label="Kind"
    )
    report_type = django_filters.ChoiceFilter(choices=Event.ReportType.choices, empty_label="Any report type")
    country = country_filter("country", label="Target country", present="target_countries__country")
    mission = django_filters.ModelChoiceFilter(queryset=_missions, empty_label="All missions")

    class Meta:
        model = Event
        fields = ["q", "partner", "category", "report_type", "country", "mission", "period", "review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].method = self.filter_country

    def filter_country(self, queryset, name, code):
        return queryset.filter(pk__in=EventCountry.objects.filter(country=code).values("event"))
