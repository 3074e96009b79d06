import django_filters
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventCategory, EventCountry
from missions.models import Mission
from workspace.filters import RecordFilterSet, country_filter


def _missions(request):
    return Mission.objects.visible_to(request.user).order_by("name") if request else Mission.objects.none()


class ProjectsCategories(BaseChoiceIterator):
    """The categories of the user's projects, by key (a key two projects share is offered once, with the
    name the first of them gives it). Lazy and read once, as workspace.filters.PresentCountries: a search
    that neither filters by kind nor draws the form asks nothing."""

    def __init__(self, user):
        self.user, self._choices = user, None

    def __deepcopy__(self, memo):  # the form copies its fields; the query stays unasked
        return ProjectsCategories(self.user)

    def __iter__(self):
        if self._choices is None:
            rows = EventCategory.objects.visible_to(self.user).order_by("project", "position", "id")
            choices: dict[str, str] = {}
            for key, name in rows.values_list("key", "name"):
                choices.setdefault(key, name)
            self._choices = list(choices.items())
        return iter(self._choices)

    def __len__(self):
        return len(list(iter(self)))


class EventFilter(RecordFilterSet):
    search_fields = ("name", "description", "expectations_results", "location", "dates_location")

    category = django_filters.ChoiceFilter(choices=(), empty_label=_("All categories"), label=_("Kind"))
    report_type = django_filters.ChoiceFilter(
        choices=Event.ReportType.choices, empty_label=_("Any report type")
    )
    country = country_filter("country", label=_("Target country"), present="target_countries__country")
    mission = django_filters.ModelChoiceFilter(queryset=_missions, empty_label=_("All missions"))

    class Meta:
        model = Event
        fields = ["q", "partner", "category", "report_type", "country", "mission", "period", "review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].method = self.filter_country
        if self.request is not None:  # the form is built: its field gets the choices
            self.form.fields["category"].choices = ProjectsCategories(self.request.user)

    def filter_country(self, queryset, name, code):
        return queryset.filter(pk__in=EventCountry.objects.filter(country=code).values("event"))
