"""Forms of the coordinator's pages: targets (total, per partner, per sub-type) and reported values.

Forms validate and convert; the views save, through `save()` so django-simple-history keeps every change.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kpis.models import ReportedValue


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
    """The whole target on one form: the total, one field per partner, one per sub-type of the rule.

    The sub-types are the counting rule's breakdown (`Rule.subtype_labels`, in its order): no free-text key.
    A sub-type target kept from before whose key is not in the breakdown (old data) is shown with its key, so
    it can be emptied. An emptied partner or sub-type field removes that part of the target (history stays).
    When every part of a breakdown (all sub-types, or all partners) is given, the parts must add up to the
    total unless the coordinator says the source document's parts do not add up.
    """

    def __init__(self, *args, indicator, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.partners = partners
        parts = list(indicator.targets.all())
        self.fields["target"] = _count_field(_("Total target"), _("Leave empty when the indicator has none."))
        self.fields["target_text"] = forms.CharField(
            label=_("Target as the source writes it"),
            required=False,
            max_length=300,
            widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        )
        self.initial.setdefault("target", indicator.target)
        self.initial.setdefault("target_text", indicator.target_text)
        per_partner = {t.partner_id: t.value for t in parts if t.partner_id and not t.subtype}
        for partner in partners:
            name = f"partner_{partner.pk}"
            self.fields[name] = _count_field(_("Target for %(partner)s") % {"partner": partner.short_name})
            self.initial.setdefault(name, per_partner.get(partner.pk))
        existing = {t.subtype: t for t in parts if t.subtype and not t.partner_id}
        rule = indicator.rule
        self.breakdown = list(rule.subtype_labels.items()) if rule is not None and rule.subtype else []
        for key, label in self.breakdown:
            name = f"subtype_{key}"
            stored = existing.get(key)
            help_text = ""
            if stored is not None and stored.subtype_label and stored.subtype_label != label:
                help_text = _("The source calls it “%(label)s”.") % {"label": stored.subtype_label}
            self.fields[name] = _count_field(label, help_text)
            self.initial.setdefault(name, stored.value if stored is not None else None)
        keys = {key for key, _label in self.breakdown}
        self.old_subtypes = [t for key, t in existing.items() if key not in keys]
        for part in self.old_subtypes:
            name = f"subtype_{part.subtype}"
            self.fields[name] = _count_field(
                _("“%(label)s” (key %(key)s)")
                % {"label": part.subtype_label or part.subtype, "key": part.subtype}
            )
            self.initial.setdefault(name, part.value)
        self.existing_subtypes = existing
        self.fields["parts_do_not_add_up"] = forms.BooleanField(
            label=_("The source document's parts do not add up"),
            required=False,
            help_text=_("Tick to save per-partner or sub-type targets whose sum differs from the total."),
            widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        )

    @property
    def partner_fields(self):
        return [self[f"partner_{p.pk}"] for p in self.partners]

    @property
    def subtype_fields(self):
        return [self[f"subtype_{key}"] for key, _label in self.breakdown]

    @property
    def old_subtype_fields(self):
        return [self[f"subtype_{t.subtype}"] for t in self.old_subtypes]

    def subtypes_to_save(self) -> list[tuple[str, int | None, str]]:
        """(key, value or None, label) of every sub-type the form edits: the breakdown's, then old ones."""
        data = self.cleaned_data
        rows = []
        for key, label in self.breakdown:
            stored = self.existing_subtypes.get(key)
            rows.append((key, data.get(f"subtype_{key}"), stored.subtype_label if stored else label))
        rows += [(t.subtype, data.get(f"subtype_{t.subtype}"), t.subtype_label) for t in self.old_subtypes]
        return rows

    def _sum(self, names) -> int | None:
        """The sum of these fields when every one is given, else None."""
        values = [self.cleaned_data.get(name) for name in names]
        return sum(values) if names and None not in values else None

    def subtype_total(self) -> int | None:
        return self._sum([f"subtype_{key}" for key, _label in self.breakdown])

    def partner_total(self) -> int | None:
        return self._sum([f"partner_{p.pk}" for p in self.partners])

    def mismatches(self) -> list[str]:
        """The sums that differ from the total, as messages naming the fields."""
        total = self.cleaned_data.get("target")
        if total is None:
            return []
        found = []
        parts = self.subtype_total()
        if parts is not None and parts != total:
            found.append(
                _("Sub-type targets add up to %(parts)s, the total is %(total)s.")
                % {"parts": parts, "total": total}
            )
        parts = self.partner_total()
        if parts is not None and parts != total:
            found.append(
                _("Per-partner targets add up to %(parts)s, the total is %(total)s.")
                % {"parts": parts, "total": total}
            )
        return found

    def clean(self):
        data = super().clean()
        if self.errors or data.get("parts_do_not_add_up"):
            return data
        for message in self.mismatches():
            self.add_error(
                "target",
                message
                + " "
                + _(
                    "Correct the numbers, or tick “The source document's parts do not add up” if it says so."
                ),
            )
        return data


class ReportedValueForm(forms.Form):
    """A reported indicator's value for one period, cumulative as the report states it, with a comment."""

    period = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Reporting period"),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    value = forms.IntegerField(
        label=gettext_lazy("Value (cumulative to the period's end)"),
        min_value=0,
        max_value=1_000_000_000,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (how the value was obtained, e.g. the breakdown)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        self.fields["period"].label_from_instance = lambda p: str(p)


__all__ = ["ReportedValue", "ReportedValueForm", "TargetsForm"]
