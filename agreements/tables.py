import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, CooperationCase, Engagement, SectorInvolvement
from workspace.tables import (
    WIDE_ONLY,
    CountryNameColumn,
    PartnerRecordTable,
    VagueDateColumn,
)

# The list says which agreement: its kind without the "Cooperation agreement: " every row would repeat
# (a label of its own, not the long one cut, so that every language has it whole).
SHORT_KINDS = {
    Agreement.Kind.CLUSTER_CLUSTER: _("cluster-cluster"),
    Agreement.Kind.CLUSTER_INTERMEDIARY: _("cluster/consortium-intermediary"),
    Agreement.Kind.SME_SME: _("SME-SME"),
    Agreement.Kind.BUSINESS: _("Business agreement"),
}
# Who a case is by, without the "By a " of the form's choice.
SHORT_BY = {
    CooperationCase.By.CLUSTER: _("European cluster"),
    CooperationCase.By.SME: _("European SME"),
}


class AgreementTable(PartnerRecordTable):
    kind = tables.Column()
    status = tables.Column()
    signed_date = VagueDateColumn("signed_date", verbose_name=_("Signed"))
    organisation = tables.Column(
        verbose_name=_("Organisation"), order_by=("organisation__name",), attrs=WIDE_ONLY
    )
    country = CountryNameColumn(attrs=WIDE_ONLY)

    class Meta(PartnerRecordTable.Meta):
        model = Agreement
        fields = ["name", "kind", "status", "signed_date", "responsible", "organisation", "country", "review"]

    def render_kind(self, record):
        return SHORT_KINDS.get(record.kind, record.kind)


class EngagementTable(PartnerRecordTable):
    organisation = tables.Column(order_by=("organisation__name",))
    date = VagueDateColumn(verbose_name=_("Date"))
    location = tables.Column(attrs=WIDE_ONLY)

    class Meta(PartnerRecordTable.Meta):
        model = Engagement
        fields = ["name", "organisation", "date", "responsible", "location", "review"]


class SectorInvolvementTable(PartnerRecordTable):
    sectors = tables.ManyToManyColumn(orderable=False, transform=lambda s: s.name)
    organisation = tables.Column(order_by=("organisation__name",))
    date = VagueDateColumn(verbose_name=_("Date"))

    class Meta(PartnerRecordTable.Meta):
        model = SectorInvolvement
        fields = ["name", "sectors", "organisation", "date", "responsible", "review"]


class CooperationCaseTable(PartnerRecordTable):
    by = tables.Column(verbose_name=_("By"))
    partner_country = CountryNameColumn("partner_country", verbose_name=_("Third country"))
    case_type = tables.Column(verbose_name=_("Type"))
    date = VagueDateColumn(verbose_name=_("Date"))

    class Meta(PartnerRecordTable.Meta):
        model = CooperationCase
        fields = ["name", "by", "partner_country", "case_type", "date", "responsible", "review"]

    def render_by(self, record):
        return SHORT_BY.get(record.by, record.by)
