from django.contrib import admin

from consortium.admin import PartnerRecordAdmin, ProjectChoices
from events.models import Event, EventCountry


class EventCountryInline(ProjectChoices, admin.TabularInline):
    model = EventCountry
    extra = 0


@admin.register(Event)
class EventAdmin(PartnerRecordAdmin):
    list_display = [
        "name",
        "category",
        "report_type",
        "responsible_list",
        "when",
        "location",
        "project",
    ]
    list_filter = ["project", "category", "report_type", "responsible", "review_status"]
    search_fields = [
        *PartnerRecordAdmin.search_fields,
        "description",
        "dates_location",
        "expectations_results",
    ]
    list_select_related = ["project", "mission"]
    filter_horizontal = ["responsible", "organisations"]
    inlines = [EventCountryInline]
    ordering = ["project", "category", "position"]
