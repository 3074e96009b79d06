"""The sheets of the set-up workbook (issue 15 item 6): one declaration each, read by the template, the
reader and the preview alike (imports.setup_book).

A sheet fills the form the set-up page of its rows uses (setup.forms): a cell becomes the form's value
(a partner's short name its primary key, "M6" the month 6), the form checks it with the page's own rules,
and its errors name the column. The people sheet goes through the People page's forms and services
(accounts.people).

Adding a sheet: declare a Sheet below with its columns and either the form of
the page that edits its rows (`form` and `key`) or a `write` function, and add it to SHEETS in the order
it must be read (a sheet names rows of the sheets before it).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consortium.models import Membership
from consortium.names import fold
from imports.setup_indicators import indicator_row
from imports.setup_people import people_row
from imports.widgets import ChoiceWidget, CountryWidget, text
from setup import forms as setup_forms
from setup.kinds import BY_NAME

YES = {"yes", "y", "x", "true", "1"}
NO = {"", "no", "n", "false", "0", "-"}


@dataclass(frozen=True)
class SheetColumn:
    header: object  # lazy text: the template's header (read in English or in the user's language)
    field: str  # the form's field it fills
    help: object = ""
    required: bool = False
    example: object = ""
    # (cell, lookups) -> the form's value; raises ValueError with the reason in the user's words.
    convert: Callable | None = None


@dataclass(frozen=True)
class Sheet:
    name: str  # a stable name, for code and tests
    title: object  # lazy text: the sheet's title in the workbook
    columns: tuple[SheetColumn, ...]
    form: type | None = None  # the set-up page's form of these rows
    key: tuple[str, ...] = ()  # the form fields that recognise an existing row (and a row given twice)
    frame: str = ""  # setup.kinds' name of these rows (their project's rows: FrameKind.of)
    # (sheet, row number, values, book) -> "created", "updated", "unchanged" or None (problems noted)
    write: Callable | None = None

    def rows_of(self, project):
        return BY_NAME[self.frame].of(project)


def names(label) -> set[str]:
    """A header or title as it may be written: in the user's language and in English, case ignored."""
    with translation.override("en"):
        english = str(label)
    return {fold(label), fold(english)}


# -- cell converters -----------------------------------------------------------------------------------------
def _number(cell, lookups) -> str:
    """ "WP2", "M6", "MS3", "2" or 2.0 -> "2": the letters a work plan writes before a number are dropped."""
    raw = text(cell).strip().upper()
    digits = raw.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ .")
    if raw and not digits.isdigit():
        raise ValueError(gettext("'%(value)s' is not a number") % {"value": raw})
    return digits


def _yes_no(cell, lookups) -> bool:
    raw = fold(text(cell))
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise ValueError(gettext("'%(value)s': write yes or no") % {"value": text(cell)})


def _country(cell, lookups) -> str:
    return CountryWidget().clean(cell)


def _partner(cell, lookups):
    """A partner's short name -> its primary key ("" for an empty cell)."""
    raw = text(cell)
    if not raw:
        return ""
    partner = lookups.partners().get(fold(raw))
    if partner is None:
        known = ", ".join(sorted(p.short_name for p in set(lookups.partners().values())))
        raise ValueError(
            gettext("'%(value)s' is not a partner of the project (partners: %(known)s)")
            % {"value": raw, "known": known or "—"}
        )
    return partner.pk


def _work_package(cell, lookups):
    number = _number(cell, lookups)
    if not number:
        return ""
    package = lookups.work_packages().get(int(number))
    if package is None:
        raise ValueError(
            gettext("WP%(value)s is not a work package of the project (add it on the work packages sheet)")
            % {"value": number}
        )
    return package.pk


def _role(cell, lookups) -> str:
    return ChoiceWidget(Membership.Role.choices, "role", blank_allowed=False).clean(cell)


def _text(cell, lookups) -> str:
    return text(cell)


# -- the sheets ------------------------------------------------------------------------------------------
def _months(example_start, example_end):
    return (
        SheetColumn(_("Start month"), "start_month", _("Project month: 1 or M1"), example=example_start),
        SheetColumn(_("End month"), "end_month", _("Project month: 12 or M12"), example=example_end),
    )


PARTNERS = Sheet(
    name="partners",
    title=_("Partners"),
    form=setup_forms.PartnerForm,
    key=("number",),
    frame="partner",
    columns=(
        SheetColumn(
            _("Number"), "number", _("The partner's number in the grant; it recognises the row"), True, 2
        ),
        SheetColumn(_("Short name"), "short_name", _("As the project calls the partner"), True, "CLU2"),
        SheetColumn(_("Legal name"), "legal_name", "", True, "Example Cluster Association"),
        SheetColumn(_("Country"), "country", _("ISO code (PT) or English name (Portugal)"), True, "PT"),
        SheetColumn(
            _("Coordinator"), "is_coordinator", _("yes for the coordinating partner, else empty"), False, "no"
        ),
    ),
)
WORK_PACKAGES = Sheet(
    name="work_packages",
    title=_("Work packages"),
    form=setup_forms.WorkPackageForm,
    key=("number",),
    frame="work_package",
    columns=(
        SheetColumn(_("Number"), "number", _("1 or WP1; it recognises the row"), True, "WP1"),
        SheetColumn(_("Title"), "title", "", True, "Management"),
        SheetColumn(_("Lead partner"), "lead", _("A short name of the partners sheet"), False, "CLU2"),
        *_months("M1", "M24"),
    ),
)
TASKS = Sheet(
    name="tasks",
    title=_("Tasks"),
    form=setup_forms.TaskForm,
    key=("work_package", "code"),
    frame="task",
    columns=(
        SheetColumn(_("Number"), "code", _("As the work plan numbers it, e.g. 1.1"), True, "1.1"),
        SheetColumn(_("Work package"), "work_package", _("1 or WP1"), True, "WP1"),
        SheetColumn(_("Title"), "title", "", True, "Project coordination"),
        SheetColumn(_("Lead partner"), "lead", _("A short name of the partners sheet"), False, "CLU2"),
        *_months("M1", "M24"),
    ),
)
DELIVERABLES = Sheet(
    name="deliverables",
    title=_("Deliverables"),
    form=setup_forms.DeliverableForm,
    key=("code",),
    frame="deliverable",
    columns=(
        SheetColumn(_("Number"), "code", _("e.g. D1.1; it recognises the row"), True, "D1.1"),
        SheetColumn(_("Name"), "title", "", True, "Project handbook"),
        SheetColumn(_("Work package"), "work_package", _("1 or WP1"), False, "WP1"),
        SheetColumn(_("Lead partner"), "lead", _("A short name of the partners sheet"), False, "CLU2"),
        SheetColumn(_("Type"), "type", ", ".join(setup_forms.TYPES), False, "Report"),
        SheetColumn(
            _("Dissemination level"), "dissemination", ", ".join(setup_forms.LEVELS), False, "Public"
        ),
        SheetColumn(_("Due month"), "due_month", _("Project month: 3 or M3"), False, "M3"),
    ),
)
MILESTONES = Sheet(
    name="milestones",
    title=_("Milestones"),
    form=setup_forms.MilestoneForm,
    key=("number",),
    frame="milestone",
    columns=(
        SheetColumn(_("Number"), "number", _("1 or MS1; it recognises the row"), True, "MS1"),
        SheetColumn(_("Name"), "title", "", True, "Kick-off meeting held"),
        SheetColumn(_("Due month"), "due_month", _("Project month: 2 or M2"), False, "M2"),
    ),
)
PEOPLE = Sheet(
    name="people",
    title=_("People to invite"),
    key=("email",),
    write=people_row,
    columns=(
        SheetColumn(
            _("E-mail"),
            "email",
            _("The address the invitation goes to; it recognises the row"),
            True,
            "someone@example.org",
        ),
        SheetColumn(
            _("Name"),
            "name",
            _("For your own reference; the person types it when accepting"),
            False,
            "Alex Example",
        ),
        SheetColumn(
            _("Partner"),
            "partner",
            _("A short name of the partners sheet (empty for a viewer)"),
            False,
            "CLU2",
        ),
        SheetColumn(
            _("Role"),
            "role",
            ", ".join(str(label) for _v, label in Membership.Role.choices),
            True,
            "Partner staff",
        ),
    ),
)

INDICATORS = Sheet(
    name="indicators",
    title=_("Indicators"),
    key=("code",),
    write=indicator_row,
    columns=(
        SheetColumn(_("Set"), "set", _("The indicator set's code; a new code makes a new set"), False, "OWN"),
        SheetColumn(_("Set title"), "set_title", _("A new set's title"), False, "Our work plan"),
        SheetColumn(
            _("Code"), "code", _("Unique in the project, e.g. OWN-1; it recognises the row"), True, "OWN-1"
        ),
        SheetColumn(_("Title"), "title", "", True, "Number of trainings held"),
        SheetColumn(_("Definition"), "description", "", False, ""),
        SheetColumn(
            _("Counted by"),
            "counted_by",
            _("A counting rule of the project (its title or short name), or “by hand”"),
            False,
            "by hand",
        ),
        SheetColumn(_("Target"), "target", _("The target total: a whole number"), False, 4),
    ),
)

CONVERTERS = {
    "number": _number,
    "start_month": _number,
    "end_month": _number,
    "due_month": _number,
    "is_coordinator": _yes_no,
    "country": _country,
    "lead": _partner,
    "partner": _partner,
    "work_package": _work_package,
    "role": _role,
    "target": _number,
}


def convert(column: SheetColumn, cell, lookups):
    """The form's value of a cell (ValueError says why there is none)."""
    return (column.convert or CONVERTERS.get(column.field, _text))(cell, lookups)


# In the order they are read: a sheet names rows of the sheets above it.
SHEETS = (PARTNERS, WORK_PACKAGES, TASKS, DELIVERABLES, MILESTONES, PEOPLE, INDICATORS)
