"""Forms of the Indicators pages: a set, an indicator, a set from a template or copied from another project.

How an indicator is counted is chosen, never typed: reported by hand, or one of the project's own counting
rules from a list. Forms validate and convert; the views save (through `save()`, so history keeps it).
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kpis.models import CountingRule, Indicator, IndicatorSet

TEXT = {"class": "form-control form-control-sm"}


def _styled(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            continue
        css = (
            "form-select form-select-sm"
            if isinstance(widget, forms.Select)
            else "form-control form-control-sm"
        )
        widget.attrs.setdefault("class", css)


class IndicatorSetForm(forms.ModelForm):
    """A set's code, title, source and report section; code and section are each the project's once."""

    class Meta:
        model = IndicatorSet
        fields = ["code", "title", "source", "report_section"]
        labels = {
            "code": gettext_lazy("Code"),
            "title": gettext_lazy("Title"),
            "source": gettext_lazy("Source"),
        }
        help_texts = {"source": gettext_lazy("Where the set is defined, e.g. the grant agreement's annex.")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.instance.project = project
        _styled(self)

    def _others(self):
        return IndicatorSet.objects.filter(project=self.project).exclude(pk=self.instance.pk)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if self._others().filter(code=code).exists():
            raise forms.ValidationError(
                _("%(project)s already has a set with the code %(code)s.")
                % {"project": self.project.acronym, "code": code}
            )
        return code

    def clean_report_section(self):
        section = self.cleaned_data["report_section"]
        other = self._others().filter(report_section=section).first() if section else None
        if other is not None:
            raise forms.ValidationError(
                _("The set %(code)s already feeds this report section: a report table shows one set.")
                % {"code": other.code}
            )
        return section


class IndicatorForm(forms.ModelForm):
    """An indicator of a set; "how is it counted" is reported by hand or one of the project's rules."""

    mode = forms.ChoiceField(
        label=gettext_lazy("How is it counted"),
        choices=[
            (Indicator.Mode.REPORTED, gettext_lazy("Reported by hand each period")),
            (Indicator.Mode.COUNTED, gettext_lazy("Counted from records by one of the project's rules")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "position",
            "title",
            "description",
            "mode",
            "counting_rule",
            "target",
            "target_text",
        ]
        labels = {
            "code": gettext_lazy("Code"),
            "position": gettext_lazy("Position"),
            "title": gettext_lazy("Title"),
            "description": gettext_lazy("Definition"),
            "target": gettext_lazy("Target total"),
            "target_text": gettext_lazy("Target as the source writes it"),
        }
        help_texts = {
            "position": gettext_lazy("Its place in the set (1 first)."),
            "target_text": gettext_lazy("e.g. “38 = 12 + 6 + 20”; the parts go on the targets page."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, indicator_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator_set = indicator_set
        self.project = indicator_set.project
        self.instance.indicator_set = indicator_set
        rule = self.fields["counting_rule"]
        rule.queryset = CountingRule.objects.filter(project=self.project).order_by("title", "name")
        rule.empty_label = _("(choose a rule)")
        rule.help_text = _("A rule says which records count; compose new ones on the counting-rules page.")
        self.fields["code"].help_text = _("Unique in %(project)s, e.g. %(example)s.") % {
            "project": self.project.acronym,
            "example": f"{indicator_set.code}-1",
        }
        if not self.instance.pk:  # the instance's empty values are in `initial` already: replace them
            self.initial["code"] = self.initial.get("code") or f"{indicator_set.code}-"
            self.initial["mode"] = self.initial.get("mode") or Indicator.Mode.REPORTED
        self.previous_rule_id = self.instance.counting_rule_id
        _styled(self)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = Indicator.objects.filter(indicator_set__project=self.project, code=code)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("%(project)s already has an indicator with the code %(code)s.")
                % {"project": self.project.acronym, "code": code}
            )
        return code

    def clean(self):
        data = super().clean()
        if data.get("mode") == Indicator.Mode.COUNTED and not data.get("counting_rule"):
            if "counting_rule" not in self.errors:
                self.add_error(
                    "counting_rule", _("A counted indicator needs a rule: choose one of the list.")
                )
        elif data.get("mode") == Indicator.Mode.REPORTED:
            data["counting_rule"] = None
        return data

    def orphaned_subtypes(self) -> list[str]:
        """The sub-type targets of the indicator (saved) that its new rule does not give, by name."""
        rule = self.instance.counting_rule
        if self.instance.pk is None or rule is None or rule.pk == self.previous_rule_id:
            return []
        given = rule.subtype_names()
        return [
            t.subtype_label or t.subtype
            for t in self.instance.targets.filter(partner__isnull=True).exclude(subtype="")
            if t.subtype not in given
        ]


class TemplateForm(forms.Form):
    """Which shipped template to add, under which set code."""

    template = forms.CharField(widget=forms.HiddenInput)
    code = forms.CharField(label=gettext_lazy("Set code"), max_length=10, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = templates

    def clean_template(self):
        key = self.cleaned_data["template"]
        if key not in self.templates:
            raise forms.ValidationError(_("There is no template “%(key)s”.") % {"key": key})
        return key


class CopyForm(forms.Form):
    """Which set (of another project the user coordinates) to copy, under which code."""

    source = forms.IntegerField(widget=forms.HiddenInput)
    code = forms.CharField(label=gettext_lazy("Set code"), max_length=10, widget=forms.TextInput(attrs=TEXT))
