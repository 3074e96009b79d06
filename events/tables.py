import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from events.models import Event
from workspace.tables import (
    WIDE_ONLY,
    PartnerRecordTable,
    VagueDateColumn,
)


class TargetCountriesColumn(tables.Column):
    def __init__(self, **kwargs):
        super().__init__(
            accessor="pk", orderable=False, verbose_name=_("Target countries"), empty_values=(), **kwargs
        )

    def value(self, record):
        return ", ".join(c.country.code for c in record.target_countries.all())

    def render(self, record):
        return self.value(record) or "—"


class EventTable(PartnerRecordTable):
    category = tables.Column(accessor="category_name", order_by="category", verbose_name=_("Category"))
    date = VagueDateColumn(verbose_name=_("Date"))
    location = tables.Column(attrs=WIDE_ONLY)
    countries = TargetCountriesColumn(attrs=WIDE_ONLY)
    participants_total = tables.Column(verbose_name=_("Participants"), attrs=WIDE_ONLY)

    class Meta(PartnerRecordTable.Meta):
        model = Event
        fields = [
            "name",
            "category",
            "date",
            "location",
            "responsible",
            "countries",
            "participants_total",
            "review",
        ]
