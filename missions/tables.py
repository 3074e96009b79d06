import django_tables2 as tables

from missions.models import Mission
from workspace.tables import NameColumn, PartnersColumn, RecordTable, ReviewColumn, VagueDateColumn


class MissionTable(RecordTable):
    name = NameColumn()
    kind = tables.Column()
    target_market = tables.Column()
    date = VagueDateColumn(verbose_name="Date")
    participants = tables.ManyToManyColumn(
        orderable=False, transform=lambda p: p.short_name, verbose_name="Partners who went"
    )
    responsible = PartnersColumn()
    review = ReviewColumn()

    class Meta(RecordTable.Meta):
        model = Mission
        fields = ["name", "kind", "target_market", "date", "participants", "responsible", "review"]
