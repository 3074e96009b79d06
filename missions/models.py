"""WP2 missions to third markets and the partners who went."""

from django.db import models
from django.urls import reverse
from django_countries.fields import CountryField

from consortium.models import Dated, PartnerRecord
from consortium.models.records import vague_date_constraints


class Mission(PartnerRecord, Dated):
    class Kind(models.TextChoices):
        EXPLORATORY = "exploratory", "Exploratory mission"
        SHOWCASE = "showcase", "Showcase"
        EXPERT_VISIT = "expert_visit", "Expert visit"
        FINAL = "final", "Final mission (to sign agreements)"

    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.EXPLORATORY)
    target_market = models.CharField(max_length=120, help_text="e.g. USA-Michigan, Latin America/Chile.")
    country = CountryField()
    description = models.TextField(blank=True)
    results = models.TextField(blank=True)
    participants = models.ManyToManyField(
        "consortium.Partner",
        blank=True,
        related_name="missions_joined",
        help_text="The partners who took part (the work plan counts partner participations).",
    )
    notes = models.TextField(blank=True)

    class Meta(PartnerRecord.Meta):
        constraints = [*PartnerRecord.Meta.constraints, *vague_date_constraints("date")]

    def get_absolute_url(self):
        return reverse("missions:mission_detail", args=[self.pk])
