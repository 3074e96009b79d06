from django import forms

from consortium.models import Organisation
from consortium.workspace.filters import country_choices
from consortium.workspace.forms import RecordForm, VagueDateField
from events.models import Event, EventCountry
from missions.models import Mission

TEXT = {"rows": 3}
COUNTS = ["participants_smes", "participants_clusters", "participants_rtos", "participants_policy"]


class EventForm(RecordForm):
    date = VagueDateField(label="Date")
    countries = forms.MultipleChoiceField(
        choices=country_choices,  # the shared list; a function, so a form copy does not copy 250 tuples
        required=False,
        label="Target countries",
        help_text="The third countries the event targeted (hold Ctrl or Cmd to choose several).",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Event
        fields = [
            "category",
            "report_type",
            "name",
            "date",
            "location",
            "dates_location",
            "description",
            "expectations_results",
            "mission",
            "organisations",
            *COUNTS,
            "participants_total",
            "responsible",
            "consortium_led",
            "responsible_text",
        ]
        widgets = {
            "description": forms.Textarea(attrs=TEXT),
            "expectations_results": forms.Textarea(attrs=TEXT),
            "dates_location": forms.Textarea(attrs=TEXT),
            "organisations": forms.SelectMultiple(attrs={"size": 6}),
        }
        labels = {
            "participants_smes": "SMEs",
            "participants_clusters": "Clusters",
            "participants_rtos": "RTOs",
            "participants_policy": "Policy makers",
            "participants_total": "Participants in total",
            "category": "Kind of event",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = Mission.objects.filter(project=self.project).order_by("name")
        self.fields["organisations"].queryset = Organisation.objects.filter(project=self.project).order_by(
            "name"
        )
        # Target countries belong next to the date and place, not after the form's other declared fields.
        names = [n for n in self.fields if n != "countries"]
        self.order_fields([*names[: names.index("date") + 1], "countries", *names[names.index("date") + 1 :]])
        if self.instance.pk:
            self.fields["countries"].initial = [c.country.code for c in self.instance.target_countries.all()]

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("participants_total")
        kinds = sum(cleaned.get(name) or 0 for name in COUNTS)
        if total is not None and total < kinds:
            self.add_error(
                "participants_total", f"The total ({total}) is fewer than the kinds add up to ({kinds})."
            )
        return cleaned


def save_target_countries(form, event):
    """One EventCountry row per target country: the progress report lists an event under each."""
    wanted = set(form.cleaned_data.get("countries") or [])
    have = {c.country.code: c for c in event.target_countries.all()}
    EventCountry.objects.filter(event=event).exclude(country__in=wanted).delete()
    EventCountry.objects.bulk_create(
        [EventCountry(event=event, country=code) for code in sorted(wanted - set(have))]
    )
