"""Query expressions several apps build their pages' single queries from."""

from django.db.models import Count, IntegerField, Subquery
from django.db.models.functions import Coalesce


def count_subquery(queryset, outer_field: str):
    """COUNT(*) of `queryset` (filtered on OuterRef by the caller) grouped by `outer_field`, as an integer
    subquery: 0 where there are none."""
    counted = queryset.order_by().values(outer_field).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
