"""System check: every counted indicator in the database names a rule of kpis.rules (run with
`manage.py check --database default`; a database tag, so plain `check` and `migrate` do not query)."""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.database)
def indicator_rules_exist(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from kpis.models import Indicator
    from kpis.rules import unknown_rules

    try:
        problems = unknown_rules(Indicator.objects.all())
    except DatabaseError:  # tables not migrated yet: nothing to check
        return []
    return [
        Error(problem, hint="Use one of the names in kpis/rules.py RULES.", id="kpis.E001")
        for problem in problems
    ]
