import django_filters
from django.utils.translation import gettext_lazy as _

from communication.models import CommunicationActivity
from workspace.filters import RecordFilterSet


class CommunicationFilter(RecordFilterSet):
    search_fields = ("name", "channel", "link", "description", "location", "dates_location")

    kind = django_filters.ChoiceFilter(
        choices=CommunicationActivity.Kind.choices, label=_("Kind of activity"), empty_label=_("All kinds")
    )

    class Meta:
        model = CommunicationActivity
        fields = ["q", "partner", "kind", "period", "review"]
