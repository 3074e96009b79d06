"""System check: every counting rule in the database is made of parts that exist (kpis/rule_parts.py), so
no indicator shows "no value" for a rule the engine cannot read (run with `manage.py check --database
default`; a database tag, so plain `check` and `migrate` do not query)."""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError


def broken_rules(rules) -> list[str]:
    """ "PROJECT rule name: what is wrong" for each rule that does not compile."""
    from kpis.rules import RuleError, compile_rule

    problems = []
    for rule in rules.select_related("project"):
        try:
            compile_rule(rule)
        except RuleError as error:
            problems.append(f"{rule.project.acronym} {rule.name}: {error}")
    return problems


@register(Tags.database)
def counting_rules_compile(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from kpis.models import CountingRule

    try:
        problems = broken_rules(CountingRule.objects.all())
    except DatabaseError:  # tables not migrated yet: nothing to check
        return []
    return [
        Error(problem, hint="Change the rule on its page or in the admin.", id="kpis.E001")
        for problem in problems
    ]
