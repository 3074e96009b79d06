import django_filters
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, CaseType, CooperationCase, Engagement, SectorInvolvement
from consortium.models import Organisation, Sector
from missions.models import Mission
from workspace.filters import RecordFilterSet, country_filter


def _missions(request):
    return Mission.objects.visible_to(request.user).order_by("name") if request else Mission.objects.none()


def _sector_filter():
    return django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), method="filter_sector", label=_("Sector"), empty_label=_("All sectors")
    )


def _orgs_in_sector(sector):
    return Organisation.sectors.through.objects.filter(sector=sector).values("organisation")


class AgreementFilter(RecordFilterSet):
    search_fields = ("name", "description", "organisation__name", "other_organisation__name", "date_text")

    kind = django_filters.ChoiceFilter(choices=Agreement.Kind.choices, empty_label=_("All kinds"))
    status = django_filters.ChoiceFilter(choices=Agreement.Status.choices, empty_label=_("Any status"))
    country = country_filter("country")
    sector = _sector_filter()
    mission = django_filters.ModelChoiceFilter(queryset=_missions, empty_label=_("All missions"))

    class Meta:
        model = Agreement
        fields = ["q", "partner", "kind", "status", "country", "sector", "mission", "period", "review"]

    def filter_sector(self, queryset, name, sector):
        return queryset.filter(organisation__in=_orgs_in_sector(sector))


class EngagementFilter(RecordFilterSet):
    search_fields = ("name", "description", "organisation__name", "expectations_results", "location")

    country = country_filter("organisation__country")
    sector = _sector_filter()

    class Meta:
        model = Engagement
        fields = ["q", "partner", "country", "sector", "period", "review"]

    def filter_sector(self, queryset, name, sector):
        return queryset.filter(organisation__in=_orgs_in_sector(sector))


class SectorInvolvementFilter(RecordFilterSet):
    search_fields = ("name", "description", "expectations_results", "location")

    sector = _sector_filter()

    class Meta:
        model = SectorInvolvement
        fields = ["q", "partner", "sector", "period", "review"]

    def filter_sector(self, queryset, name, sector):
        through = SectorInvolvement.sectors.through
        return queryset.filter(pk__in=through.objects.filter(sector=sector).values("sectorinvolvement"))


class CooperationCaseFilter(RecordFilterSet):
    search_fields = (
        "name",
        "description",
        "steps_taken",
        "next_steps",
        "eu_organisation__name",
        "partner_organisation__name",
    )

    by = django_filters.ChoiceFilter(choices=CooperationCase.By.choices, empty_label=_("Clusters and SMEs"))
    case_type = django_filters.ChoiceFilter(choices=CaseType.choices, empty_label=_("All types"))
    country = country_filter("partner_country")

    class Meta:
        model = CooperationCase
        fields = ["q", "partner", "by", "case_type", "country", "period", "review"]
