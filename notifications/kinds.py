"""The kinds of notification: what each says, who may turn it off, how it is delivered by default.

A notification stores its facts (`params`: names, numbers, days as ISO text); its words are made here when it
is shown or mailed, in the reader's language, so a notification made before a translation existed reads in
it. Keys of `params` ending in "_on" are days and are written in the one date format (consortium.dates).
"""

import contextlib
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from notifications.models import Delivery, Preference


@dataclass(frozen=True)
class Kind:
    slug: str
    label: Promise  # on the settings page: what the person is told of
    text: Promise  # the notification's line; %(name)s from its params
    plural: Promise | None = None  # with `count` in the params: ngettext(text, plural, count)
    default: str = Delivery.IMMEDIATE
    security: bool = False  # cannot be turned off, always mailed at once
    # Extra lines (open items of a period): params["items"] is a list of [item slug, count]
    items: dict = field(default_factory=dict)
    # Other wordings, chosen by params["variant"] (a role given, changed or taken away)
    variants: dict = field(default_factory=dict)

    def line(self, params: dict) -> str:
        values = _readable(params)
        if params.get("variant") in self.variants:
            template = gettext(str(self.variants[params["variant"]]))
        elif self.plural is not None:
            count = int(params.get("count", 0))
            template = ngettext(str(self.text), str(self.plural), count)
        else:
            template = gettext(str(self.text))
        return capfirst(template % _Lenient(values))

    def details(self, params: dict) -> list[str]:
        lines = []
        for slug, count in params.get("items", []):
            singular, plural = self.items.get(slug, (None, None))
            if singular is not None:
                lines.append(ngettext(str(singular), str(plural), count) % {"count": count})
        if comment := params.get("comment"):
            lines.append(gettext("Comment: %(comment)s") % {"comment": comment})
        if self.security:
            lines.append(
                gettext("If this was not you or you did not expect it, tell your coordinator at once.")
            )
        return lines


class _Lenient(dict):
    """A missing name shows as an empty string, not an error: a notification never fails to show."""

    def __missing__(self, key):
        return ""


def _readable(params: dict) -> dict:
    """Days in the one date format, roles by their (translated) names."""
    from consortium.models import Membership

    values = dict(params)
    for name, value in params.items():
        if name.endswith("role") and value in Membership.Role.values:
            values[name] = Membership.Role(value).label
        elif name.endswith("_on") and isinstance(value, str) and value:
            with contextlib.suppress(ValueError):
                values[name] = date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    return values


# What a period still lacks, in the period notifications ([slug, count] in params["items"]).
OPEN_ITEMS = {
    "undated": (
        _("%(count)s record of your partner has no date."),
        _("%(count)s records of your partner have no date."),
    ),
    "no_evidence": (
        _("%(count)s record of your partner in the period has no evidence attached."),
        _("%(count)s records of your partner in the period have no evidence attached."),
    ),
    "awaiting_review": (
        _("%(count)s record awaits review."),
        _("%(count)s records await review."),
    ),
    "contributions": (
        _("%(count)s contribution of your partner to the report is not submitted."),
        _("%(count)s contributions of your partner to the report are not submitted."),
    ),
    "sections": (
        _("%(count)s section of the report is empty or not accepted."),
        _("%(count)s sections of the report are empty or not accepted."),
    ),
    "indicators": (
        _("%(count)s indicator is behind its target without a comment."),
        _("%(count)s indicators are behind their target without a comment."),
    ),
    "late": (
        _("%(count)s deliverable or milestone is late without a reason."),
        _("%(count)s deliverables or milestones are late without a reason."),
    ),
}

KINDS = [
    Kind(
        "record_returned",
        _("A record of my partner was returned for changes"),
        _("%(record_kind)s “%(name)s” was returned for changes by %(by)s."),
    ),
    Kind(
        "awaiting_review",
        _("Records await my review (at most once a day)"),
        _("%(count)s record awaits your review."),
        plural=_("%(count)s records await your review."),
    ),
    Kind(
        "writing_returned",
        _("A report text or contribution I wrote was returned"),
        _("“%(section)s” (period %(period)s) was returned by %(by)s."),
    ),
    Kind(
        "writing_accepted",
        _("A report text or contribution I wrote was accepted"),
        _("“%(section)s” (period %(period)s) was accepted by %(by)s."),
        default=Delivery.DIGEST,
    ),
    Kind(
        "writing_submitted",
        _("A report text or contribution awaits my acceptance"),
        _("“%(section)s” (period %(period)s) was submitted by %(by)s and awaits your acceptance."),
    ),
    Kind(
        "due_soon",
        _("A deliverable or milestone is due in 14 days"),
        _("%(item)s is due on %(due_on)s."),
    ),
    Kind(
        "due_today",
        _("A deliverable or milestone is due today"),
        _("%(item)s is due today (%(due_on)s)."),
    ),
    Kind(
        "overdue",
        _("A deliverable or milestone is overdue"),
        _("%(item)s is overdue: it was due on %(due_on)s."),
    ),
    Kind(
        "period_ending",
        _("A reporting period ends in 14 days, with its open items"),
        _("Reporting period %(period)s ends on %(end_on)s."),
        items=OPEN_ITEMS,
    ),
    Kind(
        "period_ended",
        _("A reporting period has ended, with its open items"),
        _("Reporting period %(period)s ended on %(end_on)s."),
        items=OPEN_ITEMS,
    ),
    Kind(
        "invitation",
        _("I am invited to a project"),
        _("You are invited to %(project)s as %(role)s; the link is in the e-mail sent to %(email)s."),
    ),
    Kind(
        "invitation_accepted",
        _("Someone accepted my invitation"),
        _("%(email)s accepted your invitation and is now %(role)s."),
        default=Delivery.DIGEST,
    ),
    Kind(
        "invitation_expired",
        _("An invitation I sent expired unused"),
        _("Your invitation of %(email)s expired on %(expired_on)s without being accepted."),
    ),
    Kind(
        "export_ready",
        _("An export I asked for is ready (when I left its page)"),
        _("Your %(report)s of period %(period)s (%(format)s) is ready to download."),
    ),
    Kind(
        "role_changed",
        _("My role in a project changed"),
        _("Your role in %(project)s is now %(role)s."),
        security=True,
        variants={
            "added": _("You now have the role %(role)s in %(project)s."),
            "changed": _("Your role in %(project)s is now %(role)s (it was %(old_role)s)."),
            "removed": _("You no longer have a role in %(project)s."),
        },
    ),
    Kind(
        "two_step_changed",
        _("My two-step login changed"),
        _("Your two-step login changed."),
        security=True,
        variants={
            "enrolled": _("Two-step login was set up for your account with an authenticator app."),
            "codes": _("New backup codes were made for your account; the old ones no longer work."),
            "removed": _("The authenticator of your account was removed; set up two-step login again."),
        },
    ),
]
KIND_BY_SLUG = {kind.slug: kind for kind in KINDS}
SECURITY = frozenset(kind.slug for kind in KINDS if kind.security)


def kind_of(slug: str) -> Kind:
    """The kind of this slug; an unknown slug (a kind since removed) still shows its facts."""
    return KIND_BY_SLUG.get(slug) or Kind(slug, _("Other"), _("%(text)s"))


def line(notification) -> str:
    return kind_of(notification.kind).line(notification.params)


def details(notification) -> list[str]:
    return kind_of(notification.kind).details(notification.params)


def deliveries(user) -> dict[str, str]:
    """Delivery per kind: the person's choice, else the kind's default; security kinds always at once."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {
        kind.slug: Delivery.IMMEDIATE if kind.security else chosen.get(kind.slug, kind.default)
        for kind in KINDS
    }
