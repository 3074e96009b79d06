from django import forms

from consortium.models import Partner
from workspace.forms import RecordForm


class MissionForm(RecordForm):
    """Its fields are MISSIONS.fields (missions/views.py)."""

    class Meta:
        widgets = {"participants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Partner.objects.filter(project=self.project)
