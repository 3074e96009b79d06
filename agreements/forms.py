from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, CooperationCase, Engagement, SectorInvolvement
from consortium.models import Sector
from events.models import Event
from missions.models import Mission
from organisations.forms import use_pickers
from workspace.forms import RecordForm, VagueDateField

TEXT = {"rows": 3}
PARTNER_FIELDS = ["responsible", "consortium_led", "responsible_text"]


def _limit_links(form, project):
    """Links to events and missions offer only those of the record's project."""
    if "event" in form.fields:
        form.fields["event"].queryset = Event.objects.filter(project=project).order_by("name")
    if "mission" in form.fields:
        form.fields["mission"].queryset = Mission.objects.filter(project=project).order_by("name")


class AgreementForm(RecordForm):
    signed_date = VagueDateField(label=_("Signature date"))
    expected_date = VagueDateField(label=_("Expected signature date"))
    placed_by = "signed_date"  # only signed agreements count, in the period of their signature

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "status",
            "name",
            "organisation",
            "other_organisation",
            "country",
            "signed_date",
            "expected_date",
            "date_text",
            "description",
            "dates_location",
            "location",
            "expectations_results",
            "case_type",
            "objective",
            "event",
            "mission",
            *PARTNER_FIELDS,
        ]
        widgets = {
            "description": forms.Textarea(attrs=TEXT),
            "dates_location": forms.Textarea(attrs=TEXT),
            "expectations_results": forms.Textarea(attrs=TEXT),
        }

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
    date = VagueDateField(label=_("Date"))

    class Meta:
        model = Engagement
        fields = [
            "name",
            "organisation",
            "date",
            "dates_location",
            "location",
            "description",
            "expectations_results",
            *PARTNER_FIELDS,
        ]
        widgets = {
            "description": forms.Textarea(attrs=TEXT),
            "dates_location": forms.Textarea(attrs=TEXT),
            "expectations_results": forms.Textarea(attrs=TEXT),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_pickers(self, self.project, "organisation")


class SectorInvolvementForm(RecordForm):
    date = VagueDateField(label=_("Date"))

    class Meta:
        model = SectorInvolvement
        fields = [
            "name",
            "sectors",
            "organisation",
            "date",
            "dates_location",
            "location",
            "description",
            "expectations_results",
            *PARTNER_FIELDS,
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs=TEXT),
            "dates_location": forms.Textarea(attrs=TEXT),
            "expectations_results": forms.Textarea(attrs=TEXT),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.filter(is_mobility=False)
        self.fields["sectors"].help_text = _("Sectors beyond mobility involved in the action.")
        use_pickers(self, self.project, "organisation")


class CooperationCaseForm(RecordForm):
    date = VagueDateField(label=_("Date"))

    class Meta:
        model = CooperationCase
        fields = [
            "by",
            "name",
            "eu_organisation",
            "partner_organisation",
            "partner_country",
            "case_type",
            "objective",
            "objective_other",
            "sector_technology",
            "date",
            "description",
            "steps_taken",
            "next_steps",
            "agreement",
            *PARTNER_FIELDS,
        ]
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
        widgets = {
            "description": forms.Textarea(attrs=TEXT),
            "steps_taken": forms.Textarea(attrs=TEXT),
            "next_steps": forms.Textarea(attrs=TEXT),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_pickers(self, self.project, "eu_organisation", "partner_organisation")
        self.fields["agreement"].queryset = Agreement.objects.filter(project=self.project).order_by("name")
