from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consortium.admin import ProjectChoices
from kpis.models import Indicator, IndicatorSet, IndicatorTarget, PlanItem, ReportedValue


class IndicatorTargetInline(ProjectChoices, admin.TabularInline):
    model = IndicatorTarget
    extra = 0


@admin.register(IndicatorSet)
class IndicatorSetAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = ["code", "title", "source", "project"]
    list_filter = ["project"]
    search_fields = ["code", "title"]
    list_select_related = ["project"]
    ordering = ["project", "position"]


@admin.register(Indicator)
class IndicatorAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = ["code", "title", "mode", "rule", "target", "indicator_set"]
    list_filter = ["indicator_set__project", "indicator_set", "mode"]
    search_fields = ["code", "title", "rule"]
    list_select_related = ["indicator_set"]
    inlines = [IndicatorTargetInline]
    ordering = ["indicator_set__project", "indicator_set__position", "position"]


@admin.register(ReportedValue)
class ReportedValueAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = ["indicator", "period", "value", "comment"]
    list_filter = ["indicator__indicator_set__project", "period"]
    search_fields = ["indicator__code", "comment"]
    list_select_related = ["indicator", "period"]
    ordering = ["indicator__code", "period__number"]


@admin.register(PlanItem)
class PlanItemAdmin(ProjectChoices, SimpleHistoryAdmin):
    list_display = ["position", "month", "activity", "status", "mission", "project"]
    list_filter = ["project", "status"]
    search_fields = ["activity", "status"]
    list_select_related = ["project", "mission"]
    ordering = ["project", "position"]
