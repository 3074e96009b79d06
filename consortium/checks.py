"""Deploy check: production without the second step for coordinators and task leaders is a warning."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_step_login_on(app_configs, **kwargs):
    if settings.MFA_REQUIRED:
        return []
    return [
        Warning(
            "MFA_REQUIRED is off: coordinators, task leaders and superusers log in with a password only.",
            hint="Unset MFA_REQUIRED (or set MFA_REQUIRED=1) in production; it is off only for demos.",
            id="consortium.W001",
        )
    ]
