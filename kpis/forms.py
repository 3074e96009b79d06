"""Forms of the coordinator's pages: targets (total, per partner, per sub-type) and reported values.

Forms validate and convert; the views save, through `save()` so django-simple-history keeps every change.
"""

from django import forms
from django.core.validators import RegexValidator

from kpis.models import ReportedValue

SUBTYPE_KEY = RegexValidator(r"^[a-z0-9_]+$", "Use lower-case letters, digits and underscores, e.g. sme_sme.")


def _count_field(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "inputmode": "numeric"}),
    )


class TargetsForm(forms.Form):
    """One field for the total, one per partner, one per existing sub-type, and a row to add a sub-type.

    An emptied partner or sub-type field removes that part of the target (its history stays).
    """

    def __init__(self, *args, indicator, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.partners = partners
        parts = list(indicator.targets.all())
        self.fields["target"] = _count_field("Total target", "Leave empty when the indicator has none.")
        self.fields["target_text"] = forms.CharField(
            label="Target as the source writes it",
            required=False,
            max_length=300,
            widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        )
        self.initial.setdefault("target", indicator.target)
        self.initial.setdefault("target_text", indicator.target_text)
        per_partner = {t.partner_id: t.value for t in parts if t.partner_id and not t.subtype}
        for partner in partners:
            name = f"partner_{partner.pk}"
            self.fields[name] = _count_field(f"Target for {partner.short_name}")
            self.initial.setdefault(name, per_partner.get(partner.pk))
        self.subtypes = [t for t in parts if t.subtype and not t.partner_id]
        for part in self.subtypes:
            name = f"subtype_{part.subtype}"
            self.fields[name] = _count_field(f"Target for {part.subtype_label or part.subtype}")
            self.initial.setdefault(name, part.value)
        self.fields["new_subtype"] = forms.CharField(
            label="New sub-type key",
            required=False,
            max_length=40,
            validators=[SUBTYPE_KEY],
            widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        )
        self.fields["new_subtype_label"] = forms.CharField(
            label="New sub-type label",
            required=False,
            max_length=120,
            widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        )
        self.fields["new_subtype_value"] = _count_field("New sub-type target")

    @property
    def partner_fields(self):
        return [self[f"partner_{p.pk}"] for p in self.partners]

    @property
    def subtype_fields(self):
        return [self[f"subtype_{t.subtype}"] for t in self.subtypes]

    def clean(self):
        data = super().clean()
        key, value = data.get("new_subtype"), data.get("new_subtype_value")
        if key and value is None:
            self.add_error("new_subtype_value", "Give the new sub-type a target.")
        if value is not None and not key:
            self.add_error("new_subtype", "Give the new sub-type a key, e.g. sme_sme.")
        if key and any(t.subtype == key for t in self.subtypes):
            self.add_error("new_subtype", f"The sub-type '{key}' exists already; change its target above.")
        return data

    def subtype_total(self) -> int | None:
        """What the sub-type targets add up to after the change (None when there are none)."""
        values = [self.cleaned_data.get(f"subtype_{t.subtype}") for t in self.subtypes]
        values.append(self.cleaned_data.get("new_subtype_value"))
        values = [v for v in values if v is not None]
        return sum(values) if values else None


class ReportedValueForm(forms.Form):
    """A reported indicator's value for one period, cumulative as the report states it, with a comment."""

    period = forms.ModelChoiceField(
        queryset=None,
        label="Reporting period",
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    value = forms.IntegerField(
        label="Value (cumulative to the period's end)",
        min_value=0,
        max_value=1_000_000_000,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    comment = forms.CharField(
        label="Comment (how the value was obtained, e.g. the breakdown)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        self.fields["period"].label_from_instance = lambda p: str(p)


__all__ = ["ReportedValue", "ReportedValueForm", "TargetsForm"]
