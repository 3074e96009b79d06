import django_tables2 as tables

from agreements.models import Agreement, CooperationCase, Engagement, SectorInvolvement
from workspace.tables import (
    WIDE_ONLY,
    CountryNameColumn,
    PartnerRecordTable,
    VagueDateColumn,
)


class AgreementTable(PartnerRecordTable):
    kind = tables.Column()
    status = tables.Column()
    signed_date = VagueDateColumn("signed_date", verbose_name="Signed")
    organisation = tables.Column(
        verbose_name="Organisation", order_by=("organisation__name",), attrs=WIDE_ONLY
    )
    country = CountryNameColumn(attrs=WIDE_ONLY)

    class Meta(PartnerRecordTable.Meta):
        model = Agreement
        fields = ["name", "kind", "status", "signed_date", "responsible", "organisation", "country", "review"]

    def render_kind(self, record):
        # The list says which agreement; the long label repeats "Cooperation agreement" on every row.
        return record.get_kind_display().removeprefix("Cooperation agreement: ")


class EngagementTable(PartnerRecordTable):
    organisation = tables.Column(order_by=("organisation__name",))
    date = VagueDateColumn(verbose_name="Date")
    location = tables.Column(attrs=WIDE_ONLY)

    class Meta(PartnerRecordTable.Meta):
        model = Engagement
        fields = ["name", "organisation", "date", "responsible", "location", "review"]


class SectorInvolvementTable(PartnerRecordTable):
    sectors = tables.ManyToManyColumn(orderable=False, transform=lambda s: s.name)
    organisation = tables.Column(order_by=("organisation__name",))
    date = VagueDateColumn(verbose_name="Date")

    class Meta(PartnerRecordTable.Meta):
        model = SectorInvolvement
        fields = ["name", "sectors", "organisation", "date", "responsible", "review"]


class CooperationCaseTable(PartnerRecordTable):
    by = tables.Column(verbose_name="By")
    partner_country = CountryNameColumn("partner_country", verbose_name="Third country")
    case_type = tables.Column(verbose_name="Type")
    date = VagueDateColumn(verbose_name="Date")

    class Meta(PartnerRecordTable.Meta):
        model = CooperationCase
        fields = ["name", "by", "partner_country", "case_type", "date", "responsible", "review"]

    def render_by(self, record):
        return record.get_by_display().removeprefix("By a ")
