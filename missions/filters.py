import django_filters
from django.utils.translation import gettext_lazy as _

from missions.models import Mission
from workspace.filters import RecordFilterSet, country_filter


class MissionFilter(RecordFilterSet):
    search_fields = ("name", "target_market", "description", "results", "location", "notes")

    kind = django_filters.ChoiceFilter(choices=Mission.Kind.choices, empty_label=_("All kinds"))
    country = country_filter("country")

    class Meta:
        model = Mission
        fields = ["q", "partner", "kind", "country", "period", "review"]

    def filter_partner(self, queryset, name, partner):
        """Missions a partner is responsible for or took part in (the work plan counts participations)."""
        led = super().filter_partner(queryset, name, partner)
        joined = Mission.participants.through.objects.filter(partner=partner).values("mission")
        return queryset.filter(pk__in=led.values("pk")) | queryset.filter(pk__in=joined)
