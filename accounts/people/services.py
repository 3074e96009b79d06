"""Writes of the People pages, each in one transaction: invitations made, resent, revoked and accepted,
roles changed and removed. The views log each as a security event; the model history records the rows.

A link is `secrets.token_urlsafe(32)` (256 bits); only its SHA-256 is stored (accounts.models.token_digest),
so the link can be shown or mailed when it is made, never again: resending makes a new one.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Invitation, Language, token_digest
from consortium.models import Membership


class InvitationClosed(Exception):
    """The invitation was accepted or revoked, or expired, while the page was open."""


def _new_link(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = token_digest(token)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=settings.INVITATION_VALID_DAYS)
    return token


@transaction.atomic
def invitation_create(
    *, project, email: str, role: str, partner, by, language: str = settings.LANGUAGE_CODE
) -> tuple[Invitation, str]:
    """A new pending invitation and its link (the token, to mail or show once)."""
    invitation = Invitation(
        project=project, email=email, role=role, partner=partner, created_by=by, language=language
    )
    token = _new_link(invitation)
    invitation.created_at = invitation.sent_at
    invitation.full_clean()
    invitation.save()
    return invitation, token


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> str:
    """A new link for a pending invitation, valid for INVITATION_VALID_DAYS again; the old link stops."""
    token = _new_link(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    return token


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link points at, with its project and partner, whatever its state (or None)."""
    return (
        Invitation.objects.select_related("project", "partner", "created_by")
        .filter(token_hash=token_digest(token))
        .first()
    )


def accounts_with_email(email: str):
    """Active accounts with this e-mail address, or with it as user name (case does not matter): the
    account an invitation adds a role to. Django does not keep addresses unique; the callers refuse when
    there are several."""
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email), is_active=True)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Give `user` the invited role (changing the role they already have in the project, if any) and close
    the invitation. Locks the row, so a link clicked twice at once gives one membership."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise InvitationClosed
    membership = Membership.objects.filter(user=user, project=invitation.project).first()
    if membership is None:
        membership = Membership(user=user, project=invitation.project)
    membership.role, membership.partner = invitation.role, invitation.partner
    membership.full_clean(validate_unique=False)
    membership.save()
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def account_create(*, invitation: Invitation, first_name: str, last_name: str, password: str):
    """A new account for the invited address, its user name the address itself (README "Inviting
    people"), then the invitation accepted with it."""
    # Lock the invitation first: a link submitted twice at once makes one account, the other waits
    # and finds it accepted.
    if not Invitation.objects.select_for_update().get(pk=invitation.pk).is_open:
        raise InvitationClosed
    user = get_user_model()(
        username=invitation.email, email=invitation.email, first_name=first_name, last_name=last_name
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    Language.objects.create(user=user, code=invitation.language)
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def membership_change(*, membership: Membership, role: str, partner) -> Membership:
    membership.role, membership.partner = role, partner
    membership.full_clean(validate_unique=False)
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    membership.delete()


def is_last_coordinator(membership: Membership) -> bool:
    """Whether this member is the project's only coordinator (then the role may not be taken away)."""
    if not membership.is_coordinator:
        return False
    return not Membership.objects.coordinators(membership.project_id).exclude(pk=membership.pk).exists()
