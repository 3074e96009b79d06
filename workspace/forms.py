"""Form building blocks: the vague-date field, the record form base, evidence upload, review.

Forms validate and convert (STYLE.md 8); views save. Every ModelForm lists its fields explicitly, and
none of them lists project, review state, version or timestamps, so posting those changes nothing.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from consortium.models import Partner
from consortium.models.records import VagueDateAccessor
from consortium.vague_dates import VagueDate, VagueDateError, parse_vague_date
from workspace.evidence import check_uploads

DATE_HELP = _(
    "e.g. 2021, Nov 2022 (or Okt, ottobre, paź...), 04.02.2022, 2022-02-04, 4-8.02.2022, "
    "03.09.2021 - 19.10.2021; empty if unknown."
)


class VagueDateField(forms.Field):
    """One text box for a date as partners write it; cleans to a VagueDate (or None when left empty)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "60")
        self.widget.attrs.setdefault("inputmode", "text")

    def prepare_value(self, value):
        return str(value) if isinstance(value, VagueDate) else value

    def to_python(self, value) -> VagueDate | None:
        text = str(value or "").strip()[:200]
        try:
            return parse_vague_date(text)
        except VagueDateError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once, each checked from its content; cleans to a list of CheckedFile.

    The files that passed are kept on the field (`accepted`) even when others were refused, so a form
    shown again can keep them (workspace/submissions.py) instead of dropping them silently.
    """

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Evidence files"))
        kwargs.setdefault(
            "help_text", _("Signed PDF, agenda, photos, office documents; up to 20 MB each. Several allowed.")
        )
        super().__init__(**kwargs)
        self.accepted: list = []

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if self.required and not uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        self.accepted, errors = check_uploads(uploads)
        if errors:
            raise ValidationError(errors)
        return self.accepted


def _short_text_boxes(model_field, **kwargs):
    """Every free-text field of a kind's form is a three-line box (a widget in the form's Meta wins)."""
    if isinstance(model_field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    return model_field.formfield(**kwargs)


def form_for(model, base: type, fields: list[str]) -> type:
    """The ModelForm of a record kind: `base`'s behaviour with the kind's declared fields (RecordKind.fields).

    Labels are the model's (verbose_name, VagueDateAccessor.verbose_name); each vague date gets its one
    text box. What a base's Meta says (a widget, a label worded for the form) is kept.
    """
    meta = type(
        "Meta",
        (base.Meta,) if hasattr(base, "Meta") else (),
        {"model": model, "fields": list(fields), "formfield_callback": staticmethod(_short_text_boxes)},
    )
    attributes = {"Meta": meta, "__module__": base.__module__, "__doc__": base.__doc__}
    for name in fields:
        accessor = getattr(model, name, None)
        if isinstance(accessor, VagueDateAccessor) and name not in base.declared_fields:
            attributes[name] = VagueDateField(label=capfirst(accessor.verbose_name))
    return type(base)(base.__name__, (base,), attributes)


def needs_confirmation(form, data) -> bool:
    """The form is valid but warns (RecordForm.warning), and the user has not pressed "Save anyway"."""
    return bool(getattr(form, "warning", "")) and not data.get("save_anyway")


def error_summary(form) -> list[dict]:
    """Every error of a bound form, in field order, each with a link to its field (issue 12, daily work 3).

    Non-field errors come first, without a link; a hidden field's error has no field to go to either.
    """
    entries = [{"label": "", "message": str(message), "href": ""} for message in form.non_field_errors()]
    for bound in form:
        if not bound.errors:
            continue
        href = ""
        if not bound.is_hidden:
            grouped = isinstance(bound.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)
            href = "#" + (f"{bound.auto_id}_0" if grouped else bound.id_for_label or bound.auto_id)
        entries += [{"label": bound.label, "message": str(m), "href": href} for m in bound.errors]
    return entries


class RecordForm(forms.ModelForm):
    """Base of the record forms: vague dates, the responsible partners, the version seen, evidence.

    The responsible partners are a choice only for the coordinator; everyone else creates records for
    their own partner and cannot move a record to another one (mass assignment, RELIABILITY.md R5).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    evidence = EvidenceField()
    # The vague date that places the record in a reporting period (kpis/rules.py `date_field`).
    placed_by = "date"

    def __init__(self, *args, project, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.project, self.membership = project, membership
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        for name, field in self.fields.items():
            if isinstance(field, VagueDateField) and self.instance.pk:
                field.initial = getattr(self.instance, name)
        if "responsible" in self.fields:
            if self.may_choose_partners:
                # The widget first: setting the queryset hands its choices to the widget in place then.
                self.fields["responsible"].widget = forms.CheckboxSelectMultiple()
                self.fields["responsible"].queryset = Partner.objects.filter(project=project)
                self.fields["responsible"].required = False
            else:
                del self.fields["responsible"]
                self.fields.pop("consortium_led", None)
        self._name_the_project()
        if self.instance.pk:
            self.fields.pop("evidence")  # on an existing record, files are added on its page
        else:
            self.order_fields([*(n for n in self.fields if n != "evidence"), "evidence"])  # files last

    def _name_the_project(self):
        """The partner fields' help texts speak of this project and its partners (the models' own texts are
        generic). No query: the membership comes with its partner (consortium.access.acting_membership).
        The names are escaped: forms render help texts as HTML (Django's and crispy's templates)."""
        if "consortium_led" in self.fields:
            self.fields["consortium_led"].help_text = _(
                'Done by the consortium as a whole (the tables write "%(acronym)s").'
            ) % {"acronym": escape(self.project.acronym)}
        partner = getattr(self.membership, "partner", None)
        if "responsible_text" in self.fields and partner is not None:
            self.fields["responsible_text"].help_text = _(
                "The Responsible cell as written, when it names more than the partners, "
                'e.g. "%(partner)s, …".'
            ) % {"partner": escape(partner.short_name)}

    @property
    def may_choose_partners(self) -> bool:
        return self.membership is not None and self.membership.chooses_partners

    def clean(self):
        cleaned = super().clean()
        if (
            "responsible" in self.fields
            and not cleaned.get("responsible")
            and not cleaned.get("consortium_led")
        ):
            self.add_error(
                "responsible", _("Choose at least one partner, or tick the consortium as a whole.")
            )
        self._late = self._late_warning(cleaned)
        return cleaned

    @property
    def warning(self) -> str:
        """What to confirm before saving, once the form is validated; nothing while the date itself is wrong
        (the model's checks come after clean(): a date outside the project is an error, not a warning)."""
        if not self.is_bound or self.placed_by in self.errors:
            return ""
        return getattr(self, "_late", "")

    def _late_warning(self, cleaned) -> str:
        """Issue 12, daily work 1: a date after the last reporting period saves only once confirmed.

        Asked when a record is created, or when its placing date changes (an unchanged date was
        confirmed before); not an error, so the form says it and offers "Save anyway".
        """
        value = cleaned.get(self.placed_by)
        if value is None or self.placed_by not in self.fields:
            return ""
        if self.instance.pk and self.placed_by not in self.changed_data:
            return ""
        last = self.project.last_period()
        if last is None or value.end <= last.end_date:
            return ""
        return _(
            "%(label)s %(value)s ends after the project's last reporting period (P%(number)s, which ends "
            "%(end)s): the record will not count in any reporting period, on the dashboard or in the "
            "reports, until a period covering it is added. Check the date, or save it anyway."
        ) % {
            "label": self.fields[self.placed_by].label,
            "value": value,
            "number": last.number,
            "end": date_format(last.end_date, "SHORT_DATE_FORMAT"),
        }

    def _post_clean(self):
        # The vague dates live in three columns each; they are set before the model's own validation.
        for name, field in self.fields.items():
            if isinstance(field, VagueDateField) and name not in self._errors and name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()

    def save_responsible(self, record):
        """New: the coordinator's choice, else the creator's own partner. Edit: kept unless chosen."""
        chosen = self.cleaned_data["responsible"] if "responsible" in self.fields else None
        record.assign_responsible(chosen=chosen, membership=self.membership)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("verify", _("Verify")), ("return", _("Return")), ("resubmit", _("Resubmit"))]
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)


class EvidenceUploadForm(forms.Form):
    evidence = EvidenceField(required=True)
