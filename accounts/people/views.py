"""The People page of a project and its actions (coordinator only), and the invited person's accept page.

Who may: the coordinators of THAT project, and superusers (`_coordinated`): a member of the project with
another role gets 403, anyone else 404 (the project does not exist for them), anonymous users the login
page. Every change is a security event here and a history row on its model.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Invitation
from accounts.people import mail, services
from accounts.people.forms import InviteForm, MemberForm, NewAccountForm
from accounts.security_events import security_event
from accounts.twostep import policy
from consortium.access import is_coordinator
from consortium.models import Membership, Project


def _coordinated(request, acronym) -> Project:
    project = get_object_or_404(Project.objects.visible_to(request.user), acronym=acronym)
    if not is_coordinator(request.user, project):
        raise PermissionDenied(
            gettext("Only the coordinator of %(project)s manages its people.") % {"project": project.acronym}
        )
    return project


def _people_url(project) -> str:
    return reverse("people:list", args=[project.acronym])


@login_required
@require_http_methods(["GET", "HEAD"])
def people(request, acronym):
    project = _coordinated(request, acronym)
    members = (
        Membership.objects.filter(project=project)
        .select_related("user", "partner")
        .order_by(F("partner__number").asc(nulls_last=True), "user__username")
    )
    return render(
        request,
        "accounts/people/list.html",
        {
            "project": project,
            "members": members,
            "invitations": Invitation.objects.for_people_page(project),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


def _sent(request, invitation, token, *, resent: bool):
    """The page after an invitation was made or resent: whether it was mailed, and the link if shown."""
    delivered = mail.invitation_deliver(request, invitation, token, resent=resent)
    return render(
        request,
        "accounts/people/sent.html",
        {"project": invitation.project, "resent": resent, **delivered},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def invite(request, acronym):
    project = _coordinated(request, acronym)
    form = InviteForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        invitation, token = services.invitation_create(
            project=project,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            partner=form.cleaned_data["partner"],
            by=request.user,
            language=form.cleaned_data["language"],
        )
        return _sent(request, invitation, token, resent=False)
    return render(request, "accounts/people/invite.html", {"project": project, "form": form})


def _pending(project, pk) -> Invitation:
    return get_object_or_404(Invitation.objects.pending().filter(project=project), pk=pk)


@never_cache
@login_required
@require_POST
def resend(request, acronym, pk):
    project = _coordinated(request, acronym)
    invitation = _pending(project, pk)
    token = services.invitation_resend(invitation=invitation)
    return _sent(request, invitation, token, resent=True)


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, acronym, pk):
    project = _coordinated(request, acronym)
    invitation = _pending(project, pk)
    if request.method == "POST":
        services.invitation_revoke(invitation=invitation)
        security_event("invitation_revoked", request, invited=invitation.email, project=project.acronym)
        messages.success(
            request,
            gettext("The invitation of %(email)s is revoked: its link no longer works.")
            % {"email": invitation.email},
        )
        return redirect(_people_url(project))
    return render(request, "accounts/people/revoke.html", {"project": project, "invitation": invitation})


def _member(project, pk) -> Membership:
    return get_object_or_404(
        Membership.objects.filter(project=project).select_related("user", "partner"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def change(request, acronym, pk):
    project = _coordinated(request, acronym)
    membership = _member(project, pk)
    initial = {"role": membership.role, "partner": membership.partner}
    form = MemberForm(request.POST or None, initial=initial, membership=membership)
    if request.method == "POST" and form.is_valid():
        # The change is logged by the Membership signal (membership_changed, with the actor).
        services.membership_change(
            membership=membership, role=form.cleaned_data["role"], partner=form.cleaned_data["partner"]
        )
        messages.success(
            request,
            gettext("%(name)s is now %(role)s.")
            % {"name": membership.user.get_username(), "role": membership.get_role_display()},
        )
        return redirect(_people_url(project))
    return render(
        request, "accounts/people/change.html", {"project": project, "membership": membership, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove(request, acronym, pk):
    project = _coordinated(request, acronym)
    membership = _member(project, pk)
    last = services.is_last_coordinator(membership)
    if request.method == "POST" and not last:
        # Logged by the Membership signal (membership_deleted); the account itself stays.
        services.membership_remove(membership=membership)
        messages.success(
            request,
            gettext("%(name)s is no longer a member of %(project)s.")
            % {"name": membership.user.get_username(), "project": project.acronym},
        )
        return redirect(_people_url(project))
    return render(
        request,
        "accounts/people/remove.html",
        {"project": project, "membership": membership, "last": last},
        status=409 if request.method == "POST" else 200,
    )


# -- the invited person -------------------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def accept(request, token):
    invitation = services.invitation_by_token(token)
    if invitation is None or not invitation.is_open:
        return _closed(request, invitation)
    accounts = list(services.accounts_with_email(invitation.email)[:2])
    context = {"invitation": invitation, "project": invitation.project, "accounts": accounts}
    if len(accounts) > 1:
        return render(request, "accounts/people/accept.html", context | {"ambiguous": True}, status=409)
    if accounts:
        return _accept_existing(request, invitation, accounts[0], context)
    if request.user.is_authenticated:
        # Someone logged in with another account: the link gives a new account to the invited address.
        return render(request, "accounts/people/accept.html", context | {"other_user": True})
    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_create(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationClosed:  # used or revoked while the page was open
            return _closed(request, services.invitation_by_token(token))
        security_event("account_created", request, user=user, invited_by=_inviter(invitation))
        _log_accepted(request, invitation, user)
        # Logged in at once, as after a password: the second step follows where the role needs it.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_after(request))
    return render(request, "accounts/people/accept.html", context | {"form": form})


def _closed(request, invitation):
    """The page of a link that does not work (any more), logged: unknown links may be someone guessing."""
    reason = "unknown" if invitation is None else _closed_reason(invitation)
    security_event(
        "invitation_refused",
        request,
        level=logging.WARNING,
        reason=reason,
        invited=invitation.email if invitation else None,
    )
    return render(
        request,
        "accounts/people/accept_closed.html",
        {"invitation": invitation, "reason": reason},
        status=404 if invitation is None else 410,
    )


def _accept_existing(request, invitation, account, context):
    """The invited address has an account: its owner logs in, then the role is added to it."""
    if not request.user.is_authenticated:
        return render(request, "accounts/people/accept.html", context | {"login_first": account})
    if request.user.pk != account.pk:
        return render(request, "accounts/people/accept.html", context | {"other_user": True})
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=account)
        except services.InvitationClosed:
            return _closed(request, services.invitation_by_token(request.resolver_match.kwargs["token"]))
        _log_accepted(request, invitation, account)
        if settings.MFA_REQUIRED and not policy.is_verified(request) and policy.needs_second_step(account):
            # The new role asks for the second step now, not from the next login.
            request.session[policy.NEEDED] = True
        messages.success(
            request,
            gettext("You are now %(role)s in %(project)s.")
            % {"role": invitation.get_role_display(), "project": invitation.project.acronym},
        )
        return redirect(_after(request))
    return render(request, "accounts/people/accept.html", context | {"confirm": account})


def _after(request) -> str:
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _inviter(invitation) -> str | None:
    return invitation.created_by.get_username() if invitation.created_by_id else None


def _log_accepted(request, invitation, user):
    security_event(
        "invitation_accepted",
        request,
        user=user,
        project=invitation.project.acronym,
        role=invitation.role,
        invited_by=_inviter(invitation),
    )


def _closed_reason(invitation) -> str:
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    return "expired"
