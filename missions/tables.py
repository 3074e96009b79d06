import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from missions.models import Mission
from workspace.tables import PartnerRecordTable, VagueDateColumn


class MissionTable(PartnerRecordTable):
    kind = tables.Column()
    target_market = tables.Column()
    date = VagueDateColumn(verbose_name=_("Date"))
    participants = tables.ManyToManyColumn(
        orderable=False, transform=lambda p: p.short_name, verbose_name=_("Partners who went")
    )

    class Meta(PartnerRecordTable.Meta):
        model = Mission
        fields = ["name", "kind", "target_market", "date", "participants", "responsible", "review"]
