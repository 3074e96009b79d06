"""The indicator templates shipped as data files (kpis/programmes/*.yaml) and the rule library they name
(kpis/programmes/rules.yaml); adding a set from a template, or copying a set from another project.

A template is a set (code, title, source, report section) and its indicators (code, title, definition,
counted by a rule of the library or reported by hand). Adding it to a project creates the set, its
indicators, and the counting rules they need that the project does not have yet (a rule of the same name
is the project's own and is kept: the coordinator may have changed it). Everything is written in one
transaction: a set whose code the project already uses is refused and nothing is written.
"""

from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from kpis.models import CountingRule, Indicator, IndicatorSet, IndicatorTarget

PROGRAMMES = Path(__file__).resolve().parent / "programmes"
RULE_FIELDS = ("title", "record_kind", "conditions", "counts", "breakdown", "breakdown_labels", "note")


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def rule_library() -> dict[str, dict]:
    """The shipped counting rules by name."""
    return {rule["name"]: rule for rule in _read(PROGRAMMES / "rules.yaml")["rules"]}


@cache
def templates() -> dict[str, dict]:
    """The shipped indicator-set templates by key (their file's name), in the files' order."""
    return {
        path.stem: _read(path) | {"key": path.stem}
        for path in sorted(PROGRAMMES.glob("*.yaml"))
        if path.name != "rules.yaml"
    }


def rule_values(spec: dict) -> dict:
    """A rule's fields from a data file's entry (the library's, the demo's, a spreadsheet's)."""
    return {
        "title": spec.get("title") or spec["name"],
        "record_kind": spec["record_kind"],
        "conditions": spec.get("conditions") or [],
        "counts": spec.get("counts") or "records",
        "breakdown": spec.get("breakdown") or "",
        "breakdown_labels": spec.get("breakdown_labels") or {},
        "note": spec.get("note") or "",
    }


def project_rule(project, spec: dict) -> CountingRule:
    """The project's rule of this name, made from `spec` when the project has none (checked first)."""
    rule = CountingRule.objects.filter(project=project, name=spec["name"]).first()
    if rule is None:
        rule = CountingRule(project=project, name=spec["name"], **rule_values(spec))
        rule.full_clean(validate_unique=False)
        rule.save()
    return rule


def library_rule(project, name: str) -> CountingRule:
    return project_rule(project, rule_library()[name])


def _new_set(project, code, **values) -> IndicatorSet:
    if IndicatorSet.objects.filter(project=project, code=code).exists():
        raise ValidationError(
            {
                "code": gettext("%(project)s already has a set with the code %(code)s.")
                % {"project": project, "code": code}
            }
        )
    section = values.get("report_section") or ""
    if section and IndicatorSet.objects.filter(project=project, report_section=section).exists():
        values["report_section"] = ""  # one set per report section: the project's own stays
    position = (
        IndicatorSet.objects.filter(project=project)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    ) + 1
    return IndicatorSet.objects.create(project=project, code=code, position=position, **values)


@transaction.atomic
def add_from_template(project, key: str, code: str = "") -> IndicatorSet:
    """Add the template's set to `project` (under `code`, or the template's own code)."""
    template = templates()[key]
    code = code or template["set"]["code"]
    indicator_set = _new_set(
        project,
        code,
        title=template["set"]["title"],
        source=template["set"].get("source", ""),
        report_section=template["set"].get("report_section", ""),
    )
    prefix = template["set"]["code"]
    for position, row in enumerate(template["indicators"], start=1):
        rule = library_rule(project, row["rule"]) if row["mode"] == Indicator.Mode.COUNTED else None
        Indicator.objects.create(
            indicator_set=indicator_set,
            code=code + row["code"].removeprefix(prefix),
            position=position,
            title=row["title"],
            description=row.get("description", ""),
            mode=row["mode"],
            counting_rule=rule,
        )
    return indicator_set


@transaction.atomic
def copy_set(source: IndicatorSet, project, code: str = "") -> IndicatorSet:
    """Copy a set of another project (its indicators, rules, totals and sub-type targets) into `project`.

    Per-partner targets are not copied: the partners are the other project's. Rules keep their names; a
    rule the project already has under that name is the project's own and is used as it is.
    """
    code = code or source.code
    indicator_set = _new_set(
        project, code, title=source.title, source=source.source, report_section=source.report_section
    )
    for indicator in source.indicators.select_related("counting_rule").prefetch_related("targets"):
        rule = None
        if indicator.counting_rule is not None:
            original = indicator.counting_rule
            rule = project_rule(
                project, {"name": original.name} | {f: getattr(original, f) for f in RULE_FIELDS}
            )
        copy = Indicator.objects.create(
            indicator_set=indicator_set,
            code=code + indicator.code.removeprefix(source.code),
            position=indicator.position,
            title=indicator.title,
            description=indicator.description,
            mode=indicator.mode,
            counting_rule=rule,
            target=indicator.target,
            target_text=indicator.target_text,
        )
        for target in indicator.targets.all():
            if target.partner_id is None:
                IndicatorTarget.objects.create(
                    indicator=copy,
                    subtype=target.subtype,
                    subtype_label=target.subtype_label,
                    value=target.value,
                )
    return indicator_set
