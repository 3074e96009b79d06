"""Receivers of things that happen in a request: a role given, changed or taken away, and a change of
two-step login. Each notification is made once the change is committed (a change rolled back tells no one),
and mailed at once by the worker: these kinds cannot be turned off (notifications.kinds.SECURITY)."""

from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from accounts.twostep.policy import two_step_changed
from consortium.models import Membership
from notifications.delivery import notify_now
from notifications.situations import Draft

VARIANTS = {"+": "added", "~": "changed", "-": "removed"}


@receiver(post_create_historical_record)
def membership_changed(sender, instance, history_instance, **kwargs):
    if not isinstance(instance, Membership):
        return
    variant = VARIANTS.get(history_instance.history_type)
    params = {"project": instance.project.acronym, "role": instance.role, "variant": variant}
    if variant == "changed":
        before = history_instance.prev_record
        if before is None or (before.role, before.partner_id) == (instance.role, instance.partner_id):
            return  # saved without a change of role or partner
        params["old_role"] = before.role
    # A removed role's project may be being deleted with it: the notification names it in words only.
    project_id = None if variant == "removed" else instance.project_id
    url = "" if variant == "removed" else reverse("portal:home")
    draft = Draft(
        instance.user_id, project_id, "role_changed", f"role:{history_instance.history_id}", params, url
    )
    transaction.on_commit(lambda: notify_now([draft]))


@receiver(two_step_changed)
def two_step(sender, user, change, **kwargs):
    now = timezone.now()
    draft = Draft(
        user.pk,
        None,
        "two_step_changed",
        f"two_step:{user.pk}:{change}:{now.isoformat()}",
        {"variant": change},
        reverse("twostep:account"),
    )
    transaction.on_commit(lambda: notify_now([draft]))
