"""The record kinds a spreadsheet can bring in, each with its columns, in the order of the D3.2 tables.

Headers are the template's; `synonyms` are other headers recognised out of the box (D3.2's own column
names, e.g. "Dates & Location", "Expected date of signature").

Headers and their order are the import's own, not the form's labels and order (RecordKind.fields): files
people already fill in use them. Each column fills a field its record kind declares
(tests/imports/test_declared_columns.py).
"""

from agreements.models import Agreement, Engagement, SectorInvolvement
from communication.models import CommunicationActivity
from consortium.models import Organisation, Sector
from events.models import Event
from imports.spec import Column, Kind
from imports.widgets import (
    ChoiceWidget,
    CountryListWidget,
    CountryWidget,
    CountWidget,
    EventCategoryWidget,
    LookupWidget,
    NameListWidget,
    PartnerListWidget,
    TextWidget,
    VagueDateWidget,
)
from kpis.models import PlanItem
from missions.models import Mission

DATE_FORMATS = "2021, 11.2022, Nov 2022, 04.02.2022, 4-8.02.2022, 03.09.2021 - 19.10.2021, or empty"


def _text(project):
    return TextWidget()


def _partners(project):
    return PartnerListWidget(project)


def _organisation(project):
    def create(name):
        return Organisation(project=project, name=name, type=Organisation.Type.OTHER)

    return LookupWidget(Organisation.objects.filter(project=project), "organisation", create=create)


def _mission(project):
    return LookupWidget(Mission.objects.filter(project=project), "mission")


def _choices(choices, what, blank=True):
    return lambda project: ChoiceWidget(choices, what, blank)


def _choice_column(header, attribute, choices, what, help_text="", *, blank=True, required=False) -> Column:
    """A column taking one of `choices` (a model's TextChoices.choices); the guide lists them."""
    return Column(
        header,
        attribute,
        _choices(choices, what, blank),
        help_text,
        allowed=", ".join(value for value, _ in choices),
        required=required,
    )


def _partner_names(project):
    return (
        ", ".join(p.short_name for p in project.partners.all()) + f", or {project.acronym} for the consortium"
    )


REFERENCE = Column(
    "Reference",
    "external_ref",
    _text,
    "A code that stays the same for this row, e.g. T3-1; it recognises the row "
    "when the file is imported again",
    required=True,
    synonyms=("Ref", "ID", "Id"),
)
NAME = Column(
    "Name", "name", _text, "As your table names it", required=True, synonyms=("Title", "Organisation name")
)
RESPONSIBLE = Column(
    "Responsible",
    "responsible",
    _partners,
    "Partner short names, comma separated",
    allowed="PARTNERS",
    required=True,
    synonyms=("Partner", "Partners", "Responsible partner"),
    m2m=True,
)
DESCRIPTION = Column("Description", "description", _text, "Free text")
DATE = Column(
    "Date",
    "date",
    lambda p: VagueDateWidget(),
    "When it happened",
    allowed=DATE_FORMATS,
    synonyms=("Dates", "When"),
)
DATES_LOCATION = Column(
    "Dates & Location",
    "dates_location",
    _text,
    "The dates and places as you write them",
    synonyms=("Dates and Location", "Dates & Place"),
)
LOCATION = Column("Location", "location", _text, "City or 'online'", synonyms=("Place", "City"))
RESULTS = Column(
    "Expectations & Results",
    "expectations_results",
    _text,
    "Free text",
    synonyms=("Expectations and Results", "Results", "Expectations & results"),
)
ORGANISATION = Column(
    "Organisation",
    "organisation",
    _organisation,
    "Matched by name (case and accents ignored); a new name adds the organisation",
    synonyms=("Organization", "Counterpart"),
)

# Every record's template starts with these; most go on with when, where, what and with what result.
WHO = [REFERENCE, NAME, RESPONSIBLE]
HAPPENED = [DESCRIPTION, DATE, DATES_LOCATION, LOCATION, RESULTS]


def _agreement_kind(kind: str, label: str) -> Kind:
    return Kind(
        name=f"{kind.replace('_', '-')}-agreements" if kind != "business" else "business-agreements",
        label=label,
        model=Agreement,
        fixed={"kind": kind},
        columns=[
            *WHO,
            ORGANISATION,
            DESCRIPTION,
            _choice_column(
                "Status",
                "status",
                Agreement.Status.choices,
                "status",
                "Where it stands",
                blank=False,
                required=True,
            ),
            Column(
                "Signature date",
                "signed_date",
                lambda p: VagueDateWidget(),
                "When it was signed (signed only)",
                allowed=DATE_FORMATS,
                synonyms=("Date of agreement", "Date of signature", "Signed on"),
            ),
            Column(
                "Expected date of signature",
                "expected_date",
                lambda p: VagueDateWidget(),
                "When signature is expected",
                allowed=DATE_FORMATS,
                synonyms=("Expected date",),
            ),
            Column("Date as written", "date_text", _text, "The date column as your table writes it"),
            Column(
                "Country",
                "country",
                lambda p: CountryWidget(),
                "The third country it reaches into",
                allowed="ISO code (IN) or English name (India)",
            ),
            DATES_LOCATION,
            LOCATION,
            RESULTS,
        ],
    )


# The events of any category: the category is a column, a name or key of the project's categories.
CATEGORY = Column(
    "Category",
    "category",
    EventCategoryWidget,
    "A category of the project, by its name or key",
    allowed="CATEGORIES",
    required=True,
    synonyms=("Kind of event", "Event category", "Kind"),
)


def _event_kind(name: str, category: str | None, label: str) -> Kind:
    """One D3.2 table's events (a template category every row gets), or with `category` None events of
    any of the project's categories (its own too), told by the Category column."""
    return Kind(
        name=name,
        label=label,
        model=Event,
        fixed={"category": category} if category else {},
        columns=[
            *WHO,
            *([] if category else [CATEGORY]),
            *HAPPENED,
            _choice_column(
                "Event type",
                "report_type",
                Event.ReportType.choices,
                "event type",
                "How the progress report types it",
            ),
            Column(
                "Target countries",
                "target_countries",
                lambda p: CountryListWidget(),
                "Third countries targeted, comma separated",
                allowed="ISO codes or English names",
                m2m=True,
            ),
            Column("Mission", "mission", _mission, "The mission it belongs to (its name)"),
            *[
                Column(
                    f"Participants: {what}", f"participants_{attr}", lambda p: CountWidget(), "A whole number"
                )
                for attr, what in [
                    ("smes", "SMEs"),
                    ("clusters", "clusters"),
                    ("rtos", "RTOs"),
                    ("policy", "policy"),
                    ("total", "total"),
                ]
            ],
        ],
    )


KINDS = {
    kind.name: kind
    for kind in [
        Kind(
            name="organisations",
            label="Organisations",
            model=Organisation,
            key="name",
            columns=[
                Column(
                    "Name", "name", _text, "The organisation's name; it recognises the row", required=True
                ),
                Column("Acronym", "acronym", _text, ""),
                _choice_column("Type", "type", Organisation.Type.choices, "type of organisation"),
                Column(
                    "Country", "country", lambda p: CountryWidget(), "", allowed="ISO code or English name"
                ),
                Column("Website", "website", _text, "https://..."),
                DESCRIPTION,
            ],
        ),
        Kind(
            name="engagements",
            label="Engagements with organisations (D3.2 Table 2)",
            model=Engagement,
            columns=[
                *WHO,
                ORGANISATION,
                *HAPPENED,
            ],
        ),
        _agreement_kind("cluster_cluster", "Cluster cooperation agreements (D3.2 Table 3)"),
        _agreement_kind("cluster_intermediary", "Cluster/intermediary cooperation agreements (D3.2 Table 4)"),
        _agreement_kind("sme_sme", "SME cooperation agreements (D3.2 Table 5)"),
        _agreement_kind("business", "Business agreements (D3.2 Table 6)"),
        _event_kind("national-workshops", "national_workshop", "National workshops with SMEs (D3.2 Table 7)"),
        _event_kind(
            "international-meetings", "international_meeting", "International meetings (D3.2 Table 8)"
        ),
        _event_kind(
            "international-events", "international_event", "Other international events (D3.2 Table 9)"
        ),
        _event_kind("matchmaking", "matchmaking", "Matchmaking meetings (D3.2 Table 10)"),
        _event_kind("consortium-meetings", "consortium_meeting", "Consortium meetings"),
        _event_kind("coordination-calls", "coordination_call", "Coordination calls (jour fixe, huddles)"),
        _event_kind("events", None, "Events of any category (the project's own too)"),
        Kind(
            name="sector-involvements",
            label="Sectors beyond mobility (D3.2 Table 11)",
            model=SectorInvolvement,
            columns=[
                *WHO,
                Column(
                    "Sectors",
                    "sectors",
                    lambda p: NameListWidget(Sector.objects.all(), "sector"),
                    "Sectors involved, comma separated",
                    allowed="SECTORS",
                    required=True,
                    synonyms=("Sector", "Sectors involved"),
                    m2m=True,
                ),
                ORGANISATION,
                *HAPPENED,
            ],
        ),
        Kind(
            name="missions",
            label="Missions to third markets",
            model=Mission,
            columns=[
                *WHO,
                Column("Target market", "target_market", _text, "e.g. USA-Michigan", required=True),
                Column(
                    "Country",
                    "country",
                    lambda p: CountryWidget(),
                    "",
                    allowed="ISO code or English name",
                    required=True,
                ),
                _choice_column("Kind", "kind", Mission.Kind.choices, "kind of mission"),
                Column(
                    "Participants",
                    "participants",
                    _partners,
                    "Partners who went, comma separated",
                    allowed="PARTNERS",
                    m2m=True,
                ),
                DESCRIPTION,
                DATE,
                DATES_LOCATION,
                LOCATION,
            ],
        ),
        Kind(
            name="communication",
            label="Dissemination log (communication activities)",
            model=CommunicationActivity,
            columns=[
                *WHO,
                _choice_column(
                    "Kind", "kind", CommunicationActivity.Kind.choices, "kind of activity", required=True
                ),
                Column("Channel", "channel", _text, "e.g. LinkedIn, website, a newspaper"),
                Column("Link", "link", _text, "https://...", synonyms=("URL", "Web address")),
                DATE,
                DATES_LOCATION,
                LOCATION,
                DESCRIPTION,
                *[
                    Column(f"Audience: {what}", f"audience_{attr}", lambda p: CountWidget(), "A whole number")
                    for attr, what in [
                        ("smes", "SMEs"),
                        ("rtos", "RTOs"),
                        ("clusters", "clusters and intermediaries"),
                        ("policy", "policy makers"),
                        ("other", "other"),
                    ]
                ],
            ],
        ),
        Kind(
            name="plan-items",
            label="Timeline (D3.2 Table 12)",
            model=PlanItem,
            key="position",
            columns=[
                Column(
                    "Row",
                    "position",
                    lambda p: CountWidget(),
                    "Order in the timeline; it recognises the row",
                    required=True,
                ),
                Column(
                    "Month",
                    "month",
                    lambda p: CountWidget(),
                    "Project month of the deadline (M6 -> 6)",
                    required=True,
                    synonyms=("Deadline", "Project month"),
                ),
                Column("Activity", "activity", _text, ""),
                Column("Status", "status", _text, 'e.g. "Done"'),
            ],
        ),
    ]
}


def allowed_values(column: Column, project) -> str:
    if column.allowed == "PARTNERS":
        return _partner_names(project)
    if column.allowed == "CATEGORIES":
        return ", ".join(project.event_categories.values_list("name", flat=True))
    if column.allowed == "SECTORS":
        return ", ".join(Sector.objects.values_list("name", flat=True))
    return column.allowed
