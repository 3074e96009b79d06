"""The record kinds a spreadsheet can bring in, each with its columns, in the order of the D3.2 tables.

Headers are the template's; `synonyms` are other headers recognised out of the box (D3.2's own column
names, e.g. "Dates & Location", "Expected date of signature").

Headers and their order are the import's own, not the form's labels and order (RecordKind.fields): files
people already fill in use them. Each column fills a field its record kind declares
(tests/imports/test_declared_columns.py).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

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

DATE_FORMATS = gettext_lazy(
    "2021, 11.2022, Nov 2022, 04.02.2022, 4-8.02.2022, 03.09.2021 - 19.10.2021, or empty"
)


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
    return _("%(partners)s, or %(acronym)s for the consortium") % {
        "partners": ", ".join(p.short_name for p in project.partners.all()),
        "acronym": project.acronym,
    }


REFERENCE = Column(
    gettext_noop("Reference"),
    "external_ref",
    _text,
    gettext_lazy(
        "A code that stays the same for this row, e.g. T3-1; it recognises the row "
        "when the file is imported again"
    ),
    required=True,
    synonyms=("Ref", "ID", "Id"),
)
NAME = Column(
    gettext_noop("Name"),
    "name",
    _text,
    gettext_lazy("As your table names it"),
    required=True,
    synonyms=("Title", "Organisation name"),
)
RESPONSIBLE = Column(
    gettext_noop("Responsible"),
    "responsible",
    _partners,
    gettext_lazy("Partner short names, comma separated"),
    allowed="PARTNERS",
    required=True,
    synonyms=("Partner", "Partners", "Responsible partner"),
    m2m=True,
)
DESCRIPTION = Column(gettext_noop("Description"), "description", _text, gettext_lazy("Free text"))
DATE = Column(
    gettext_noop("Date"),
    "date",
    lambda p: VagueDateWidget(),
    gettext_lazy("When it happened"),
    allowed=DATE_FORMATS,
    synonyms=("Dates", "When"),
)
DATES_LOCATION = Column(
    gettext_noop("Dates & Location"),
    "dates_location",
    _text,
    gettext_lazy("The dates and places as you write them"),
    synonyms=("Dates and Location", "Dates & Place"),
)
LOCATION = Column(
    gettext_noop("Location"), "location", _text, gettext_lazy("City or 'online'"), synonyms=("Place", "City")
)
RESULTS = Column(
    gettext_noop("Expectations & Results"),
    "expectations_results",
    _text,
    gettext_lazy("Free text"),
    synonyms=("Expectations and Results", "Results", "Expectations & results"),
)
ORGANISATION = Column(
    gettext_noop("Organisation"),
    "organisation",
    _organisation,
    gettext_lazy("Matched by name (case and accents ignored); a new name adds the organisation"),
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
                gettext_noop("Status"),
                "status",
                Agreement.Status.choices,
                "status",
                gettext_lazy("Where it stands"),
                blank=False,
                required=True,
            ),
            Column(
                gettext_noop("Signature date"),
                "signed_date",
                lambda p: VagueDateWidget(),
                gettext_lazy("When it was signed (signed only)"),
                allowed=DATE_FORMATS,
                synonyms=("Date of agreement", "Date of signature", "Signed on"),
            ),
            Column(
                gettext_noop("Expected date of signature"),
                "expected_date",
                lambda p: VagueDateWidget(),
                gettext_lazy("When signature is expected"),
                allowed=DATE_FORMATS,
                synonyms=("Expected date",),
            ),
            Column(
                gettext_noop("Date as written"),
                "date_text",
                _text,
                gettext_lazy("The date column as your table writes it"),
            ),
            Column(
                gettext_noop("Country"),
                "country",
                lambda p: CountryWidget(),
                gettext_lazy("The third country it reaches into"),
                allowed=gettext_lazy("ISO code (IN) or English name (India)"),
            ),
            DATES_LOCATION,
            LOCATION,
            RESULTS,
        ],
    )


# The events of any category: the category is a column, a name or key of the project's categories.
CATEGORY = Column(
    gettext_noop("Category"),
    "category",
    EventCategoryWidget,
    gettext_lazy("A category of the project, by its name or key"),
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
                gettext_noop("Event type"),
                "report_type",
                Event.ReportType.choices,
                "event type",
                gettext_lazy("How the progress report types it"),
            ),
            Column(
                gettext_noop("Target countries"),
                "target_countries",
                lambda p: CountryListWidget(),
                gettext_lazy("Third countries targeted, comma separated"),
                allowed=gettext_lazy("ISO codes or English names"),
                m2m=True,
            ),
            Column(
                gettext_noop("Mission"),
                "mission",
                _mission,
                gettext_lazy("The mission it belongs to (its name)"),
            ),
            *[
                Column(
                    header, f"participants_{attr}", lambda p: CountWidget(), gettext_lazy("A whole number")
                )
                for attr, header in [
                    ("smes", gettext_noop("Participants: SMEs")),
                    ("clusters", gettext_noop("Participants: clusters")),
                    ("rtos", gettext_noop("Participants: RTOs")),
                    ("policy", gettext_noop("Participants: policy")),
                    ("total", gettext_noop("Participants: total")),
                ]
            ],
        ],
    )


KINDS = {
    kind.name: kind
    for kind in [
        Kind(
            name="organisations",
            label=gettext_lazy("Organisations"),
            model=Organisation,
            key="name",
            columns=[
                Column(
                    gettext_noop("Name"),
                    "name",
                    _text,
                    gettext_lazy("The organisation's name; it recognises the row"),
                    required=True,
                ),
                Column(gettext_noop("Acronym"), "acronym", _text, ""),
                _choice_column(
                    gettext_noop("Type"), "type", Organisation.Type.choices, "type of organisation"
                ),
                Column(
                    gettext_noop("Country"),
                    "country",
                    lambda p: CountryWidget(),
                    "",
                    allowed=gettext_lazy("ISO code or English name"),
                ),
                Column(gettext_noop("Website"), "website", _text, gettext_lazy("https://...")),
                DESCRIPTION,
            ],
        ),
        Kind(
            name="engagements",
            label=gettext_lazy("Engagements with organisations (D3.2 Table 2)"),
            model=Engagement,
            columns=[
                *WHO,
                ORGANISATION,
                *HAPPENED,
            ],
        ),
        _agreement_kind("cluster_cluster", gettext_lazy("Cluster cooperation agreements (D3.2 Table 3)")),
        _agreement_kind(
            "cluster_intermediary", gettext_lazy("Cluster/intermediary cooperation agreements (D3.2 Table 4)")
        ),
        _agreement_kind("sme_sme", gettext_lazy("SME cooperation agreements (D3.2 Table 5)")),
        _agreement_kind("business", gettext_lazy("Business agreements (D3.2 Table 6)")),
        _event_kind(
            "national-workshops",
            "national_workshop",
            gettext_lazy("National workshops with SMEs (D3.2 Table 7)"),
        ),
        _event_kind(
            "international-meetings",
            "international_meeting",
            gettext_lazy("International meetings (D3.2 Table 8)"),
        ),
        _event_kind(
            "international-events",
            "international_event",
            gettext_lazy("Other international events (D3.2 Table 9)"),
        ),
        _event_kind("matchmaking", "matchmaking", gettext_lazy("Matchmaking meetings (D3.2 Table 10)")),
        _event_kind("consortium-meetings", "consortium_meeting", gettext_lazy("Consortium meetings")),
        _event_kind(
            "coordination-calls", "coordination_call", gettext_lazy("Coordination calls (jour fixe, huddles)")
        ),
        _event_kind("events", None, gettext_lazy("Events of any category (the project's own too)")),
        Kind(
            name="sector-involvements",
            label=gettext_lazy("Sectors beyond mobility (D3.2 Table 11)"),
            model=SectorInvolvement,
            columns=[
                *WHO,
                Column(
                    gettext_noop("Sectors"),
                    "sectors",
                    lambda p: NameListWidget(Sector.objects.all(), "sector"),
                    gettext_lazy("Sectors involved, comma separated"),
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
            label=gettext_lazy("Missions to third markets"),
            model=Mission,
            columns=[
                *WHO,
                Column(
                    gettext_noop("Target market"),
                    "target_market",
                    _text,
                    gettext_lazy("e.g. USA-Michigan"),
                    required=True,
                ),
                Column(
                    gettext_noop("Country"),
                    "country",
                    lambda p: CountryWidget(),
                    "",
                    allowed=gettext_lazy("ISO code or English name"),
                    required=True,
                ),
                _choice_column(gettext_noop("Kind"), "kind", Mission.Kind.choices, "kind of mission"),
                Column(
                    gettext_noop("Participants"),
                    "participants",
                    _partners,
                    gettext_lazy("Partners who went, comma separated"),
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
            label=gettext_lazy("Dissemination log (communication activities)"),
            model=CommunicationActivity,
            columns=[
                *WHO,
                _choice_column(
                    gettext_noop("Kind"),
                    "kind",
                    CommunicationActivity.Kind.choices,
                    "kind of activity",
                    required=True,
                ),
                Column(
                    gettext_noop("Channel"),
                    "channel",
                    _text,
                    gettext_lazy("e.g. LinkedIn, website, a newspaper"),
                ),
                Column(
                    gettext_noop("Link"),
                    "link",
                    _text,
                    gettext_lazy("https://..."),
                    synonyms=("URL", "Web address"),
                ),
                DATE,
                DATES_LOCATION,
                LOCATION,
                DESCRIPTION,
                *[
                    Column(
                        header, f"audience_{attr}", lambda p: CountWidget(), gettext_lazy("A whole number")
                    )
                    for attr, header in [
                        ("smes", gettext_noop("Audience: SMEs")),
                        ("rtos", gettext_noop("Audience: RTOs")),
                        ("clusters", gettext_noop("Audience: clusters and intermediaries")),
                        ("policy", gettext_noop("Audience: policy makers")),
                        ("other", gettext_noop("Audience: other")),
                    ]
                ],
            ],
        ),
        Kind(
            name="plan-items",
            label=gettext_lazy("Timeline (D3.2 Table 12)"),
            model=PlanItem,
            key="position",
            columns=[
                Column(
                    gettext_noop("Row"),
                    "position",
                    lambda p: CountWidget(),
                    gettext_lazy("Order in the timeline; it recognises the row"),
                    required=True,
                ),
                Column(
                    gettext_noop("Month"),
                    "month",
                    lambda p: CountWidget(),
                    gettext_lazy("Project month of the deadline (M6 -> 6)"),
                    required=True,
                    synonyms=("Deadline", "Project month"),
                ),
                Column(gettext_noop("Activity"), "activity", _text, ""),
                Column(gettext_noop("Status"), "status", _text, gettext_lazy('e.g. "Done"')),
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
