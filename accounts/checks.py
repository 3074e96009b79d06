"""Deploy checks (`manage.py check --deploy`, run first by `make serve`).

- Published demo credentials in the database are an Error, so `check --deploy` fails even without
  `--fail-level`: anyone who read the README could log in.
- No e-mail configured is a Warning: password reset is not offered, and reminders will need e-mail.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError
from django.db.models import Q

from accounts.demo_credentials import DEMO_EMAIL_DOMAIN, DEMO_TOTP_KEY, demo_passwords

DJANGO_DEFAULT_FROM = "webmaster@localhost"


def demo_credential_holders() -> tuple[list[str], list[str]]:
    """User names that log in with a demo password, and those that hold the demo authenticator key.

    The key is one query over every authenticator. The password costs one slow hash per user and
    password (PBKDF2, about half a second here), so it is tried only on users a demo load can have
    touched: those marked as created by the demo, those holding the demo key, and those with an e-mail
    at the demo's domain (which every demo load, before the marker too, gave its users). Not every user:
    a few hundred users would hold `make serve` up for minutes. What that misses: someone who typed the
    demo password into an account the demo never touched.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    users = get_user_model().objects
    key_holders = set(
        TOTPDevice.objects.filter(key__iexact=DEMO_TOTP_KEY).values_list("user__username", flat=True)
    )
    candidates = users.filter(
        Q(demo_account__isnull=False)
        | Q(username__in=key_holders)
        | Q(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}")
    ).values_list("username", "password")
    passwords = demo_passwords()
    with_password = [
        username
        for username, encoded in candidates
        if any(check_password(password, encoded) for password in passwords)
    ]
    return sorted(with_password), sorted(key_holders)


@register(Tags.security, deploy=True)
def no_demo_credentials(app_configs, **kwargs):
    try:
        with_password, with_key = demo_credential_holders()
    except DatabaseError:
        # Not migrated yet (`make serve` checks before it migrates): no users, nothing to find. A database
        # that cannot be reached stops `migrate` right after, with its own message.
        return []
    problems = []
    fresh = (
        "This database was loaded with the demo (load_demo): never serve it. Start production on a fresh "
        "database (migrate, then createsuperuser)"
    )
    if with_password:
        problems.append(
            Error(
                f"{len(with_password)} user(s) log in with the published demo password: "
                f"{', '.join(with_password)}.",
                hint=f"{fresh}, or give these users new passwords.",
                id="accounts.E001",
            )
        )
    if with_key:
        problems.append(
            Error(
                f"{len(with_key)} user(s) hold the published demo authenticator key: {', '.join(with_key)}.",
                hint=f"{fresh}, or delete these TOTP devices in the admin (/admin/otp_totp/totpdevice/).",
                id="accounts.E002",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def email_configured(app_configs, **kwargs):
    if not settings.EMAIL_CONFIGURED:
        return [
            Warning(
                "E-mail is not configured: the login page offers no password reset, and nothing can be "
                "mailed (reminders will need it).",
                hint="Set EMAIL_URL (e.g. smtp://user:password@mail.example.org:587/?tls=True) or EMAIL_HOST "
                'and its companions, and DEFAULT_FROM_EMAIL (README "E-mail").',
                id="accounts.W001",
            )
        ]
    if settings.DEFAULT_FROM_EMAIL == DJANGO_DEFAULT_FROM:
        return [
            Warning(
                f"DEFAULT_FROM_EMAIL is Django's default ({DJANGO_DEFAULT_FROM}): most mail servers refuse "
                "or bin such mail.",
                hint="Set DEFAULT_FROM_EMAIL to an address of your domain (KPI tracker <kpi@example.org>).",
                id="accounts.W002",
            )
        ]
    return []


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
