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
    intro=_("Organisations that benefited from the action (D3.2 Table 2)."),
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
    intro=_("Sectors beyond mobility involved in the action (D3.2 Table 11)."),
)
COOPERATION_CASES = RecordKind(
    model=CooperationCase,
    slug="cooperation_case",
    namespace="agreements",
    form_class=CooperationCaseForm,
    table_class=CooperationCaseTable,
    filterset_class=CooperationCaseFilter,
    detail_fields=[
        "by",
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
        *PARTNER,
        "external_ref",
    ],
    select_related=("eu_organisation", "partner_organisation", "agreement"),
    intro=_(
        "Cooperation cases of European clusters and SMEs with third-country partners (technical progress "
        "report, sections 4 to 6): counted per third country and case type, cumulative from the start."
    ),
)
