from functools import partial

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from consortium.access import may_review
from consortium.models import (
    Deliverable,
    DueDateChange,
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


def project_path(model) -> str | None:
    """The lookup from `model` to its project: "project", "indicator_set__project" (one foreign key
    further), "" for a Project itself, None for a model of no project (a user, a sector)."""
    if model is Project:
        return ""

    def project_key(m):
        return next((f for f in m._meta.get_fields() if f.name == "project" and f.many_to_one), None)

    if project_key(model):
        return "project"
    for field in model._meta.get_fields():
        related = field.related_model if field.many_to_one and field.concrete else None
        if related not in (None, model) and project_key(related):
            return f"{field.name}__project"
    return None


def follow(obj, path: str):
    """The object at the end of `path` ("indicator_set__project"), None where a link on the way is empty."""
    for name in path.split("__") if path else []:
        obj = getattr(obj, name) if obj is not None else None
    return obj


def project_of(obj) -> Project | None:
    """The project an admin object belongs to (None for a new one, or one of no project)."""
    path = project_path(type(obj)) if obj is not None else None
    return None if path is None else follow(obj, path)


def project_label(obj, path: str) -> str:
    """A choice named with its project beside it ("ELCA · AMZ"): the admin serves every project at once."""
    project = follow(obj, path)
    return f"{project} · {obj}" if project is not None else str(obj)


class ProjectNamedFilter(admin.RelatedFieldListFilter):
    """The changelist's filter by a partner, a period, an indicator set...: named with its project too."""

    def field_choices(self, field, request, model_admin):
        path = project_path(field.related_model)
        ordering = self.field_admin_ordering(field, request, model_admin) or ()
        objects = field.related_model._default_manager.select_related(path).order_by(*ordering)
        return [(obj.pk, project_label(obj, path)) for obj in objects]


class ProjectChoices:
    """Admin (or inline) mixin: every choice of a project's object (a partner, a period, an indicator
    set...) names its project, so the lists of two projects are told apart; on an object of one project the
    choices are that project's only (and the shared ones of no project).

    The project being edited travels on the request: the admin builds a form's fields inside get_form /
    get_formset, and the ModelAdmin itself is shared between requests.
    """

    # A typed web address without a scheme is read as https, as on the product's own forms (and as Django
    # 6 will by default; Django 5.2 warns when a form leaves it unsaid).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_form(self, request, obj=None, **kwargs):
        request.admin_project = project_of(obj)
        return super().get_form(request, obj, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        request.admin_project = project_of(obj)  # an inline: `obj` is the object of the page
        return super().get_formset(request, obj, **kwargs)

    def get_list_filter(self, request):
        return [self.named_filter(entry) for entry in super().get_list_filter(request)]

    def named_filter(self, entry):
        if not isinstance(entry, str):
            return entry
        field = get_fields_from_path(self.model, entry)[-1]
        return (
            (entry, ProjectNamedFilter) if field.is_relation and project_path(field.related_model) else entry
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self.name_the_project(formfield, db_field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self.name_the_project(formfield, db_field, request)

    @staticmethod
    def name_the_project(formfield, db_field, request):
        path = project_path(db_field.related_model)
        if not path or formfield is None or not hasattr(formfield, "queryset"):
            return formfield
        queryset = formfield.queryset.select_related(path)  # the labels' projects: no query per choice
        project = getattr(request, "admin_project", None)
        if project is not None:
            queryset = queryset.filter(Q(**{path: project}) | Q(**{f"{path}__isnull": True}))
        formfield.queryset = queryset
        formfield.label_from_instance = partial(project_label, path=path)
        return formfield


class PartnerRecordAdmin(ProjectChoices, SimpleHistoryAdmin):
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

    @admin.display(description=gettext_lazy("Date"), ordering="date_end")
    def when(self, obj):
        """The date as the deliverables write it (04.02.2022, Nov 2022, 2021), or "undated"."""
        return str(obj.date) if obj.date else _("undated")

    @admin.display(description=gettext_lazy("Responsible"))
    def responsible_list(self, obj):
        names = [p.short_name for p in obj.responsible.all()]
        return ", ".join(names) or (_("consortium") if obj.consortium_led else "")


class PartnerInline(ProjectChoices, admin.TabularInline):
    model = Partner
    extra = 0


class PeriodInline(ProjectChoices, admin.TabularInline):
    model = ReportingPeriod
    extra = 0


@admin.register(Project)
class ProjectAdmin(ProjectChoices, SimpleHistoryAdmin):
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
class PartnerAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = ["short_name", "number", "legal_name", "country", "is_coordinator", "project"]
    list_filter = ["project", "country", "is_coordinator"]
    search_fields = ["short_name", "legal_name", "aliases"]
    list_select_related = ["project"]
    ordering = ["project", "number"]


@admin.register(Membership)
class MembershipAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = ["user", "project", "partner", "role"]
    list_filter = ["project", "role", "partner"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "partner__short_name"]
    list_select_related = ["user", "project", "partner"]
    autocomplete_fields = ["user"]
    ordering = ["project", "partner__number", "user__username"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = ["__str__", "project", "number", "start_date", "end_date"]
    list_filter = ["project"]
    list_select_related = ["project"]
    ordering = ["project", "number"]


@admin.register(WorkPackage)
class WorkPackageAdmin(ProjectChoices, admin.ModelAdmin):
    list_display = ["number", "title", "lead", "start_month", "end_month", "project"]
    list_filter = ["project"]
    search_fields = ["title"]
    list_select_related = ["project", "lead"]
    ordering = ["project", "number"]


@admin.register(Task)
class TaskAdmin(ProjectChoices, admin.ModelAdmin):
    list_display = ["code", "title", "work_package", "lead"]
    list_filter = ["work_package__project", "work_package"]
    search_fields = ["code", "title"]
    list_select_related = ["work_package", "lead"]
    ordering = ["work_package__project", "work_package__number", "code"]


@admin.register(Deliverable)
class DeliverableAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = [
        "code",
        "title",
        "work_package",
        "lead",
        "due_text",
        "status",
        "submitted_on",
        "approved_on",
    ]
    list_filter = ["project", "status", "work_package", "lead"]
    search_fields = ["code", "title", "comments"]
    list_select_related = ["work_package", "lead"]
    ordering = ["project", "code"]


@admin.register(Milestone)
class MilestoneAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = ["number", "title", "due_text", "achieved", "achieved_on", "project"]
    list_filter = ["project", "achieved"]
    search_fields = ["title", "comments"]
    list_select_related = ["project"]
    ordering = ["project", "number"]


@admin.register(DueDateChange)
class DueDateChangeAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = ["__str__", "deliverable", "milestone", "decided_on", "project"]
    list_filter = ["project"]
    search_fields = ["reason"]
    list_select_related = ["project", "deliverable", "milestone"]
    ordering = ["project", "pk"]


@admin.register(Sector)
class SectorAdmin(ProjectChoices, admin.ModelAdmin):
    list_display = ["name", "is_mobility"]
    list_filter = ["is_mobility"]
    search_fields = ["name"]
    ordering = ["-is_mobility", "name"]


@admin.register(Organisation)
class OrganisationAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = ["name", "acronym", "type", "country", "member_of", "project"]
    list_filter = ["project", "type", "country", "sectors"]
    search_fields = ["name", "acronym", "description"]
    list_select_related = ["project", "member_of"]
    filter_horizontal = ["sectors"]
    ordering = ["project", "name"]
