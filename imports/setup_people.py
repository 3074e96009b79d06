"""The set-up workbook's people sheet, through the People page's forms and services (accounts.people):
a new address is invited; a pending invitation gets the row's role and partner (its link stays); a
member gets them through the page's change of role (the project keeps a coordinator). An account that
exists is invited like on the People page and adds the role when its owner accepts: never a second
account."""

from accounts.models import Invitation
from accounts.people import services
from accounts.people.forms import InviteForm, MemberForm, RoleFields
from consortium.models import Membership


def people_row(sheet, number: int, values: dict, book) -> str | None:
    """Invite, or change a pending invitation or a member; the outcome, or None with problems noted."""
    project = book.project
    email = str(values.get("email") or "").strip().lower()
    roles = {"role": values.get("role") or "", "partner": values.get("partner") or ""}
    membership = (
        Membership.objects.filter(project=project, user__in=services.accounts_with_email(email))
        .select_related("user", "partner", "project")
        .first()
        if email
        else None
    )
    if membership is not None:
        initial = {"role": membership.role, "partner": membership.partner_id}
        form = MemberForm(data=roles, membership=membership, initial=initial)
        if not book.checked(sheet, number, form, values):
            return None
        if not form.has_changed():
            return "unchanged"
        services.membership_change(
            membership=membership, role=form.cleaned_data["role"], partner=form.cleaned_data["partner"]
        )
        book.members_changed.append(membership)
        return "updated"
    pending = Invitation.objects.pending().filter(project=project, email=email).first() if email else None
    if pending is not None:
        initial = {"role": pending.role, "partner": pending.partner_id}
        form = RoleFields(data=roles, project=project, initial=initial)
        if not book.checked(sheet, number, form, values):
            return None
        if not form.has_changed():
            return "unchanged"
        pending.role, pending.partner = form.cleaned_data["role"], form.cleaned_data["partner"]
        pending.full_clean()
        pending.save(update_fields=["role", "partner"])
        return "updated"
    form = InviteForm(data={"email": email, **roles}, project=project)
    if not book.checked(sheet, number, form, values):
        return None
    book.invitations.append(
        services.invitation_create(
            project=project,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            partner=form.cleaned_data["partner"],
            by=book.user,
        )
    )
    return "created"
