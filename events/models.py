"""Events of every category, and the categories themselves: each project's own list (EventCategory),
which starts as the template (Event.Category) and grows with the project's own kinds of event."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from consortium.models import Dated, PartnerRecord, Project
from consortium.models.records import FrameQuerySet, RecordQuerySet, vague_date_constraints


class EventQuerySet(RecordQuerySet):
    def with_type_in_report(self):
        """Each event's `type_in_report`: its own report type, else its category's ("" for neither)."""
        of_category = EventCategory.objects.filter(project=OuterRef("project"), key=OuterRef("category"))
        return self.annotate(
            type_in_report=Coalesce(
                NullIf(F("report_type"), models.Value("")),
                Subquery(of_category.values("report_type")[:1]),
                models.Value(""),
            )
        )

    def in_report_tables(self):
        """Events the report's event tables list: not the consortium's own (a category typed as nothing)."""
        internal = EventCategory.objects.filter(project=OuterRef("project"), report_type="")
        return self.exclude(category__in=Subquery(internal.values("key")))

    def with_category_name(self):
        """Each event's `category_name`: the name its project gives its category (the key if it has none)."""
        of_category = EventCategory.objects.filter(project=OuterRef("project"), key=OuterRef("category"))
        return self.annotate(category_name=Coalesce(Subquery(of_category.values("name")[:1]), F("category")))


class Event(PartnerRecord, Dated):
    class Category(models.TextChoices):
        """THE TEMPLATE: the categories a new project starts with (their keys and default names), not a
        list events choose from. A project's categories are its EventCategory rows (events/categories.py
        copies these into every new project); it renames them, adds its own and deletes unused ones.
        The keys stay stable: counting rules, imports, the D3.2 tables and many tests name them."""

        NATIONAL_WORKSHOP = "national_workshop", _("National workshop with SMEs")
        INTERNATIONAL_MEETING = "international_meeting", _("International meeting")
        INTERNATIONAL_EVENT = "international_event", _("Other international event")
        MATCHMAKING = "matchmaking", _("Cluster & business matchmaking meeting")
        CONSORTIUM_MEETING = "consortium_meeting", _("Consortium meeting")
        # The routine calls between the meetings (the monthly jour fixe, short huddles): the progress
        # report's "consortium participants meetings" does not count them (seed 002: 1 in period 1).
        COORDINATION_CALL = "coordination_call", _("Coordination call (jour fixe, huddle)")

    class ReportType(models.TextChoices):
        """How the technical progress report types every event."""

        PREPARATORY = "preparatory", _("Preparatory event")
        C2C_EVENT = "c2c_event", _("C2C event")
        C2C_MEETING = "c2c_meeting", _("C2C meeting")
        B2B_EVENT = "b2b_event", _("B2B event")
        B2B_MEETING = "b2b_meeting", _("B2B meeting")

    # The template's report type of each of its categories; "" = the consortium's own (consortium meetings
    # and calls): in no D3.2 table, nor in the progress report's event tables.
    TEMPLATE_REPORT_TYPES = {
        Category.NATIONAL_WORKSHOP: ReportType.PREPARATORY,
        Category.INTERNATIONAL_MEETING: ReportType.C2C_MEETING,
        Category.INTERNATIONAL_EVENT: ReportType.C2C_EVENT,
        Category.MATCHMAKING: ReportType.B2B_EVENT,
        Category.CONSORTIUM_MEETING: "",
        Category.COORDINATION_CALL: "",
    }

    # The KEY of one of the project's categories (EventCategory.key), not a foreign key: counting rules
    # and reports select events by key, and a key means the same in every project that has it.
    category = models.CharField(_("Category"), max_length=40)
    report_type = models.CharField(
        _("report type"),
        max_length=15,
        choices=ReportType.choices,
        blank=True,
        help_text=_("Empty: the type its category counts as in the progress report."),
    )
    description = models.TextField(_("description"), blank=True)
    expectations_results = models.TextField(
        _("Expectations & results"), blank=True, help_text=_("The Expectations & Results cell.")
    )
    mission = models.ForeignKey(
        "missions.Mission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("mission"),
    )
    organisations = models.ManyToManyField(
        "consortium.Organisation",
        blank=True,
        related_name="events",
        verbose_name=_("organisations"),
        help_text=_("Counterparts met at the event."),
    )
    participants_smes = models.PositiveIntegerField(_("Participants: SMEs"), null=True, blank=True)
    participants_clusters = models.PositiveIntegerField(_("Participants: clusters"), null=True, blank=True)
    participants_rtos = models.PositiveIntegerField(_("Participants: RTOs"), null=True, blank=True)
    participants_policy = models.PositiveIntegerField(_("Participants: policy makers"), null=True, blank=True)
    participants_total = models.PositiveIntegerField(_("Participants in total"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta(PartnerRecord.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            *PartnerRecord.Meta.constraints,
            *vague_date_constraints("date"),
            # The total may include people of no listed kind, never fewer than the kinds add up to.
            models.CheckConstraint(
                condition=Q(participants_total__isnull=True)
                | Q(
                    participants_total__gte=models.functions.Coalesce(F("participants_smes"), 0)
                    + models.functions.Coalesce(F("participants_clusters"), 0)
                    + models.functions.Coalesce(F("participants_rtos"), 0)
                    + models.functions.Coalesce(F("participants_policy"), 0)
                ),
                name="event_total_covers_kinds",
            ),
        ]

    def get_absolute_url(self):
        return reverse("events:event_detail", args=[self.pk])

    def get_category_display(self) -> str:
        """The name the project gives the category (from EventQuerySet.with_category_name, else asked)."""
        if hasattr(self, "category_name"):
            return self.category_name
        found = EventCategory.objects.filter(project_id=self.project_id, key=self.category).first()
        return found.name if found else self.category

    def clean(self):
        """Besides the dates: the category is one of the project's."""
        errors = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if self.project_id is not None and self.category:
            keys = list(
                EventCategory.objects.filter(project_id=self.project_id).values_list("key", flat=True)
            )
            if self.category not in keys:
                errors.setdefault("category", []).append(
                    gettext("Category: %(value)s is not a category of this project (it has: %(keys)s).")
                    % {"value": self.category, "keys": ", ".join(keys) or "—"}
                )
        if errors:
            raise ValidationError(errors)


key_validator = RegexValidator(
    r"^[a-z0-9_]+$",
    _("Key: use small letters, digits and underscores only, e.g. study_tour."),
)


class EventCategory(models.Model):
    """A kind of event of one project, and the progress-report event type it counts as ("": none)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="event_categories", verbose_name=_("project")
    )
    key = models.CharField(
        _("Key"),
        max_length=40,
        validators=[key_validator],
        help_text=_("Stable: counting rules and imports name the category by it."),
    )
    name = models.CharField(_("Name"), max_length=100)
    report_type = models.CharField(
        _("Counts in the progress report as"), max_length=15, choices=Event.ReportType.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    objects = FrameQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "position", "id"]
        verbose_name = _("event category")
        verbose_name_plural = _("event categories")
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="event_category_key_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_internal(self) -> bool:
        """The consortium's own: not in the progress report's event tables."""
        return not self.report_type


class EventCountry(models.Model):
    """A country an event targeted; the progress report lists one third country per row."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="target_countries", verbose_name=_("event")
    )
    country = CountryField(_("country"))

    class Meta:
        ordering = ["event", "country"]
        verbose_name = _("target country")
        verbose_name_plural = _("target countries")
        constraints = [models.UniqueConstraint(fields=["event", "country"], name="event_country_unique")]

    def __str__(self):
        return f"{self.event}: {self.country.name}"
