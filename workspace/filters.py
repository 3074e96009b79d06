"""Filters every record list shares: free text, partner, review state, reporting period, country."""

import django_filters
from django.db.models import Q
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from consortium.models import Partner, ReportingPeriod, ReviewStatus
from consortium.models.project import Project


def _projects(request):
    return Project.objects.visible_to(request.user) if request else Project.objects.none()


def partners(request):
    return (
        Partner.objects.filter(project__in=_projects(request))
        .select_related("project")
        .order_by("project__acronym", "number")
    )


def periods(request):
    return (
        ReportingPeriod.objects.filter(project__in=_projects(request))
        .select_related("project")
        .order_by("project", "number")
    )


class PartnerChoiceFilter(django_filters.ModelChoiceFilter):
    def label_from_instance(self, partner):  # pragma: no cover - django-filter passes it to the field
        return partner.short_name


class RecordFilterSet(django_filters.FilterSet):
    """Subclasses set `search_fields` (free text); the period tests the model's placing date (`PLACED_BY`)."""

    search_fields: tuple[str, ...] = ("name",)

    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    partner = django_filters.ModelChoiceFilter(
        queryset=partners, method="filter_partner", label=_("Partner"), empty_label=_("All partners")
    )
    review = django_filters.ChoiceFilter(
        field_name="review_status",
        choices=ReviewStatus.choices,
        label=_("Review"),
        empty_label=_("Any review state"),
    )
    # The start page's "Awaiting your review" links here (review=submitted&reviewer=me).
    reviewer = django_filters.ChoiceFilter(
        choices=[("me", _("Records I may review"))],
        method="filter_reviewer",
        label=_("Reviewer"),
        empty_label=_("Anyone"),
    )
    period = django_filters.ModelChoiceFilter(
        queryset=periods, method="filter_period", label=_("Reporting period"), empty_label=_("All periods")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, filter_ in self.filters.items():
            if isinstance(filter_, CountryFilter):
                requested = self.data.get(name) if self.data else None
                filter_.extra["choices"] = PresentCountries(self.queryset, filter_.present, requested)
        for field in self.form.fields.values():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs.setdefault(
                "class", f"{css} form-select-sm" if css == "form-select" else f"{css} form-control-sm"
            )

    def filter_text(self, queryset, name, value):
        """Every word must appear in one of the search fields (case-insensitive)."""
        condition = Q()
        for word in value.split()[:8]:
            any_field = Q()
            for field in self.search_fields:
                any_field |= Q(**{f"{field}__icontains": word})
            condition &= any_field
        return queryset.filter(condition)

    def filter_reviewer(self, queryset, name, value):
        """Records the user may verify or send back (RecordQuerySet.reviewable_by): a subquery, no query."""
        user = self.request.user if self.request else None
        reviewable = queryset.model.objects.reviewable_by(user) if user else queryset.none()
        return queryset.filter(pk__in=reviewable.values("pk"))

    def filter_partner(self, queryset, name, partner):
        # A subquery, not a join: a record with two partners stays one row.
        through = queryset.model.responsible.through
        own = queryset.model._meta.get_field("responsible").m2m_field_name()
        return queryset.filter(pk__in=through.objects.filter(partner=partner).values(own))

    def filter_period(self, queryset, name, period):
        """Records whose placing date ends within the period (an undated record is placed in no period).

        What happened in that one period, by the date that places a record (`PLACED_BY`, the signature
        for agreements); the cumulative rows a report of it lists are `RecordQuerySet.known_by(period)`.
        """
        end = queryset.model.PLACED_BY
        return queryset.filter(
            project=period.project_id, **{f"{end}__range": (period.start_date, period.end_date)}
        )


class PresentCountries(BaseChoiceIterator):
    """The countries the list's own records name (about 15 in a consortium), by name; one query, read once.

    Lazy, so a request that neither filters nor draws the form asks nothing; cached, so checking the
    chosen value and drawing the select share the one query. A requested country no record names stays a
    choice (the list is then empty, as before), so a link to it is not refused as an invalid choice.
    """

    def __init__(self, queryset, path: str, requested: str | None = None):
        self.queryset, self.path, self.requested = queryset, path, requested
        self._choices = None

    def __deepcopy__(self, memo):  # the form copies its fields; the query stays unasked
        return PresentCountries(self.queryset, self.path, self.requested)

    def __iter__(self):
        if self._choices is None:
            codes = set(
                self.queryset.exclude(**{self.path: ""})
                .order_by()
                .values_list(self.path, flat=True)
                .distinct()
            )
            if self.requested and countries.name(self.requested):
                codes.add(self.requested)
            self._choices = sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])
        return iter(self._choices)

    def __len__(self):
        return len(list(iter(self)))


class CountryFilter(django_filters.ChoiceFilter):
    """A country select offering only the countries present in the records listed (`present`: their path)."""

    def __init__(self, *args, present: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.present = present or self.field_name


COUNTRY = _("Country")


def country_filter(field_name: str, label=COUNTRY, present: str | None = None):
    return CountryFilter(
        field_name=field_name,
        present=present,
        choices=(),  # set per request by RecordFilterSet from the records it lists
        label=label,
        empty_label=_("All countries"),
        distinct=True,
    )
