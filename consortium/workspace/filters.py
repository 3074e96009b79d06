"""Filters every record list shares: free text, partner, review state, reporting period, country."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from consortium.models import Partner, ReportingPeriod, ReviewStatus
from consortium.models.project import Project
from consortium.workspace.widgets import quicken


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

    q = django_filters.CharFilter(method="filter_text", label="Search")
    partner = django_filters.ModelChoiceFilter(
        queryset=partners, method="filter_partner", label="Partner", empty_label="All partners"
    )
    review = django_filters.ChoiceFilter(
        field_name="review_status",
        choices=ReviewStatus.choices,
        label="Review",
        empty_label="Any review state",
    )
    # The start page's "Awaiting your review" links here (review=submitted&reviewer=me).
    reviewer = django_filters.ChoiceFilter(
        choices=[("me", _("Records I may review"))],
        method="filter_reviewer",
        label=_("Reviewer"),
        empty_label=_("Anyone"),
    )
    period = django_filters.ModelChoiceFilter(
        queryset=periods, method="filter_period", label="Reporting period", empty_label="All periods"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs.setdefault(
                "class", f"{css} form-select-sm" if css == "form-select" else f"{css} form-control-sm"
            )
        quicken(self.form)

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


def country_choices() -> list[tuple[str, str]]:
    return list(countries)


def country_filter(field_name: str, label: str = "Country"):
    return django_filters.ChoiceFilter(
        field_name=field_name,
        # A function, not a list: the filter form is deep-copied per request, and copying 250 country
        # tuples cost more than drawing them.
        choices=country_choices,
        label=label,
        empty_label="All countries",
        distinct=True,
    )
