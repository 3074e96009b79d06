from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from consortium.countries import is_third_country
from consortium.models import Organisation
from events.categories import category_choices
from events.models import Event, EventCountry
from missions.models import Mission
from workspace.forms import RecordForm
from workspace.widgets import FilteredChecklist

COUNTS = ["participants_smes", "participants_clusters", "participants_rtos", "participants_policy"]


def third_country_choices() -> list[tuple[str, str]]:
    """The countries an event may target: third countries only (consortium/data/country_groups.yaml)."""
    return [(code, name) for code, name in countries if is_third_country(code)]


class EventForm(RecordForm):
    """Its fields are EVENTS.fields (events/views.py); the target countries are a field of its own."""

    countries = forms.MultipleChoiceField(
        choices=third_country_choices,  # a function: a form copy does not copy 200 tuples
        required=False,
        label=_("Target countries"),
        help_text=_("The third countries the event targeted (EU and COSME countries are not listed)."),
        widget=FilteredChecklist(filter_label=_("Type to find a third country…"), chosen_label=_("Chosen:")),
    )

    class Meta:
        widgets = {"organisations": forms.SelectMultiple(attrs={"size": 6})}
        labels = {"category": _("Kind of event")}  # the form's wording; the page and the list say "Category"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The project's categories (a ChoiceField: the model holds a key, with no fixed choices any more).
        old = self.fields["category"]
        self.fields["category"] = forms.ChoiceField(
            label=old.label,
            help_text=_("The coordinator adds the project's own categories on its set-up pages."),
            choices=[("", "---------"), *category_choices(self.project, self.instance.category)],
        )
        if "report_type" in self.fields:
            blank = ("", _("As its category counts"))
            self.fields["report_type"].choices = [blank, *Event.ReportType.choices]
        self.fields["mission"].queryset = Mission.objects.filter(project=self.project).order_by("name")
        self.fields["organisations"].queryset = Organisation.objects.filter(project=self.project).order_by(
            "name"
        )
        # Target countries belong next to the date and place, not after the form's other declared fields.
        names = [n for n in self.fields if n != "countries"]
        self.order_fields([*names[: names.index("date") + 1], "countries", *names[names.index("date") + 1 :]])
        if self.instance.pk:
            chosen = [c.country.code for c in self.instance.target_countries.all()]
            self.fields["countries"].initial = chosen
            # A country chosen before the list offered third countries only stays, and stays choosable.
            others = [(code, countries.name(code)) for code in chosen if not is_third_country(code)]
            if others:
                self.fields["countries"].choices = sorted(
                    [*third_country_choices(), *others], key=lambda choice: choice[1]
                )

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("participants_total")
        kinds = sum(cleaned.get(name) or 0 for name in COUNTS)
        if total is not None and total < kinds:
            self.add_error(
                "participants_total",
                _("The total (%(total)s) is fewer than the kinds add up to (%(kinds)s).")
                % {"total": total, "kinds": kinds},
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
