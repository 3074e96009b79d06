from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, CooperationCase
from consortium.countries import is_third_country
from consortium.models import Organisation, Sector
from events.models import Event
from missions.models import Mission
from organisations.forms import use_pickers
from workspace.forms import RecordForm

# Who stands for a cluster (not an SME) on the European side of a case.
CLUSTER_TYPES = {Organisation.Type.CLUSTER, Organisation.Type.BUSINESS_NETWORK}


def _check_third_country_party(form, name):
    """The third-country party of a case or agreement is never an organisation recorded in Europe."""
    org = form.cleaned_data.get(name)
    if org is not None and org.country and not is_third_country(org.country.code):
        form.add_error(
            name,
            _("%(name)s is recorded in %(country)s, not in a third country: choose the third-country party.")
            % {"name": org.name, "country": org.country.name},
        )


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
        use_pickers(self, self.project, "organisation", "other_organisation", "partner_organisation")
        _limit_links(self, self.project)

    def clean(self):
        cleaned = super().clean()
        _check_third_country_party(self, "partner_organisation")
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

    def clean(self):
        cleaned = super().clean()
        _check_third_country_party(self, "partner_organisation")
        eu = cleaned.get("eu_organisation")
        if cleaned.get("by") == CooperationCase.By.SME and eu is not None and eu.type in CLUSTER_TYPES:
            self.add_error(
                "eu_organisation",
                _("A case by an SME names the SME, not the cluster acting for it (%(name)s is a cluster).")
                % {"name": eu.name},
            )
        return cleaned
