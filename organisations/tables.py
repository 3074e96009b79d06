import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from consortium.models import Organisation
from workspace.tables import WIDE_ONLY, CountryNameColumn, NameColumn, RecordTable


class OrganisationTable(RecordTable):
    name = NameColumn()
    type = tables.Column()
    country = CountryNameColumn()
    sectors = tables.ManyToManyColumn(orderable=False, transform=lambda s: s.name, attrs=WIDE_ONLY)
    member_of = tables.Column(verbose_name=_("Member of"), order_by=("member_of__number",))
    owner = tables.Column(verbose_name=_("Kept by"), order_by=("owner__number",))

    class Meta(RecordTable.Meta):
        model = Organisation
        fields = ["name", "acronym", "type", "country", "sectors", "member_of", "owner"]
