"""The forms of the deliverables and milestones page: they validate and convert, the views save.

Every error names its field ("Submitted on: 12.03.2031 is in the future."); the model's own rules (approved
needs submitted, approval not before submission) are checked by its clean() and shown on their fields.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consortium.models import Deliverable, DueDateChange, Milestone
from workspace.evidence import ACCEPTED, check_upload

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})
TEXT = forms.Textarea(attrs={"rows": 3, "class": "form-control"})


class SubmitForm(forms.ModelForm):
    """The lead partner sends the deliverable to the agency: the day and the file (checked like evidence)."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )

    class Meta:
        model = Deliverable
        fields = ["submitted_on", "comments"]
        labels = {"submitted_on": gettext_lazy("Submitted on"), "comments": gettext_lazy("Comment")}
        help_texts = {
            "comments": gettext_lazy(
                'Why it was late or changed, as the report\'s "Comments" column says it.'
            )
        }
        widgets = {"submitted_on": DATE, "comments": TEXT}

    def __init__(self, *args, has_file: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_file = has_file
        self.fields["file"].help_text = _("The deliverable as sent to the agency: %(accepted)s.") % {
            "accepted": ACCEPTED
        }
        self.fields["submitted_on"].required = True
        self.fields["submitted_on"].error_messages["required"] = _("Submitted on: give the day it was sent.")
        self.fields["file"].required = not has_file
        self.fields["file"].error_messages["required"] = _("File: add the deliverable as it was sent.")
        if self.instance.status == Deliverable.Status.PENDING:
            self.instance.status = Deliverable.Status.SUBMITTED

    def _post_clean(self):
        # A day left out is said once, by the form; the model's "needs its date" would say it again.
        missing = "submitted_on" in self._errors
        super()._post_clean()
        if missing:
            del self._errors["submitted_on"][1:]

    def clean_file(self):
        """The checked file (type from the content, size, unpacked size), or None to keep the stored one."""
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        try:
            return check_upload(upload)
        except ValidationError as exc:
            raise ValidationError(_("File: %(reason)s") % {"reason": " ".join(exc.messages)}) from None


class ApproveForm(forms.ModelForm):
    """The coordinator records the agency's approval."""

    class Meta:
        model = Deliverable
        fields = ["approved_on"]
        labels = {"approved_on": gettext_lazy("Approved on")}
        widgets = {"approved_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].required = True
        self.fields["approved_on"].error_messages["required"] = _(
            "Approved on: give the day it was approved."
        )
        if self.instance.status == Deliverable.Status.SUBMITTED:
            self.instance.status = Deliverable.Status.APPROVED


class RevisionForm(forms.ModelForm):
    """The coordinator moves a deliverable's or milestone's due month, saying why."""

    class Meta:
        model = DueDateChange
        fields = ["to_month", "reason", "decided_on"]
        labels = {
            "to_month": gettext_lazy("New due month"),
            "reason": gettext_lazy("Reason"),
            "decided_on": gettext_lazy("Decided on"),
        }
        help_texts = {
            "reason": gettext_lazy('As the report should say it, e.g. "Extension of deadline approved".'),
            "decided_on": gettext_lazy("The day the agency agreed; empty if not known."),
        }
        widgets = {
            "to_month": forms.NumberInput(attrs={"class": "form-control", "min": 1}),
            "reason": TEXT,
            "decided_on": DATE,
        }

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["reason"].required = True
        self.fields["reason"].error_messages["required"] = _("Reason: say why the due date moves.")
        self.fields["to_month"].error_messages["required"] = _("New due month: give the month number.")
        self.fields["to_month"].widget.attrs["max"] = item.project.total_months

    def clean_to_month(self):
        month = self.cleaned_data["to_month"]
        last = self.item.project.total_months
        if not 1 <= month <= last:
            raise ValidationError(
                _("New due month: M%(month)s is outside the project's months (M1 to M%(last)s).")
                % {"month": month, "last": last}
            )
        if month == self.item.current_due_month:
            raise ValidationError(_("New due month: it is already due in M%(month)s.") % {"month": month})
        return month

    def clean_decided_on(self):
        day = self.cleaned_data.get("decided_on")
        if day and day > timezone.localdate():
            raise ValidationError(
                _("Decided on: %(day)s is in the future.") % {"day": date_format(day, "SHORT_DATE_FORMAT")}
            )
        return day


class MilestoneForm(forms.ModelForm):
    """The coordinator records that a milestone was achieved, when, and a comment."""

    class Meta:
        model = Milestone
        fields = ["achieved", "achieved_on", "comments"]
        labels = {
            "achieved": gettext_lazy("Achieved"),
            "achieved_on": gettext_lazy("Achieved on"),
            "comments": gettext_lazy("Comment"),
        }
        help_texts = {"comments": gettext_lazy("E.g. why it was not achieved, or achieved with delay.")}
        widgets = {
            "achieved": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "achieved_on": DATE,
            "comments": TEXT,
        }
