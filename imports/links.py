"""The buttons the import puts on the record pages: "Import" on every list it can fill, and "Import
participants" on a matchmaking event's page. The workspace shows them without naming this app."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event
from imports.forms import FROM_LIST
from setup.links import SetupLink, offer_setup_link
from workspace.kinds import LIST_LINKS, RECORD_LINKS, PageLink, offer_link


def list_import_url(kind) -> str:
    return f"{reverse('imports:import_index')}?list={kind.slug}"


def participants_import_url(event) -> str | None:
    if event.category != Event.Category.MATCHMAKING:
        return None
    return f"{reverse('imports:import_participants', args=[event.project.acronym])}?event={event.pk}"


def offer_imports() -> None:
    for slug in FROM_LIST:
        offer_link(LIST_LINKS, slug, PageLink(_("Import"), list_import_url))
    offer_link(RECORD_LINKS, "event", PageLink(_("Import participants"), participants_import_url))


def offer_setup_book() -> None:
    """The set-up index's link to the set-up workbook."""
    offer_setup_link(
        SetupLink(
            _("Set up from one workbook"),
            _(
                "Partners, work packages, tasks, deliverables, milestones, people to invite and indicators "
                "from one Excel workbook: previewed, then written all or nothing."
            ),
            "imports:setup_book",
        )
    )
