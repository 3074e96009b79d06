"""The settings page's form: one choice per kind of notification that may be changed.

Security kinds (kinds.SECURITY) have no field: whatever a POST says of them is ignored, they are always
sent at once.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.models import Delivery


class PreferencesForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds.KINDS:
            if kind.security:
                continue
            self.fields[kind.slug] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                # A kind the POST does not name keeps the person's choice (an older page, a new kind).
                required=False,
                error_messages={
                    "invalid_choice": _("%(kind)s: choose Immediately, In a daily digest or Off.")
                    % {"kind": kind.label}
                },
            )

    def chosen(self) -> dict[str, str]:
        """Delivery per kind, for the kinds the POST named."""
        return {slug: value for slug, value in self.cleaned_data.items() if value}
