import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from communication.models import CommunicationActivity
from workspace.tables import WIDE_ONLY, PartnerRecordTable, VagueDateColumn


class AudienceColumn(tables.Column):
    """The audience reached in all (the record's own fields added up; empty when none is known)."""

    def __init__(self, **kwargs):
        super().__init__(
            accessor="audience_total", orderable=False, verbose_name=_("Audience reached"), **kwargs
        )


class CommunicationTable(PartnerRecordTable):
    kind = tables.Column(verbose_name=_("Kind of activity"))
    date = VagueDateColumn(verbose_name=_("Date"))
    channel = tables.Column(verbose_name=_("Channel"), attrs=WIDE_ONLY)
    audience = AudienceColumn(attrs=WIDE_ONLY)

    class Meta(PartnerRecordTable.Meta):
        model = CommunicationActivity
        fields = ["name", "kind", "date", "channel", "audience", "responsible", "review"]
