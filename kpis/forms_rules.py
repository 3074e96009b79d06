"""The counting-rule form: a rule is chosen from parts (kpis/rule_parts.py), never typed.

The form has one group of fields per record kind (what is counted, the conditions on its fields, the
breakdown); only the group of the chosen kind is read. Without JavaScript every group shows under its
heading; with it (static/js/rule-form.js) only the chosen one does.
"""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kpis import rule_parts
from kpis.models import CountingRule
from kpis.rules import RuleError, compile_rule


def _name(kind: str, part: str, key: str = "") -> str:
    return "__".join(filter(None, [part, kind, key]))


class KindGroup:
    """The bound fields of one record kind, for the template."""

    def __init__(self, form, kind):
        self.kind = kind
        self.counts = form[_name(kind.key, "counts")]
        self.breakdown = form[_name(kind.key, "breakdown")]
        self.conditions = [
            (form[_name(kind.key, "values", c.key)], form[_name(kind.key, "exclude", c.key)])
            for c in kind.conditions
        ]


class CountingRuleForm(forms.ModelForm):
    record_kind = forms.ChoiceField(
        label=_("Which records"),
        choices=rule_parts.RECORD_KIND_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("The kind of record the rule counts; each is placed in a period by its own date."),
    )

    class Meta:
        model = CountingRule
        fields = ["title", "name", "record_kind", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": _("Title"), "name": _("Short name")}
        help_texts = {
            "title": _("What the rule counts, in a few words: “Trainings held”."),
            "name": _("Letters, digits, _ and -; made from the title when left empty."),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.instance.project = project
        self.fields["name"].required = False
        chosen = self.instance.record_kind if self.instance.pk else None
        if chosen is None:
            self.initial["record_kind"] = "event"  # the kind most own indicators count
        own = {c["field"]: c for c in self.instance.conditions} if chosen else {}
        for kind in rule_parts.KINDS.values():
            mine = kind.key == chosen
            self.fields[_name(kind.key, "counts")] = forms.ChoiceField(
                label=_("What is counted"),
                choices=kind.counts(),
                required=False,  # only the chosen kind's is read; empty: the records
                initial=self.instance.counts if mine else rule_parts.RECORDS,
            )
            self.fields[_name(kind.key, "breakdown")] = forms.ChoiceField(
                label=_("Sub-types by"),
                choices=[("", _("no sub-types")), *[(b.key, b.label) for b in kind.breakdowns]],
                required=False,
                initial=self.instance.breakdown if mine else "",
                help_text=_("Targets per sub-type are set against these."),
            )
            for condition in kind.conditions:
                chosen_values = own.get(condition.key, {}) if mine else {}
                self.fields[_name(kind.key, "values", condition.key)] = forms.MultipleChoiceField(
                    label=condition.label,
                    choices=condition.choices(project),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    initial=chosen_values.get("values", []),
                    help_text=_("None ticked: any."),
                )
                self.fields[_name(kind.key, "exclude", condition.key)] = forms.BooleanField(
                    label=_("leave the ticked ones out instead"),
                    required=False,
                    initial=bool(chosen_values.get("exclude")),
                )
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select form-select-sm")
            elif isinstance(field.widget, (forms.TextInput, forms.Textarea)):
                field.widget.attrs.setdefault("class", "form-control form-control-sm")
            elif isinstance(field.widget, (forms.CheckboxInput, forms.RadioSelect)):
                field.widget.attrs.setdefault("class", "form-check-input")
        self.groups = [KindGroup(self, kind) for kind in rule_parts.KINDS.values()]

    def clean_name(self):
        name = self.cleaned_data.get("name") or slugify(self.cleaned_data.get("title") or "").replace(
            "-", "_"
        )
        if not name:
            raise forms.ValidationError(gettext("Give the rule a title or a short name."))
        taken = CountingRule.objects.filter(project=self.project, name=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                gettext("%(project)s already has a rule named “%(name)s”.")
                % {"project": self.project.acronym, "name": name}
            )
        return name

    def clean(self):
        data = super().clean()
        kind = rule_parts.KINDS.get(data.get("record_kind") or "")
        if kind is None:
            return data
        conditions = []
        for condition in kind.conditions:
            values = data.get(_name(kind.key, "values", condition.key)) or []
            if values:
                part = {"field": condition.key, "values": list(values)}
                if data.get(_name(kind.key, "exclude", condition.key)):
                    part["exclude"] = True
                conditions.append(part)
            elif data.get(_name(kind.key, "exclude", condition.key)):
                self.add_error(
                    _name(kind.key, "values", condition.key),
                    gettext("Tick the values to leave out, or untick “leave the ticked ones out”."),
                )
        rule = self.instance
        rule.record_kind = kind.key
        rule.conditions = conditions
        rule.counts = data.get(_name(kind.key, "counts")) or rule_parts.RECORDS
        rule.breakdown = data.get(_name(kind.key, "breakdown")) or ""
        try:
            compile_rule(rule)
        except RuleError as error:
            raise forms.ValidationError(str(error)) from error
        return data
