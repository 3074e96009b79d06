"""Widgets of our own: the filtered checklist of many choices."""

from django import forms


class FilteredChecklist(forms.SelectMultiple):
    """Many choices as a list of checkboxes with a text filter above it (issue 12, daily work 10).

    A SelectMultiple for crispy (which draws a CheckboxSelectMultiple's options itself), drawn with one
    template loop. The filter box shows only with JavaScript (static/js/record-form.js); without it the
    list still scrolls and every checkbox works. The chosen ones are named above the list.
    """

    template_name = "workspace/widgets/filtered_checklist.html"

    def __init__(self, attrs=None, choices=(), *, filter_label="", chosen_label=""):
        super().__init__(attrs, choices)
        self.filter_label, self.chosen_label = filter_label, chosen_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["filter_label"] = self.filter_label
        context["widget"]["chosen_label"] = self.chosen_label
        context["widget"]["chosen"] = [
            option["label"]
            for _group, options, _index in context["widget"]["optgroups"]
            for option in options
            if option["selected"]
        ]
        return context
