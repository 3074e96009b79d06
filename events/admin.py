from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consortium.admin import PartnerRecordAdmin, ProjectChoices
from events.models import Event, EventCategory, EventCountry


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


@admin.register(EventCategory)
class EventCategoryAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = ["name", "key", "report_type", "position", "project"]
    list_filter = ["project", "report_type"]
    search_fields = ["name", "key"]
    list_select_related = ["project"]
    ordering = ["project", "position"]
