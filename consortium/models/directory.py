"""The shared vocabulary: sectors and the organisations a consortium deals with."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from consortium.models.project import Partner, Project
from consortium.models.records import ProjectScopedQuerySet


class Sector(models.Model):
    name = models.CharField(max_length=120, unique=True, verbose_name=_("name"))
    is_mobility = models.BooleanField(
        default=False,
        help_text=_("Mobility sectors (automotive, aerospace, rail, maritime) versus sectors beyond."),
        verbose_name=_("is mobility"),
    )

    class Meta:
        ordering = ["-is_mobility", "name"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(ProjectScopedQuerySet):
    def owned_by(self, partner_ids) -> Q:
        """An entry belongs to the partner who keeps it."""
        return Q(owner__in=partner_ids)


class Organisation(models.Model):
    class Type(models.TextChoices):
        CLUSTER = "cluster", _("Cluster organisation")
        BUSINESS_NETWORK = "business_network", _("Business network")
        SME = "sme", _("SME")
        LARGE_COMPANY = "large_company", _("Large company")
        RTO = "rto", _("Research and technology organisation")
        UNIVERSITY = "university", _("University")
        INTERMEDIARY = "intermediary", _("Intermediary organisation")
        CHAMBER = "chamber", _("Chamber of commerce")
        AGENCY = "agency", _("Development or innovation agency")
        GOVERNMENT = "government", _("Government body")
        INITIATIVE = "initiative", _("Project or initiative")
        OTHER = "other", _("Other")

    class Scope(models.TextChoices):
        """How far an organisation reaches; the progress report's "EU initiatives" are the EU-level ones."""

        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")
        EUROPEAN = "european", _("EU-level initiative or network")
        INTERNATIONAL = "international", _("International")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="organisations", verbose_name=_("project")
    )
    name = models.CharField(max_length=255, verbose_name=_("name"))
    acronym = models.CharField(max_length=40, blank=True, verbose_name=_("acronym"))
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.OTHER, verbose_name=_("type"))
    country = CountryField(blank=True, verbose_name=_("country"))
    scope = models.CharField(
        _("Scope"),
        max_length=15,
        choices=Scope.choices,
        blank=True,
        help_text=_(
            "How far the organisation reaches. EU-level initiatives and networks (e.g. Enterprise Europe "
            'Network, EU Gateways) are listed as "Cooperation with other EU initiatives" in the progress '
            "report; regional and national agencies are not."
        ),
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="organisations", verbose_name=_("sectors")
    )
    website = models.URLField(blank=True, verbose_name=_("website"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    member_of = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("The partner cluster this organisation is a member of."),
        verbose_name=_("member of"),
    )
    owner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The partner who keeps this entry up to date."),
        verbose_name=_("owner"),
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="organisation_name_unique")]

    def __str__(self):
        return f"{self.name} ({self.country.code})" if self.country else self.name

    def assign_keeper(self, membership) -> None:
        """A new entry is kept by its creator's partner. An existing entry's keeper is never changed by
        editing or importing it (an unowned one stays unowned): only the coordinator hands it on, by
        choosing the owner in the organisation form. Called by that form, the picker and the imports."""
        if self.pk is None and self.owner_id is None and membership is not None and membership.partner_id:
            self.owner_id = membership.partner_id
