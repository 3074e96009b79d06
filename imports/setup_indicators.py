"""The set-up workbook's indicators sheet, through the Indicators page's own form (kpis.forms_sets): a row
is an indicator of a set (the set is made when the workbook names a new code), counted by one of the
project's counting rules, or by a rule of the shipped library that the project does not have yet (added
as the template pages add it), or reported by hand; with its target total. A row whose code the project
has changes that indicator."""

from django.utils.translation import gettext

from consortium.names import fold
from imports.widgets import text
from kpis.catalogue import project_rule, rule_library
from kpis.forms_sets import IndicatorForm
from kpis.models import CountingRule, Indicator, IndicatorSet

BY_HAND = {"", "by hand", "reported", "reported by hand", "hand"}


def _rule(book, cell) -> tuple[CountingRule | None, str]:
    """The project's rule a cell names (its title or short name), or the library's; (None, problem)."""
    wanted = fold(cell)
    rules = CountingRule.objects.filter(project=book.project)
    for rule in rules:
        if wanted in {fold(rule.name), fold(rule.title)}:
            return rule, ""
    for name, spec in rule_library().items():
        if wanted in {fold(name), fold(spec.get("title", ""))}:
            return project_rule(book.project, spec), ""
    known = ", ".join(sorted(rule.title for rule in rules)) or "—"
    return None, gettext(
        "'%(value)s' is not a counting rule of the project (rules: %(known)s), nor “by hand”"
    ) % {
        "value": cell,
        "known": known,
    }


def indicator_row(sheet, number: int, values: dict, book) -> str | None:
    code = str(values.get("code") or "").strip()
    set_code = str(values.get("set") or "").strip() or code.rsplit("-", 1)[0]
    counted_by = text(values.get("counted_by"))
    rule, problem = (None, "") if fold(counted_by) in BY_HAND else _rule(book, counted_by)
    if problem:
        book.problem(sheet, number, _header(sheet, "counted_by"), counted_by, problem)
        return None
    indicator_set = IndicatorSet.objects.filter(project=book.project, code=set_code).first()
    if indicator_set is None:
        position = IndicatorSet.objects.filter(project=book.project).count() + 1
        indicator_set = IndicatorSet(
            project=book.project, code=set_code, title=values.get("set_title") or set_code, position=position
        )
        indicator_set.full_clean()
        indicator_set.save()
    existing = Indicator.objects.filter(indicator_set__project=book.project, code=code).first()
    position = existing.position if existing else indicator_set.indicators.count() + 1
    data = {
        "code": code,
        "position": position,
        "title": values.get("title") or "",
        "description": values.get("description") or "",
        "mode": Indicator.Mode.COUNTED if rule else Indicator.Mode.REPORTED,
        "counting_rule": rule.pk if rule else "",
        "target": values.get("target") or "",
        "target_text": "",
    }
    form = IndicatorForm(data=data, instance=existing, indicator_set=indicator_set)
    if not book.checked(sheet, number, form, values):
        return None
    if existing is not None and not form.has_changed():
        return "unchanged"
    form.save()
    return "updated" if existing else "created"


def _header(sheet, field):
    return next(column.header for column in sheet.columns if column.field == field)
