"""Pages of higher apps that the set-up index offers beside the frame's rows (the imports app offers its
set-up workbook). This app cannot name their URLs (they are above it), so they register here when their
app is ready, and the index shows what is registered."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class SetupLink:
    label: object  # lazy text: the link's words
    help: object  # lazy text: one line on what the page does
    url_name: str  # a URL taking the project's acronym

    def url(self, project) -> str:
        return reverse(self.url_name, args=[project.acronym])


SETUP_LINKS: list[SetupLink] = []


def offer_setup_link(link: SetupLink) -> None:
    if link not in SETUP_LINKS:
        SETUP_LINKS.append(link)
