from workspace.forms import RecordForm


class CommunicationForm(RecordForm):
    """Its fields are COMMUNICATION.fields (communication/views.py); the model checks the link (http or
    https) and the audience (whole numbers of zero or more)."""
