"""Events of every category: workshops, international meetings and events, matchmaking, consortium."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from consortium.models import Dated, PartnerRecord
from consortium.models.records import vague_date_constraints


class Event(PartnerRecord, Dated):
    class Category(models.TextChoices):
        NATIONAL_WORKSHOP = "national_workshop", "National workshop with SMEs"
        INTERNATIONAL_MEETING = "international_meeting", "International meeting"
        INTERNATIONAL_EVENT = "international_event", "Other international event"
        MATCHMAKING = "matchmaking", "Cluster & business matchmaking meeting"
        CONSORTIUM_MEETING = "consortium_meeting", "Consortium meeting"
        # The routine calls between the meetings (the monthly jour fixe, short huddles): the progress
        # report's "consortium participants meetings" does not count them (seed 002: 1 in period 1).
        COORDINATION_CALL = "coordination_call", "Coordination call (jour fixe, huddle)"

    class ReportType(models.TextChoices):
        """How the technical progress report types every event."""

        PREPARATORY = "preparatory", "Preparatory event"
        C2C_EVENT = "c2c_event", "C2C event"
        C2C_MEETING = "c2c_meeting", "C2C meeting"
        B2B_EVENT = "b2b_event", "B2B event"
        B2B_MEETING = "b2b_meeting", "B2B meeting"

    category = models.CharField(max_length=25, choices=Category.choices)
    report_type = models.CharField(max_length=15, choices=ReportType.choices, blank=True)
    description = models.TextField(blank=True)
    expectations_results = models.TextField(
        _("Expectations & results"), blank=True, help_text="The Expectations & Results cell."
    )
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    organisations = models.ManyToManyField(
        "consortium.Organisation",
        blank=True,
        related_name="events",
        help_text="Counterparts met at the event.",
    )
    participants_smes = models.PositiveIntegerField(_("Participants: SMEs"), null=True, blank=True)
    participants_clusters = models.PositiveIntegerField(_("Participants: clusters"), null=True, blank=True)
    participants_rtos = models.PositiveIntegerField(_("Participants: RTOs"), null=True, blank=True)
    participants_policy = models.PositiveIntegerField(_("Participants: policy makers"), null=True, blank=True)
    participants_total = models.PositiveIntegerField(_("Participants in total"), null=True, blank=True)

    # The consortium's own meetings and calls: in no D3.2 table, nor in the progress report's country tables.
    INTERNAL_CATEGORIES = (Category.CONSORTIUM_MEETING, Category.COORDINATION_CALL)

    class Meta(PartnerRecord.Meta):
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


class EventCountry(models.Model):
    """A country an event targeted; the progress report lists one third country per row."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="target_countries")
    country = CountryField()

    class Meta:
        ordering = ["event", "country"]
        constraints = [models.UniqueConstraint(fields=["event", "country"], name="event_country_unique")]

    def __str__(self):
        return f"{self.event}: {self.country.name}"
