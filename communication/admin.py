from django.contrib import admin

from communication.models import CommunicationActivity
from consortium.admin import PartnerRecordAdmin


@admin.register(CommunicationActivity)
class CommunicationActivityAdmin(PartnerRecordAdmin):
    list_display = ["name", "kind", "channel", "when", "project"]
    list_filter = ["project", "kind", "review_status"]
    search_fields = [*PartnerRecordAdmin.search_fields, "channel", "description"]
    filter_horizontal = ["responsible"]
