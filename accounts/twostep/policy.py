"""Who needs the second step, and checking codes.

Coordinators and task leaders (in any project) and superusers must use it; anyone who has set up an
authenticator uses it too. Whether a session needs it is decided once, at login, and kept in the session,
so an ordinary page costs no query for it. What that costs: a role given during a session applies from the
next login, and a device removed in the admin leaves sessions it verified alive until they end (12 h at
most, SESSION_ABSOLUTE_SECONDS).
"""

import re
from dataclasses import dataclass
from datetime import datetime

import django_otp
from django.conf import settings
from django.db.models import Max
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from consortium.models import Membership

NEEDED = "_two_step_needed"  # session key: True when this login must be confirmed with a code
VERIFIED = django_otp.DEVICE_ID_SESSION_KEY  # session key: the device that confirmed it (django-otp's)
REQUIRED_ROLES = (Membership.Role.COORDINATOR, Membership.Role.TASK_LEADER)
BACKUP_CODES = 10
AUTHENTICATOR = "Authenticator app"
BACKUP = "Backup codes"
TOTP_CODE = re.compile(r"\d{6}")


def role_requires_second_step(user) -> bool:
    """Superusers, and coordinators and task leaders of any project."""
    return user.is_superuser or Membership.objects.filter(user=user, role__in=REQUIRED_ROLES).exists()


def authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def needs_second_step(user) -> bool:
    if not settings.MFA_REQUIRED:
        return False
    return role_requires_second_step(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remember_at_login(sender, request, user, **kwargs):
    """Receiver of `user_logged_in`: decide once whether this session must be confirmed with a code."""
    if settings.MFA_REQUIRED:
        request.session[NEEDED] = needs_second_step(user)


def is_verified(request) -> bool:
    return VERIFIED in request.session


def mark_verified(request, device) -> None:
    # A new session key for the more trusted session, as at login (session fixation).
    request.session.cycle_key()
    django_otp.login(request, device)


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up: one secret until it is confirmed, so a reload keeps the QR code."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk")
    # with its user: the otpauth:// URL of the QR code names the account
    device = pending.select_related("user").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
    return device


# Sent with `user` and `change` ("enrolled", "codes", "removed") when a person's two-step login changes; the
# notifications app tells the person (a change they did not make is a sign of a taken account).
two_step_changed = Signal()


def confirm_authenticator(device: TOTPDevice) -> list[str]:
    """Mark the authenticator confirmed, drop any other pending ones; returns fresh backup codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = _backup_codes(device.user)
    two_step_changed.send(sender=TOTPDevice, user=device.user, change="enrolled")
    return codes


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODES new ones (each works once)."""
    codes = _backup_codes(user)
    two_step_changed.send(sender=StaticDevice, user=user, change="codes")
    return codes


@receiver(post_delete, sender=TOTPDevice)
def authenticator_removed(sender, instance, **kwargs):
    """A confirmed authenticator deleted (the admin replacing a lost phone): two-step login is off."""
    if instance.confirmed:
        two_step_changed.send(sender=TOTPDevice, user=instance.user, change="removed")


def _backup_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@dataclass(frozen=True)
class Outcome:
    device: TOTPDevice | StaticDevice | None = None  # the device that accepted the code
    locked_until: datetime | None = None  # set when no code is checked until then


def locked_until(user) -> datetime | None:
    """After AXES_FAILURE_LIMIT wrong codes in a row, no code is checked for AXES_COOLOFF_TIME.

    Per user, from every address, unlike the password lockout (user + address): whoever reaches the code
    page knows the password, and a lock per address would let them go on guessing from address after
    address. What it costs: they can keep the owner off the code page for a while; the mfa_locked event
    names their address, and the owner's remedy is a new password.
    """
    rows = [
        model.objects.filter(user=user, confirmed=True).aggregate(
            count=Max("throttling_failure_count"), last=Max("throttling_failure_timestamp")
        )
        for model in (TOTPDevice, StaticDevice)
    ]
    count = max(row["count"] or 0 for row in rows)
    last = max((row["last"] for row in rows if row["last"]), default=None)
    if count >= settings.AXES_FAILURE_LIMIT and last is not None:
        until = last + settings.AXES_COOLOFF_TIME
        if until > timezone.now():
            return until
    return None


def normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def check_code(user, code: str) -> Outcome:
    """Check a 6-digit code from the authenticator, or else a backup code; a wrong one is counted.

    Besides the lock above, django-otp makes each device wait 1, 2, 4, 8 s after successive failures.
    """
    until = locked_until(user)
    if until is not None:
        return Outcome(locked_until=until)
    code = normalise(code)
    model = TOTPDevice if TOTP_CODE.fullmatch(code) else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True):
        allowed, why = device.verify_is_allowed()
        if not allowed:
            return Outcome(locked_until=why.get("locked_until"))
        # django_otp.verify_token locks the device row, so parallel guesses are all counted.
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return Outcome(device=verified)
    return Outcome()
