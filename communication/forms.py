from django import forms
from django.utils.text import capfirst

from communication.models import CommunicationActivity
from workspace.forms import RecordForm

LINK = CommunicationActivity._meta.get_field("link")


class CommunicationForm(RecordForm):
    """Its fields are COMMUNICATION.fields (communication/views.py); the model checks the link (http or
    https) and the audience (whole numbers of zero or more)."""

    # An address typed without its scheme ("example.org/news") is read as https, as the organisation
    # form does (Django 6 makes it the default).
    link = forms.URLField(
        label=capfirst(LINK.verbose_name),
        help_text=LINK.help_text,
        required=False,
        max_length=LINK.max_length,
        assume_scheme="https",
    )
