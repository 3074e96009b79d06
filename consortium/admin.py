from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consortium.access import may_review
from consortium.models import (
    Deliverable,
    Membership,
    Milestone,
    Organisation,
    Partner,
    Project,
    ReportingPeriod,
    Sector,
    Task,
    WorkPackage,
)


def superusers_only(request) -> bool:
    """The admin is for the installation's superusers (DESIGN.md §6); everyone else works in the pages."""
    return request.user.is_active and request.user.is_superuser


# Django lets any `is_staff` user with model permissions in; ours has no second step for them either.
admin.site.has_permission = superusers_only


class PartnerRecordAdmin(SimpleHistoryAdmin):
    """Shared admin of every partner record kind (agreements, events, missions, engagements...)."""

    list_display = ["name", "project", "responsible_list", "review_status", "updated_at"]
    list_filter = ["project", "responsible", "review_status"]
    search_fields = ["name", "responsible_text", "external_ref"]
    list_select_related = ["project"]
    filter_horizontal = ["responsible"]
    readonly_fields = ["created_at", "updated_at", "version"]
    ordering = ["project", "position", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsible")

    def save_model(self, request, obj, form, change):
        """An admin edit is an edit like the page's: a new version (an editor who opened the record
        before gets a conflict) and the review rule, unless the review state itself is what changed."""
        if change and form.has_changed():
            if "review_status" not in form.changed_data:
                obj.reopen_review(changed_by_reviewer=may_review(request.user, obj.project))
            obj.version += 1
        super().save_model(request, obj, form, change)

    @admin.display(description="Date", ordering="date_end")
    def when(self, obj):
        """The date as the deliverables write it (04.02.2022, Nov 2022, 2021), or "undated"."""
        return str(obj.date) if obj.date else "undated"

    @admin.display(description="Responsible")
    def responsible_list(self, obj):
        names = [p.short_name for p in obj.responsible.all()]
        return ", ".join(names) or ("consortium" if obj.consortium_led else "")


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0


class PeriodInline(admin.TabularInline):
    model = ReportingPeriod
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = [
        "acronym",
        "title",
        "grant_number",
        "programme",
        "start_date",
        "duration_months",
        "extension_months",
    ]
    search_fields = ["acronym", "title", "grant_number"]
    list_filter = ["programme"]
    inlines = [PartnerInline, PeriodInline]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "number", "legal_name", "country", "is_coordinator", "project"]
    list_filter = ["project", "country", "is_coordinator"]
    search_fields = ["short_name", "legal_name", "aliases"]
    list_select_related = ["project"]
    ordering = ["project", "number"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "project", "partner", "role"]
    list_filter = ["project", "role", "partner"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "partner__short_name"]
    list_select_related = ["user", "project", "partner"]
    autocomplete_fields = ["user"]
    ordering = ["project", "partner__number", "user__username"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "project", "number", "start_date", "end_date"]
    list_filter = ["project"]
    list_select_related = ["project"]
    ordering = ["project", "number"]


@admin.register(WorkPackage)
class WorkPackageAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "lead", "start_month", "end_month", "project"]
    list_filter = ["project"]
    search_fields = ["title"]
    list_select_related = ["project", "lead"]
    ordering = ["project", "number"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "work_package", "lead"]
    list_filter = ["work_package__project", "work_package"]
    search_fields = ["code", "title"]
    list_select_related = ["work_package", "lead"]
    ordering = ["work_package__project", "work_package__number", "code"]


@admin.register(Deliverable)
class DeliverableAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "work_package", "lead", "due_text", "delivered_on"]
    list_filter = ["project", "work_package", "lead"]
    search_fields = ["code", "title", "comments"]
    list_select_related = ["work_package", "lead"]
    ordering = ["project", "code"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "due_text", "achieved", "achieved_on", "project"]
    list_filter = ["project", "achieved"]
    search_fields = ["title", "comments"]
    list_select_related = ["project"]
    ordering = ["project", "number"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "is_mobility"]
    list_filter = ["is_mobility"]
    search_fields = ["name"]
    ordering = ["-is_mobility", "name"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "type", "country", "member_of", "project"]
    list_filter = ["project", "type", "country", "sectors"]
    search_fields = ["name", "acronym", "description"]
    list_select_related = ["project", "member_of"]
    filter_horizontal = ["sectors"]
    ordering = ["project", "name"]
