"""The set-up index's links to this app's coordinator pages (setup cannot name them: it is below kpis)."""

from django.utils.translation import gettext_lazy as _

from setup.links import SetupLink, offer_setup_link


def offer_setup_pages() -> None:
    offer_setup_link(
        SetupLink(
            _("Indicators"),
            _(
                "Indicator sets from a programme template or copied from another project, your own "
                "indicators, their targets."
            ),
            "kpis:set_list",
        )
    )
    offer_setup_link(
        SetupLink(
            _("Counting rules"),
            _("How each counted indicator is counted: which records, which values, what is counted."),
            "kpis:rule_list",
        )
    )
