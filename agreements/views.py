"""Agreements, engagements, sector involvements, cooperation cases: pages from the generic workspace views."""

from django.utils.translation import gettext_lazy as _

from agreements.filters import (
    AgreementFilter,
    CooperationCaseFilter,
    EngagementFilter,
    SectorInvolvementFilter,
)
from agreements.forms import AgreementForm, CooperationCaseForm, EngagementForm, SectorInvolvementForm
from agreements.models import Agreement, CooperationCase, Engagement, SectorInvolvement
from agreements.tables import (
    AgreementTable,
    CooperationCaseTable,
    EngagementTable,
    SectorInvolvementTable,
)
from workspace.kinds import RecordKind

# When, where, what and with what result: the columns D3.2 Tables 2 and 11 share after whom a row concerns.
HAPPENED = ["date", "dates_location", "location", "description", "expectations_results"]

AGREEMENTS = RecordKind(
    model=Agreement,
    slug="agreement",
    namespace="agreements",
    fields=[
        "kind",
        "status",
        "name",
        "organisation",
        "other_organisation",
        "partner_organisation",
        "country",
        "signed_date",
        "expected_date",
        "date_text",
        "description",
        "dates_location",
        "location",
        "expectations_results",
        "case_type",
        "objective",
        "sector_technology",
        "event",
        "mission",
    ],
    # The page says where the agreement stands and when first; the form asks who it is with first.
    detail_first=("kind", "status", "signed_date", "expected_date", "date_text"),
    form=AgreementForm,
    table_class=AgreementTable,
    filterset_class=AgreementFilter,
    list_select_related=("organisation",),
    intro=_(
        "Cooperation agreements (cluster-cluster, cluster-intermediary, SME-SME) and business agreements. "
        "Only signed ones count, in the period of their signature date."
    ),
)
ENGAGEMENTS = RecordKind(
    model=Engagement,
    slug="engagement",
    namespace="agreements",
    fields=["name", "organisation", *HAPPENED],
    form=EngagementForm,
    table_class=EngagementTable,
    filterset_class=EngagementFilter,
    intro=_("Organisations that benefited from the action (D3.2 Table 2)."),
)
SECTOR_INVOLVEMENTS = RecordKind(
    model=SectorInvolvement,
    slug="sector_involvement",
    namespace="agreements",
    fields=["name", "sectors", "organisation", *HAPPENED],
    form=SectorInvolvementForm,
    table_class=SectorInvolvementTable,
    filterset_class=SectorInvolvementFilter,
    intro=_("Sectors beyond mobility involved in the action (D3.2 Table 11)."),
)
COOPERATION_CASES = RecordKind(
    model=CooperationCase,
    slug="cooperation_case",
    namespace="agreements",
    fields=[
        "by",
        "name",
        "eu_organisation",
        "partner_organisation",
        "partner_country",
        "case_type",
        "objective",
        "objective_other",
        "sector_technology",
        "date",
        "description",
        "steps_taken",
        "next_steps",
        "agreement",
    ],
    form=CooperationCaseForm,
    table_class=CooperationCaseTable,
    filterset_class=CooperationCaseFilter,
    intro=_(
        "Cooperation cases of European clusters and SMEs with third-country partners (technical progress "
        "report, sections 4 to 6): counted per third country and case type, cumulative from the start."
    ),
)
