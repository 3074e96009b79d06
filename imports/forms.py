"""The import pages' forms: a file checked before it is kept, an explicit mode, the columns step."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event
from imports.files import MAX_BYTES, ImportFileError, read_rows
from imports.kinds import KINDS

# The record list a page came from (RecordKind.slug) -> the import kinds it offers, first preselected.
FROM_LIST = {
    "agreement": [
        "cluster-cluster-agreements",
        "cluster-intermediary-agreements",
        "sme-sme-agreements",
        "business-agreements",
    ],
    "event": [
        "national-workshops",
        "international-meetings",
        "international-events",
        "matchmaking",
        "consortium-meetings",
        "events",
    ],
    "mission": ["missions"],
    "communication": ["communication"],
    "engagement": ["engagements"],
    "sector_involvement": ["sector-involvements"],
    "organisation": ["organisations"],
    "plan": ["plan-items"],
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPT = f".xlsx,.csv,text/csv,{XLSX_TYPE}"


def _size_help() -> str:
    return _("At most %(max)s MB; the first row holds the column names.") % {"max": MAX_BYTES // 1_048_576}


class SpreadsheetField(forms.FileField):
    """An XLSX or CSV file: size checked before it is read, type and header row checked from its content."""

    def __init__(self, **kwargs):
        super().__init__(
            label=gettext_lazy("File (Excel .xlsx or CSV)"),
            help_text=lazy(_size_help, str)(),
            widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            **kwargs,
        )

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("'%(name)s' is %(size)s MB; the limit is %(max)s MB. Split it into smaller files.")
                % {
                    "name": upload.name,
                    "size": f"{upload.size / 1_048_576:.0f}",
                    "max": MAX_BYTES // 1_048_576,
                }
            )
        content = upload.read()
        try:
            upload.parsed = read_rows(content, upload.name)  # kept: the run is made from it (parsed once)
        except ImportFileError as exc:
            raise ValidationError(str(exc)) from None
        upload.content = content
        return upload


class NamesADroppedFile:
    """A browser does not send a chosen file again: when another field sends the form back, the file
    field says so, naming the file, instead of showing "No file chosen" as if none had been chosen."""

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None and self.errors:
            self.add_error(
                "file",
                _("Choose '%(name)s' again once the above is fixed: the file was read but not kept.")
                % {"name": upload.name},
            )
        return cleaned


class ImportUploadForm(NamesADroppedFile, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    file = SpreadsheetField()
    mode = forms.ChoiceField(
        label=gettext_lazy(
            "Rows the project already has (same Reference; organisations: same name; timeline: same row)"
        ),
        choices=[
            ("add", gettext_lazy("Add only: leave existing rows as they are (they are listed as skipped)")),
            ("update", gettext_lazy("Add or update: change existing rows to what the file says")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose whether existing rows are left alone or updated.")},
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        names = kinds or list(KINDS)
        self.fields["kind"].choices = [(name, KINDS[name].label) for name in names]


class ParticipantUploadForm(NamesADroppedFile, forms.Form):
    event = forms.ModelChoiceField(queryset=Event.objects.none(), label=gettext_lazy("Matchmaking event"))
    file = SpreadsheetField()

    def __init__(self, *args, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events if events is not None else Event.objects.none()
        self.fields["event"].label_from_instance = lambda e: f"{e.name} ({e.date or _('undated')})"


class ColumnsForm(forms.Form):
    """One choice per column of the file: which template column it fills, or none."""

    def __init__(self, *args, kind, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.headers = [header for header, _ in columns]
        # The value is the column's English header (the mapping's key); the page shows its label.
        choices = [("", _("— not imported —"))] + [
            (c.header, _("%(column)s (required)") % {"column": c.label} if c.required else c.label)
            for c in kind.columns
        ]
        for index, (header, target) in enumerate(columns):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=target
            )

    def mapping(self) -> dict[str, str]:
        return {header: self.cleaned_data[f"column_{i}"] for i, header in enumerate(self.headers)}

    def clean(self):
        cleaned = super().clean()
        chosen = {}
        for index, header in enumerate(self.headers):
            target = cleaned.get(f"column_{index}")
            if target and target in chosen:
                label = next(c.label for c in self.kind.columns if c.header == target)
                self.add_error(
                    f"column_{index}",
                    _("'%(file_column)s' already goes to '%(column)s'; choose one of the two.")
                    % {"file_column": chosen[target], "column": label},
                )
            elif target:
                chosen[target] = header
        missing = [c.label for c in self.kind.columns if c.required and c.header not in chosen]
        if missing:
            raise ValidationError(
                _("Choose a column of the file for %(columns)s (required).")
                % {"columns": ", ".join(repr(m) for m in missing)}
            )
        return cleaned


class SetupBookForm(forms.Form):
    """The set-up workbook: its size checked before it is read; its sheets are read by the check."""

    file = forms.FileField(
        label=gettext_lazy("Set-up workbook (Excel .xlsx)"),
        help_text=gettext_lazy("One sheet per part, as in the template."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
        error_messages={"required": gettext_lazy("Set-up workbook: choose the file to import.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("Set-up workbook: '%(file)s' is %(size)s MB; the limit is %(max)s MB.")
                % {
                    "file": upload.name,
                    "size": f"{upload.size / 1_048_576:.0f}",
                    "max": MAX_BYTES // 1_048_576,
                }
            )
        upload.content = upload.read()
        return upload
