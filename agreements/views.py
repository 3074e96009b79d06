"""Agreements, engagements and sector involvements: pages from the workspace's generic views."""

from agreements.filters import AgreementFilter, EngagementFilter, SectorInvolvementFilter
from agreements.forms import AgreementForm, EngagementForm, SectorInvolvementForm
from agreements.models import Agreement, Engagement, SectorInvolvement
from agreements.tables import AgreementTable, EngagementTable, SectorInvolvementTable
from consortium.workspace.kinds import RecordKind

PARTNER = ["responsible", "consortium_led", "responsible_text"]

AGREEMENTS = RecordKind(
    model=Agreement,
    slug="agreement",
    namespace="agreements",
    form_class=AgreementForm,
    table_class=AgreementTable,
    filterset_class=AgreementFilter,
    detail_fields=[
        "kind",
        "status",
        "signed_date",
        "expected_date",
        "date_text",
        "organisation",
        "other_organisation",
        "country",
        "description",
        "dates_location",
        "location",
        "expectations_results",
        "case_type",
        "objective",
        "event",
        "mission",
        *PARTNER,
        "external_ref",
    ],
    select_related=("organisation", "other_organisation", "event", "mission"),
    intro="Cooperation agreements (cluster-cluster, cluster-intermediary, SME-SME) and business agreements. "
    "Only signed ones count, in the period of their signature date.",
)
ENGAGEMENTS = RecordKind(
    model=Engagement,
    slug="engagement",
    namespace="agreements",
    form_class=EngagementForm,
    table_class=EngagementTable,
    filterset_class=EngagementFilter,
    detail_fields=[
        "organisation",
        "date",
        "dates_location",
        "location",
        "description",
        "expectations_results",
        *PARTNER,
        "external_ref",
    ],
    select_related=("organisation",),
    intro="Organisations that benefited from the action (D3.2 Table 2).",
)
SECTOR_INVOLVEMENTS = RecordKind(
    model=SectorInvolvement,
    slug="sector_involvement",
    namespace="agreements",
    form_class=SectorInvolvementForm,
    table_class=SectorInvolvementTable,
    filterset_class=SectorInvolvementFilter,
    detail_fields=[
        "sectors",
        "organisation",
        "date",
        "dates_location",
        "location",
        "description",
        "expectations_results",
        *PARTNER,
        "external_ref",
    ],
    select_related=("organisation",),
    prefetch_related=("responsible", "sectors"),
    intro="Sectors beyond mobility involved in the action (D3.2 Table 11).",
)
