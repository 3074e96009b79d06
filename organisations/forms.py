"""The organisation form and the organisation picker every record form uses."""

from crispy_forms.helper import FormHelper
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from consortium.models import Organisation, Partner, Sector
from organisations.lookups import similar_organisations


class OrganisationPicker(forms.Select):
    """A select with a type-ahead box above it (htmx swaps the options) and an inline "add new" panel.

    Works without JavaScript too: the select lists every organisation of the project.
    """

    template_name = "organisations/widgets/organisation_picker.html"

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Set here too, not only by crispy: the quick-add view re-renders the widget on its own.
        self.attrs.setdefault("class", "select form-select")
        self.project = project
        self.extra_context: dict = {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context.update(
            {
                "pick_url": reverse("organisations:organisation_pick"),
                "add_url": reverse("organisations:organisation_quick_add"),
                "project_acronym": self.project.acronym if self.project else "",
                "types": Organisation.Type.choices,
                "countries": list(countries),
                **self.extra_context,
            }
        )
        return context


def organisation_field(project, *, required=False, label=None, help_text=""):
    """A ModelChoiceField of the project's organisations, shown with the picker."""
    return forms.ModelChoiceField(
        queryset=Organisation.objects.filter(project=project).order_by("name"),
        required=required,
        label=label or _("Organisation"),
        help_text=help_text,
        widget=OrganisationPicker(project=project),
    )


def use_pickers(form, project, *names):
    """Point a ModelForm's organisation fields at the project's organisations, shown with the picker."""
    for name in names:
        if name in form.fields:
            old = form.fields[name]
            form.fields[name] = organisation_field(
                project, required=old.required, label=old.label, help_text=old.help_text
            )


class OrganisationForm(forms.ModelForm):
    """Its fields are ORGANISATIONS.fields (organisations/views.py)."""

    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    confirm_similar = forms.BooleanField(
        required=False, label=_("Add it anyway: it is a different organisation from the similar one listed")
    )

    class Meta:
        widgets = {"sectors": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, project, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.project, self.membership = project, membership
        self.helper = FormHelper()
        self.helper.form_tag = False
        partners = Partner.objects.filter(project=project)
        self.fields["member_of"].queryset = partners
        self.fields["owner"].queryset = partners
        self.fields["sectors"].queryset = Sector.objects.all()
        if not (membership and membership.chooses_partners):
            # Only the coordinator hands an entry to another partner; everyone else keeps their own.
            del self.fields["owner"]
            self.instance.assign_keeper(membership)
        if not self.instance.pk:
            self.instance.project = project

    def clean(self):
        cleaned = super().clean()
        name, country = cleaned.get("name"), cleaned.get("country") or ""
        if not name:
            return cleaned
        exact = Organisation.objects.filter(project=self.project, name__iexact=name.strip()).exclude(
            pk=self.instance.pk
        )
        if exact.exists():
            self.add_error(
                "name",
                _("“%(organisation)s” is already in the directory: pick it instead.")
                % {"organisation": exact.first()},
            )
            return cleaned
        similar = similar_organisations(self.project, name, country, exclude_pk=self.instance.pk)
        if similar and not cleaned.get("confirm_similar"):
            self.add_error(
                "name",
                _(
                    "A similar organisation is already in the directory: %(similar)s. "
                    "Pick it, or tick “Add it anyway” below."
                )
                % {"similar": "; ".join(str(o) for o in similar)},
            )
        return cleaned

    def _post_clean(self):
        self.instance.project = self.project
        super()._post_clean()


class QuickOrganisationForm(forms.Form):
    """The "add a new organisation" panel inside a record form (fields prefixed with the picker's name)."""

    new_name = forms.CharField(max_length=255, label=_("Name"))
    new_country = forms.ChoiceField(choices=[("", "—"), *countries], required=False, label=_("Country"))
    new_type = forms.ChoiceField(choices=Organisation.Type.choices, label=_("Type"))
    confirm = forms.BooleanField(label=_("It is a different organisation: add it anyway"), required=False)
