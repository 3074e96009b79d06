from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from consortium.models import Sector
from events.models import Event
from missions.models import Mission
from organisations.forms import use_pickers
from workspace.forms import RecordForm


def _limit_links(form, project):
    """Links to events and missions offer only those of the record's project."""
    if "event" in form.fields:
        form.fields["event"].queryset = Event.objects.filter(project=project).order_by("name")
    if "mission" in form.fields:
        form.fields["mission"].queryset = Mission.objects.filter(project=project).order_by("name")


class AgreementForm(RecordForm):
    """Its fields are AGREEMENTS.fields (agreements/views.py), as for every form here."""

    placed_by = "signed_date"  # only signed agreements count, in the period of their signature

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_pickers(self, self.project, "organisation", "other_organisation")
        _limit_links(self, self.project)

    def clean(self):
        cleaned = super().clean()
        status, signed = cleaned.get("status"), cleaned.get("signed_date")
        if signed and status != Agreement.Status.SIGNED:
            self.add_error(
                "signed_date",
                _(
                    "Only a signed agreement has a signature date: "
                    "set the status to Signed or leave the date empty."
                ),
            )
        return cleaned


class EngagementForm(RecordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_pickers(self, self.project, "organisation")


class SectorInvolvementForm(RecordForm):
    class Meta:
        widgets = {"sectors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.filter(is_mobility=False)
        self.fields["sectors"].help_text = _("Sectors beyond mobility involved in the action.")
        use_pickers(self, self.project, "organisation")


class CooperationCaseForm(RecordForm):
    class Meta:
        # Worded for whoever fills the form in; the record's page shows the model's shorter names (as before).
        labels = {
            "by": _("Case by"),
            "eu_organisation": _("EU cluster or SME"),
            "partner_organisation": _("Third-country partner organisation"),
            "partner_country": _("Third country"),
            "objective_other": _("Objective, if other"),
            "sector_technology": _("Sector / technology"),
            "steps_taken": _("Steps undertaken"),
            "next_steps": _("Next steps envisaged"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_pickers(self, self.project, "eu_organisation", "partner_organisation")
        self.fields["agreement"].queryset = Agreement.objects.filter(project=self.project).order_by("name")
