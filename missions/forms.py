from django import forms
from django.utils.translation import gettext_lazy as _

from consortium.models import Partner
from missions.models import Mission
from workspace.forms import RecordForm, VagueDateField

TEXT = {"rows": 3}


class MissionForm(RecordForm):
    date = VagueDateField(label=_("Date"))

    class Meta:
        model = Mission
        fields = [
            "name",
            "kind",
            "target_market",
            "country",
            "date",
            "location",
            "dates_location",
            "description",
            "results",
            "participants",
            "notes",
            "responsible",
            "consortium_led",
            "responsible_text",
        ]
        widgets = {
            "participants": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs=TEXT),
            "results": forms.Textarea(attrs=TEXT),
            "notes": forms.Textarea(attrs=TEXT),
            "dates_location": forms.Textarea(attrs=TEXT),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Partner.objects.filter(project=self.project)
