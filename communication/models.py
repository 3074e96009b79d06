"""The dissemination log: communication activities (articles, news, posts, newsletters, presentations,
websites and profiles) with the audience they reached, by kind of stakeholder (issue 16, item 5).

They feed the progress report's II.8 and the indicators "stakeholders reached through dissemination
channels" (the audience added up, broken down by kind) and "articles, press releases" (the records).
"""

from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consortium.models import Dated, PartnerRecord
from consortium.models.records import vague_date_constraints


class WebLinkField(models.URLField):
    """A web address: http or https only. A link is shown on the record's page and in reports, never a
    javascript: or file: address (URLField alone also takes ftp); one validator, so one message."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CommunicationActivity(PartnerRecord, Dated):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article or press release")
        NEWS = "news", _("News item")
        SOCIAL_MEDIA = "social_media", _("Social-media post")
        NEWSLETTER = "newsletter", _("Newsletter")
        PRESENTATION = "presentation", _("Presentation at a conference or meeting")
        WEBSITE = "website", _("Website or ECCP profile")
        OTHER = "other", _("Other")

    kind = models.CharField(_("Kind of activity"), max_length=15, choices=Kind.choices, default=Kind.ARTICLE)
    channel = models.CharField(
        _("Channel"),
        max_length=200,
        blank=True,
        help_text=_("Where it appeared: LinkedIn, a website, a newspaper."),
    )
    link = WebLinkField(
        _("Link"),
        max_length=500,
        blank=True,
        help_text=_("The web address of the article, post or page (http or https)."),
    )
    description = models.TextField(_("Description"), blank=True)
    # The audience reached, by kind of stakeholder; empty: not known (not zero).
    audience_smes = models.PositiveIntegerField(_("Audience: SMEs"), null=True, blank=True)
    audience_rtos = models.PositiveIntegerField(
        _("Audience: research and technology organisations"), null=True, blank=True
    )
    audience_clusters = models.PositiveIntegerField(
        _("Audience: clusters and intermediaries"), null=True, blank=True
    )
    audience_policy = models.PositiveIntegerField(_("Audience: policy makers"), null=True, blank=True)
    audience_other = models.PositiveIntegerField(_("Audience: other"), null=True, blank=True)

    # The audience fields, in the order the reports and the indicators' breakdown list them.
    AUDIENCE = ("audience_smes", "audience_rtos", "audience_clusters", "audience_policy", "audience_other")

    class Meta(PartnerRecord.Meta):
        verbose_name = _("communication activity")
        verbose_name_plural = _("communication activities")
        constraints = [*PartnerRecord.Meta.constraints, *vague_date_constraints("date")]

    def get_absolute_url(self):
        return reverse("communication:communication_detail", args=[self.pk])

    @property
    def audience_total(self) -> int | None:
        """The audience reached in all, or None when no kind of it is known."""
        known = [n for n in (getattr(self, name) for name in self.AUDIENCE) if n is not None]
        return sum(known) if known else None
