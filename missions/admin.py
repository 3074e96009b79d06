from django.contrib import admin

from consortium.admin import PartnerRecordAdmin
from missions.models import Mission


@admin.register(Mission)
class MissionAdmin(PartnerRecordAdmin):
    list_display = ["name", "target_market", "country", "kind", "when", "project"]
    list_filter = ["project", "kind", "country", "review_status"]
    search_fields = [*PartnerRecordAdmin.search_fields, "target_market", "description"]
    filter_horizontal = ["responsible", "participants"]
