from django import forms
from django.utils.translation import gettext_lazy as _

ACTIONS = ("save", "preview", "submit", "accept", "return", "merge", "upload")


class WritingForm(forms.Form):
    """The text of a writing page and what to do with it (the button pressed)."""

    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 16, "class": "form-control font-monospace"}),
        help_text=_(
            "Markdown: **bold**, *italic*, lists, links. [[CODE]] puts in an indicator's number; "
            "the buttons beside the text insert them."
        ),
    )
    comment = forms.CharField(
        label=_("Comment on returning"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Required to return the text: what the writer should change."),
    )
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], initial="save")

    def clean(self):
        data = super().clean()
        if data.get("action") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what to change: a returned text needs a comment."))
        return data
