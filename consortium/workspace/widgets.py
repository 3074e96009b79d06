"""A <select> written in one pass.

Django's Select renders a template per option. A record list has up to seven selects in its filter bar,
one of them with all 250 countries, and drawing them that way took a third of the page's time (bench P5).
QuickSelect writes the same HTML (tests/workspace/test_widgets.py compares the two) straight from the
choices, escaping every value and label.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


def _html(text) -> str:
    """Escaped text, or the text itself when it is already HTML (a SafeString), as the template does."""
    return text.__html__() if hasattr(text, "__html__") else escape(str(text))


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = set(self.format_value(value))
        found = False  # a single select marks only its first matching option, as Django's does
        parts = [f"<select{flatatt(final_attrs)}>"]
        for group, choices in self._groups(self.choices):
            if group is not None:
                parts.append(f'<optgroup label="{_html(group)}">')
            for option_value, label in choices:
                text = "" if option_value is None else str(option_value)
                chosen = text in selected and (self.allow_multiple_selected or not found)
                found = found or chosen
                parts.append(
                    f'<option value="{_html(text)}"{" selected" if chosen else ""}>{_html(label)}</option>'
                )
            if group is not None:
                parts.append("</optgroup>")
        parts.append("</select>")
        # Every value and label above went through _html (attributes through flatatt).
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703

    @staticmethod
    def _groups(choices):
        """(group label, its choices) pairs; ungrouped options come as group None, one at a time."""
        for option_value, label in choices:
            if isinstance(label, (list, tuple)):
                yield option_value, label
            else:
                yield None, [(option_value, label)]


def quicken(form: forms.BaseForm) -> None:
    """Swap every plain Select of `form` for a QuickSelect with the same attributes and choices."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            quick = QuickSelect(attrs=field.widget.attrs)
            quick.choices = field.widget.choices
            quick.is_required = field.widget.is_required
            field.widget = quick


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
