"""The set-up pages' forms: they validate and convert, the views save. Every error names its field."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from consortium.models import Deliverable, Milestone, Partner, Project, ReportingPeriod, Task, WorkPackage

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def bootstrap(form):
    """Bootstrap's classes on the widgets; on the fields with an error (a bound form) is-invalid, aria-invalid
    and the error's id, and the keyboard's focus on the first of them."""
    focused = False
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and hasattr(form, "cleaned_data") and name in form.errors:
            css += " is-invalid"
            widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"{form[name].auto_id}-error"})
            if not focused:
                widget.attrs["autofocus"] = True
                focused = True
        widget.attrs["class"] = css


class DatalistInput(forms.TextInput):
    """A text box that suggests the usual words (the work plan may write its own)."""

    def __init__(self, suggestions, attrs=None):
        super().__init__(attrs)
        self.suggestions = suggestions

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-suggestions"
        self.attrs["list"] = list_id
        box = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}">', ((str(s),) for s in self.suggestions))
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


class Bootstrapped:
    def full_clean(self):
        super().full_clean()
        bootstrap(self)


# -- the project frame ---------------------------------------------------------------------------------------
PROJECT_FIELDS = [
    "acronym",
    "title",
    "programme",
    "call_identifier",
    "call_title",
    "grant_number",
    "start_date",
    "duration_months",
    "extension_months",
]
PROJECT_LABELS = {
    "acronym": _("Acronym"),
    "title": _("Title"),
    "programme": _("Programme"),
    "call_identifier": _("Call identifier"),
    "call_title": _("Call title"),
    "grant_number": _("Grant number"),
    "start_date": _("Start date"),
    "duration_months": _("Duration (months)"),
    "extension_months": _("Extension (months)"),
}


class ProjectForm(Bootstrapped, forms.ModelForm):
    """The frame of a project, as the coordinator changes it."""

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        labels = PROJECT_LABELS
        help_texts = {
            "acronym": _("Letters, digits and hyphens; it names the project in every address."),
            "extension_months": _("Months added to the duration by amendments."),
        }
        widgets = {"start_date": DATE}
        error_messages = {
            "acronym": {"unique": _("Acronym: another project already has this acronym.")},
            "start_date": {"invalid": _("Start date: enter a date like 2020-09-01.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_months"].min_value = 1
        self.fields["duration_months"].widget.attrs["min"] = 1
        bootstrap(self)

    def clean_duration_months(self):
        months = self.cleaned_data["duration_months"]
        if months < 1:
            raise forms.ValidationError(gettext("Duration (months): a project lasts at least one month."))
        return months


class NewProjectForm(ProjectForm):
    """A new project: its frame, its periods' length, its coordinating partner and its coordinator."""

    period_months = forms.IntegerField(
        label=_("Reporting period (months)"),
        min_value=1,
        max_value=120,
        initial=6,
        help_text=_("The periods are made from the start date and the months; the last one may be shorter."),
    )
    partner_short_name = forms.CharField(label=_("Coordinating partner: short name"), max_length=20)
    partner_legal_name = forms.CharField(label=_("Coordinating partner: legal name"), max_length=255)
    partner_country = LazyTypedChoiceField(label=_("Coordinating partner: country"), choices=countries)
    coordinator = forms.CharField(
        label=_("Coordinator"),
        max_length=254,
        help_text=_(
            "The user name or e-mail address of an existing account; any other e-mail address is "
            "invited to become the coordinator."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_country"].choices = [("", "---------"), *countries]
        bootstrap(self)

    def clean_coordinator(self):
        """The account named (user name or e-mail), or the e-mail address to invite."""
        given = self.cleaned_data["coordinator"].strip()
        users = get_user_model().objects.filter(is_active=True)
        found = list(users.filter(Q(username__iexact=given) | Q(email__iexact=given))[:2])
        if "@" in given and not found:
            try:
                forms.EmailField().clean(given)
            except forms.ValidationError:
                raise forms.ValidationError(
                    gettext("Coordinator: %(value)s is neither a user name nor an e-mail address.")
                    % {"value": given}
                ) from None
            self.invite_email = given.lower()
            return None
        if not found:
            raise forms.ValidationError(
                gettext("Coordinator: no account is called %(value)s; give an e-mail address to invite.")
                % {"value": given}
            )
        if len(found) > 1:
            raise forms.ValidationError(
                gettext("Coordinator: several accounts match %(value)s; give the user name.")
                % {"value": given}
            )
        self.invite_email = ""
        return found[0]

    def partner(self) -> dict:
        return {
            "short_name": self.cleaned_data["partner_short_name"],
            "legal_name": self.cleaned_data["partner_legal_name"],
            "country": self.cleaned_data["partner_country"],
        }


# -- the rows of the frame: periods, partners, work plan, deliverables, milestones -------------------------
class FrameRowForm(Bootstrapped, forms.ModelForm):
    """A row of a project's frame. `unique` names the fields no two rows of the project share; month fields
    (`*_month`) are checked against the project's months."""

    unique: tuple[str, ...] = ()

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        if hasattr(self.instance, "project_id") and self.instance.project_id is None:
            self.instance.project = project
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model
                field.queryset = (
                    model.objects.filter(work_package__project=project)
                    if model is Task
                    else model.objects.filter(project=project)
                )
        for name, field in self.fields.items():
            if name.endswith("_month"):
                field.widget.attrs.update(min=1, max=project.total_months)
        bootstrap(self)

    def siblings(self):
        """The rows among which the `unique` fields must differ."""
        return self._meta.model.objects.filter(project=self.project)

    def clean(self):
        cleaned = super().clean()
        for name in self.unique:
            value = cleaned.get(name)
            if value in (None, "") or name in self.errors:
                continue
            taken = self.siblings().filter(**{name: value}).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    name,
                    gettext("%(field)s: %(value)s is already used by another row of %(project)s.")
                    % {"field": self.fields[name].label, "value": value, "project": self.project.acronym},
                )
        last = self.project.total_months
        for name, field in self.fields.items():
            month = cleaned.get(name)
            if name.endswith("_month") and month is not None and not 1 <= month <= last:
                self.add_error(
                    name,
                    gettext("%(field)s: M%(month)s is outside the project's months (M1 to M%(last)s).")
                    % {"field": field.label, "month": month, "last": last},
                )
        first, end = cleaned.get("start_month"), cleaned.get("end_month")
        if first and end and first > end and "end_month" not in self.errors:
            self.add_error(
                "end_month", gettext("End month: M%(end)s is before the start month.") % {"end": end}
            )
        return cleaned


class PeriodForm(FrameRowForm):
    unique = ("number",)

    class Meta:
        model = ReportingPeriod
        fields = ["number", "start_date", "end_date"]
        labels = {"number": _("Number"), "start_date": _("First day"), "end_date": _("Last day")}
        widgets = {"start_date": DATE, "end_date": DATE}

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("start_date"), cleaned.get("end_date")
        if first and last and first > last:
            self.add_error("end_date", gettext("Last day: the period ends before its first day."))
        elif first and last:
            overlapping = (
                self.siblings().filter(start_date__lte=last, end_date__gte=first).exclude(pk=self.instance.pk)
            )
            if other := overlapping.first():
                self.add_error(
                    "start_date", gettext("First day: the period overlaps %(other)s.") % {"other": other}
                )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The overlap is said above on the field; the model's own clean() says it again without one.
        if "start_date" in self._errors:
            self._errors.pop(NON_FIELD_ERRORS, None)


class PartnerForm(FrameRowForm):
    unique = ("number", "short_name")

    class Meta:
        model = Partner
        fields = [
            "number",
            "short_name",
            "legal_name",
            "country",
            "is_coordinator",
            "report_name",
            "former_name",
        ]
        labels = {
            "number": _("Number"),
            "short_name": _("Short name"),
            "legal_name": _("Legal name"),
            "country": _("Country"),
            "is_coordinator": _("Coordinating partner"),
            "report_name": _("Name in the agency's reports"),
            "former_name": _("Former name"),
        }
        help_texts = {
            "report_name": _("As the agency's templates write it after the number; empty: the short name."),
            "former_name": _('A name it had before, shown as "(formerly …)" in the reports.'),
        }

    def clean_is_coordinator(self):
        flag = self.cleaned_data["is_coordinator"]
        other = self.siblings().filter(is_coordinator=True).exclude(pk=self.instance.pk).first()
        if flag and other is not None:
            raise forms.ValidationError(
                gettext("Coordinating partner: %(other)s is the coordinating partner; untick it there first.")
                % {"other": other.short_name}
            )
        return flag


class WorkPackageForm(FrameRowForm):
    unique = ("number",)

    class Meta:
        model = WorkPackage
        fields = ["number", "title", "lead", "start_month", "end_month"]
        labels = {
            "number": _("Number"),
            "title": _("Title"),
            "lead": _("Leader"),
            "start_month": _("Start month"),
            "end_month": _("End month"),
        }


class TaskForm(FrameRowForm):
    unique = ("code",)

    class Meta:
        model = Task
        fields = ["work_package", "code", "title", "lead", "participants", "start_month", "end_month"]
        labels = {
            "work_package": _("Work package"),
            "code": _("Number"),
            "title": _("Title"),
            "lead": _("Leader"),
            "participants": _("Other partners taking part"),
            "start_month": _("Start month"),
            "end_month": _("End month"),
        }
        help_texts = {"code": _("As the work plan numbers it, e.g. 2.1.")}
        widgets = {"participants": forms.CheckboxSelectMultiple}

    def siblings(self):
        return Task.objects.filter(work_package=self.cleaned_data.get("work_package"))


# Suggested values, not labels: they are stored and the agency's reports (in English) print them as written,
# so they stay untranslated, like the reports' own words.
TYPES = ["Report", "Demonstrator", "Websites, patent fillings, videos etc.", "Other"]
LEVELS = ["Public", "Confidential", "Classified"]


class DeliverableForm(FrameRowForm):
    unique = ("code",)

    class Meta:
        model = Deliverable
        fields = ["code", "title", "work_package", "lead", "type", "dissemination", "due_month"]
        labels = {
            "code": _("Number"),
            "title": _("Name"),
            "work_package": _("Work package"),
            "lead": _("Lead partner"),
            "type": _("Type"),
            "dissemination": _("Dissemination level"),
            "due_month": _("Due month"),
        }
        help_texts = {"code": _("As the work plan numbers it, e.g. D2.1.")}
        widgets = {"type": DatalistInput(TYPES), "dissemination": DatalistInput(LEVELS)}


class MilestoneForm(FrameRowForm):
    unique = ("number",)

    class Meta:
        model = Milestone
        fields = ["number", "title", "due_month"]
        labels = {"number": _("Number"), "title": _("Title"), "due_month": _("Due month")}
