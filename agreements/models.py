"""Engagements with organisations and sectors, cooperation and business agreements, cooperation cases."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from consortium.models import Dated, PartnerRecord, RecordQuerySet
from consortium.models.records import VagueDateAccessor, vague_date_constraints
from consortium.vague_dates import Precision


class Engagement(PartnerRecord, Dated):
    """An organisation that benefited from the action (D3.2 Table 2)."""

    organisation = models.ForeignKey(
        "consortium.Organisation",
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("organisation"),
    )
    description = models.TextField(_("description"), blank=True)
    expectations_results = models.TextField(_("Expectations & results"), blank=True)

    class Meta(PartnerRecord.Meta):
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [*PartnerRecord.Meta.constraints, *vague_date_constraints("date")]

    def get_absolute_url(self):
        return reverse("agreements:engagement_detail", args=[self.pk])


class SectorInvolvement(PartnerRecord, Dated):
    """Sectors beyond mobility involved in the action (D3.2 Table 11)."""

    sectors = models.ManyToManyField(
        "consortium.Sector", related_name="involvements", verbose_name=_("sectors")
    )
    organisation = models.ForeignKey(
        "consortium.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    description = models.TextField(_("description"), blank=True)
    expectations_results = models.TextField(_("Expectations & results"), blank=True)

    class Meta(PartnerRecord.Meta):
        verbose_name = _("sector involvement")
        verbose_name_plural = _("sector involvements")
        constraints = [*PartnerRecord.Meta.constraints, *vague_date_constraints("date")]

    def get_absolute_url(self):
        return reverse("agreements:sector_involvement_detail", args=[self.pk])


class CaseType(models.IntegerChoices):
    """Cooperation case types of the progress report."""

    COLLABORATION_PROJECT = 1, _("1) Collaboration project (e.g. exchange visits)")
    FORMAL_AGREEMENT = 2, _("2) Formal agreement signed (e.g. MoU)")
    REPRESENTATION = 3, _("3) Representation office / role appointed by the consortium")
    OTHER = 4, _("4) Other")


class Objective(models.IntegerChoices):
    """Type of cooperation objective of the progress report (select one)."""

    RESEARCH = 1, _("Research & Development")
    TECH_TRANSFER = 2, _("Technology transfer")
    EXPORTS = 3, _("Exports")
    IMPORTS = 4, _("Imports")
    SALES_OFFICE = 5, _("Sales office representation")
    JOINT_VENTURE = 6, _("Joint venture")
    MERGER = 7, _("Merger and Acquisition")
    SOFT_LANDING = 8, _("Soft Landing services")
    STAFF_EXCHANGE = 9, _("Staff exchange")
    ACADEMIC = 10, _("Academic")
    FDI = 11, _("Foreign Direct Investment(s) (FDIs): Inward/outward")
    JOINT_EVENTS = 12, _("Organisation of joint business events")
    KNOWLEDGE = 13, _("Knowledge sharing & information exchange")
    BUSINESS_CONTACTS = 14, _("Establishment of business contacts among members")
    OTHER = 15, _("Other")


class AgreementQuerySet(RecordQuerySet):
    def signed(self, *, by=None):
        """Signed agreements; with `by=period`, those placed by its end (undated ones only in the last)."""
        signed = self.filter(status=Agreement.Status.SIGNED)
        return signed if by is None else signed.known_by(by)

    def undated(self):
        """Signed without a signature date: only what happened can be undated (DESIGN.md §4)."""
        return self.signed().filter(self.dateless())


class Agreement(PartnerRecord):
    """A cooperation agreement (three kinds, D3.2 Tables 3-5) or a business agreement (Table 6)."""

    class Kind(models.TextChoices):
        CLUSTER_CLUSTER = "cluster_cluster", _("Cooperation agreement: cluster-cluster")
        CLUSTER_INTERMEDIARY = (
            "cluster_intermediary",
            _("Cooperation agreement: cluster/consortium-intermediary"),
        )
        SME_SME = "sme_sme", _("Cooperation agreement: SME-SME")
        BUSINESS = "business", _("Business agreement")

    COOPERATION_KINDS = (Kind.CLUSTER_CLUSTER, Kind.CLUSTER_INTERMEDIARY, Kind.SME_SME)

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        NEGOTIATING = "negotiating", _("In preparation")  # being prepared or negotiated
        TO_BE_SIGNED = "to_be_signed", _("To be signed")
        SIGNED = "signed", _("Signed")
        # D3.2's "NOT SIGNED": not signed when the document was written, often still being prepared ("under
        # conversation", "potential agreement in the future"); not the same as given up (DROPPED).
        NOT_SIGNED = "not_signed", _("Not signed")
        DROPPED = "dropped", _("Dropped")

    kind = models.CharField(_("kind"), max_length=25, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.IDENTIFIED)
    organisation = models.ForeignKey(
        "consortium.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("organisation"),
        help_text=_("The organisation the row names (the counterpart, or the consortium's SME)."),
    )
    other_organisation = models.ForeignKey(
        "consortium.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("other organisation"),
        help_text=_('The second party when the row names two ("MaiCom Quarz & EBTC").'),
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("The third country the agreement reaches into, if any.")
    )
    description = models.TextField(_("description"), blank=True)
    date_text = models.CharField(
        _("Date as written"), max_length=300, blank=True, help_text=_("The date column as written.")
    )
    expected_start = models.DateField(null=True, blank=True, verbose_name=_("expected start"))
    expected_end = models.DateField(null=True, blank=True, verbose_name=_("expected end"))
    expected_precision = models.CharField(
        max_length=5, choices=Precision.choices, blank=True, verbose_name=_("expected precision")
    )
    signed_start = models.DateField(null=True, blank=True, verbose_name=_("signed start"))
    signed_end = models.DateField(null=True, blank=True, db_index=True, verbose_name=_("signed end"))
    signed_precision = models.CharField(
        max_length=5, choices=Precision.choices, blank=True, verbose_name=_("signed precision")
    )
    dates_location = models.TextField(_("Dates & location"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    expectations_results = models.TextField(_("Expectations & results"), blank=True)
    case_type = models.PositiveSmallIntegerField(
        _("Cooperation case type"),
        choices=CaseType.choices,
        null=True,
        blank=True,
        help_text=_(
            "For an agreement reaching a third country: its case type in the progress report "
            "(empty: a signed agreement counts as a formal agreement signed)."
        ),
    )
    objective = models.PositiveSmallIntegerField(
        _("Cooperation objective"),
        choices=Objective.choices,
        null=True,
        blank=True,
        help_text=_(
            "For an agreement reaching a third country: its type of cooperation objective in the progress "
            "report (empty: the report says not recorded)."
        ),
    )
    partner_organisation = models.ForeignKey(
        "consortium.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Third-country party"),
        help_text=_(
            "The organisation in the third country the agreement is with, when it is neither of the two "
            "named above (e.g. the Indian partner an SME signed with). Its country must be a third country."
        ),
    )
    sector_technology = models.CharField(
        _("Sector / technology"),
        max_length=200,
        blank=True,
        help_text=_(
            "For an agreement reaching a third country: the sector or technology of the cooperation "
            "(empty: the progress report says not recorded)."
        ),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    mission = models.ForeignKey(
        "missions.Mission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mission"),
    )

    expected_date = VagueDateAccessor("expected", _("Expected signature date"))
    signed_date = VagueDateAccessor("signed", _("Signature date"))

    objects = AgreementQuerySet.as_manager()
    # Placed by the signature date: an agreement not (yet) signed has none, so it shows only in the
    # last period's report (with its status) and counts in no "signed" figure.
    PLACED_BY = "signed_end"

    class Meta(PartnerRecord.Meta):
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            *PartnerRecord.Meta.constraints,
            *vague_date_constraints("expected"),
            *vague_date_constraints("signed"),
            # Only a signed agreement has a signature date (a signed one may still lack it: "undated").
            models.CheckConstraint(
                condition=Q(status="signed") | Q(signed_start__isnull=True),
                name="agreement_signature_date_only_if_signed",
            ),
        ]

    def get_absolute_url(self):
        return reverse("agreements:agreement_detail", args=[self.pk])

    @property
    def is_undated(self) -> bool:
        """Signed without a signature date (AgreementQuerySet.undated); one not signed has no date to miss."""
        return self.status == Agreement.Status.SIGNED and self.signed_end is None


class CooperationCase(PartnerRecord, Dated):
    """A cooperation case with a third-country partner, by an EU cluster or SME (progress report 4-6)."""

    class By(models.TextChoices):
        CLUSTER = "cluster", _("By a European cluster")
        SME = "sme", _("By a European SME")

    by = models.CharField(_("by"), max_length=10, choices=By.choices)
    eu_organisation = models.ForeignKey(
        "consortium.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eu organisation"),
        help_text=_(
            "The European party: for a case by an SME, the SME (not the cluster acting for it); empty for a "
            "case by a cluster means the responsible partners."
        ),
    )
    partner_organisation = models.ForeignKey(
        "consortium.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organisation"),
        help_text=_("The party in the third country (empty: the progress report says not recorded)."),
    )
    partner_country = CountryField(_("partner country"))
    case_type = models.PositiveSmallIntegerField(_("case type"), choices=CaseType.choices)
    objective = models.PositiveSmallIntegerField(_("objective"), choices=Objective.choices)
    objective_other = models.CharField(_("objective other"), max_length=200, blank=True)
    sector_technology = models.CharField(
        _("sector technology"),
        max_length=200,
        blank=True,
        help_text=_("The sector or technology of the case (empty: the progress report says not recorded)."),
    )
    description = models.TextField(_("description"), blank=True)
    steps_taken = models.TextField(
        _("steps taken"),
        blank=True,
        help_text=_("What has been done so far (visits, meetings, signature, first project)."),
    )
    next_steps = models.TextField(_("next steps"), blank=True)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("agreement"),
    )

    class Meta(PartnerRecord.Meta):
        verbose_name = _("cooperation case")
        verbose_name_plural = _("cooperation cases")
        constraints = [*PartnerRecord.Meta.constraints, *vague_date_constraints("date")]

    def get_absolute_url(self):
        return reverse("agreements:cooperation_case_detail", args=[self.pk])
