"""WP2 missions to third markets and the partners who went."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from consortium.models import Dated, PartnerRecord
from consortium.models.records import vague_date_constraints


class Mission(PartnerRecord, Dated):
    class Kind(models.TextChoices):
        EXPLORATORY = "exploratory", _("Exploratory mission")
        SHOWCASE = "showcase", _("Showcase")
        EXPERT_VISIT = "expert_visit", _("Expert visit")
        FINAL = "final", _("Final mission (to sign agreements)")

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.EXPLORATORY)
    target_market = models.CharField(
        _("target market"), max_length=120, help_text=_("e.g. USA-Michigan, Latin America/Chile.")
    )
    country = CountryField(_("country"))
    description = models.TextField(_("description"), blank=True)
    results = models.TextField(_("results"), blank=True)
    participants = models.ManyToManyField(
        "consortium.Partner",
        blank=True,
        related_name="missions_joined",
        verbose_name=_("participants"),
        help_text=_("The partners who took part (the work plan counts partner participations)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta(PartnerRecord.Meta):
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [*PartnerRecord.Meta.constraints, *vague_date_constraints("date")]

    def get_absolute_url(self):
        return reverse("missions:mission_detail", args=[self.pk])
