from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, CooperationCase, Engagement, SectorInvolvement
from consortium.admin import PartnerRecordAdmin


@admin.register(Engagement)
class EngagementAdmin(PartnerRecordAdmin):
    list_display = ["name", "organisation", "responsible_list", "when", "project"]
    list_select_related = ["project", "organisation"]
    search_fields = [*PartnerRecordAdmin.search_fields, "organisation__name", "description", "dates_location"]


@admin.register(SectorInvolvement)
class SectorInvolvementAdmin(PartnerRecordAdmin):
    list_display = ["name", "organisation", "responsible_list", "when", "project"]
    list_select_related = ["project", "organisation"]
    filter_horizontal = ["responsible", "sectors"]


@admin.register(Agreement)
class AgreementAdmin(PartnerRecordAdmin):
    list_display = [
        "name",
        "kind",
        "status",
        "responsible_list",
        "signed",
        "date_text",
        "project",
    ]
    list_filter = ["project", "kind", "status", "responsible", "review_status"]
    search_fields = [*PartnerRecordAdmin.search_fields, "organisation__name", "description", "date_text"]
    list_select_related = ["project", "organisation"]
    ordering = ["project", "kind", "position"]

    @admin.display(description=_("Signed"), ordering="signed_end")
    def signed(self, obj):
        if obj.status != obj.Status.SIGNED:
            return "-"
        return str(obj.signed_date) if obj.signed_date else gettext("signed, undated")


@admin.register(CooperationCase)
class CooperationCaseAdmin(PartnerRecordAdmin):
    list_display = ["name", "by", "partner_country", "case_type", "objective", "project"]
    list_filter = ["project", "by", "case_type", "objective", "partner_country"]
    list_select_related = ["project"]
