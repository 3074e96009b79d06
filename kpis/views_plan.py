"""The plan (D3.2 Table 12, the cross-fertilisation timeline): its items as workspace pages.

Plan items belong to the project frame, so only the coordinator changes them (DESIGN.md §6: "edit
indicators, targets, periods"); everyone in the project reads them. They have no responsible partner
and no review, so the list has no partner or review filter.
"""

import django_filters
import django_tables2 as tables
from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from kpis.models import PlanItem
from missions.models import Mission
from workspace.filters import RecordFilterSet
from workspace.kinds import RecordKind
from workspace.tables import NameColumn, RecordTable


class PlanItemForm(forms.ModelForm):
    """Its fields are PLAN.fields (below)."""

    class Meta:
        # The form says what to type; the page and the list say it short ("Position", "Row", "Month").
        labels = {
            "month": gettext_lazy("Project month (M6 = 6)"),
            "position": gettext_lazy("Row in the timeline"),
        }

    def __init__(self, *args, project, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.project, self.membership = project, membership
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.fields["mission"].queryset = Mission.objects.filter(project=project).order_by("name")
        if not self.instance.pk:
            last = PlanItem.objects.filter(project=project).aggregate(n=Max("position"))["n"] or 0
            self.fields["position"].initial = last + 1

    def clean_position(self):
        position = self.cleaned_data["position"]
        taken = PlanItem.objects.filter(project=self.project, position=position).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Row %(row)s is already “%(item)s”; choose a free row.")
                % {"row": position, "item": taken.first()}
            )
        return position

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month is not None and not 1 <= month <= self.project.total_months:
            raise forms.ValidationError(
                _("The project runs from M1 to M%(last)s.") % {"last": self.project.total_months}
            )
        return month


class PlanItemTable(RecordTable):
    position = tables.Column(verbose_name=gettext_lazy("Row"))
    month = tables.Column(verbose_name=gettext_lazy("Month"))
    activity = NameColumn(empty_values=())
    status = tables.Column()
    mission = tables.Column(order_by=("mission__name",))

    class Meta(RecordTable.Meta):
        model = PlanItem
        fields = ["position", "month", "activity", "status", "mission"]
        order_by = ("position",)

    def render_month(self, value):
        # Translators: a project month by its number (M1 = the project's first month).
        return pgettext("project month", "M%(number)s") % {"number": value}

    def render_activity(self, record):
        return record.activity or _("(deadline)")


class PlanItemFilter(RecordFilterSet):
    search_fields = ("activity", "status")

    partner = None
    review = None
    reviewer = None
    status = django_filters.ChoiceFilter(
        choices=[("done", pgettext_lazy("plan item status", "Done")), ("open", gettext_lazy("Not done yet"))],
        method="filter_status",
        empty_label=gettext_lazy("Any status"),
    )
    mission = django_filters.ModelChoiceFilter(
        queryset=lambda request: (
            Mission.objects.visible_to(request.user) if request else Mission.objects.none()
        ),
        empty_label=gettext_lazy("All missions"),
    )

    class Meta:
        model = PlanItem
        fields = ["q", "status", "mission", "period"]

    def filter_status(self, queryset, name, value):
        done = queryset.filter(status__iexact="done")
        return done if value == "done" else queryset.exclude(pk__in=done.values("pk"))

    def filter_period(self, queryset, name, period):
        """Items whose deadline month falls within the period."""
        project = period.project
        first, last = project.month_of(period.start_date), project.month_of(period.end_date)
        return queryset.filter(project=project, month__range=(first, last))


PLAN = RecordKind(
    model=PlanItem,
    slug="plan",
    namespace="kpis",
    fields=["position", "month", "activity", "status", "mission"],
    form=PlanItemForm,
    table_class=PlanItemTable,
    filterset_class=PlanItemFilter,
    has_evidence=False,
    intro=gettext_lazy(
        "The cross-fertilisation timeline (D3.2 Table 12): deadline month, activity, status. "
        "The coordinator keeps it up to date."
    ),
)
