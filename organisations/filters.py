import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consortium.models import Organisation, Sector
from workspace.filters import RecordFilterSet, country_filter, partners


class OrganisationFilter(RecordFilterSet):
    search_fields = ("name", "acronym", "description", "website")

    partner = django_filters.ModelChoiceFilter(
        queryset=partners, method="filter_partner", label=_("Partner"), empty_label=_("All partners")
    )
    type = django_filters.ChoiceFilter(choices=Organisation.Type.choices, empty_label=_("All types"))
    country = country_filter("country")
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), method="filter_sector", label=_("Sector"), empty_label=_("All sectors")
    )

    class Meta:
        model = Organisation
        fields = ["q", "partner", "type", "country", "sector"]

    # Organisations have no review state and no date: those shared filters do not apply.
    review = None
    period = None
    reviewer = None

    def filter_partner(self, queryset, name, partner):
        """Kept by the partner, or a member of its cluster."""
        return queryset.filter(Q(owner=partner) | Q(member_of=partner))

    def filter_sector(self, queryset, name, sector):
        return queryset.filter(
            pk__in=Sector.organisations.through.objects.filter(sector=sector).values("organisation")
        )
