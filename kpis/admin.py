from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consortium.admin import ProjectChoices
from kpis.models import CountingRule, Indicator, IndicatorSet, IndicatorTarget, PlanItem, ReportedValue


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
    list_display = ["code", "title", "mode", "counting_rule", "target", "indicator_set"]
    list_filter = ["indicator_set__project", "indicator_set", "mode"]
    search_fields = ["code", "title", "counting_rule__name"]
    list_select_related = ["indicator_set", "counting_rule"]
    inlines = [IndicatorTargetInline]
    ordering = ["indicator_set__project", "indicator_set__position", "position"]


@admin.register(CountingRule)
class CountingRuleAdmin(ProjectChoices, SimpleHistoryAdmin):
    """The raw parts (conditions as JSON): the product's rule page composes them without typing; the check
    `manage.py check --database default` names a rule whose parts do not exist."""

    list_display = ["name", "title", "record_kind", "counts", "project"]
    list_filter = ["project", "record_kind"]
    search_fields = ["name", "title"]
    list_select_related = ["project"]
    ordering = ["project", "name"]


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
