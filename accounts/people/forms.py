"""The People pages' forms: they validate and convert; the views save (accounts.people.services)."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation
from accounts.people.services import accounts_with_email, is_last_coordinator
from consortium.models import Membership


def bootstrap(form):
    """Bootstrap's classes on the widgets, and is-invalid on those with an error (a bound form)."""
    for name, field in form.fields.items():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        if form.is_bound and hasattr(form, "cleaned_data") and name in form.errors:
            css += " is-invalid"
        field.widget.attrs["class"] = css


class RoleFields(forms.Form):
    """Role and partner, as an invitation and a change of role ask them."""

    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=None,
        required=False,
        help_text=_("The partner this person works for. Only a viewer works for none."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["partner"].queryset = project.partners.order_by("number")
        bootstrap(self)

    def full_clean(self):
        super().full_clean()
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        role, partner = cleaned.get("role"), cleaned.get("partner")
        if role and Membership.needs_partner(role) and partner is None and "partner" not in self.errors:
            self.add_error(
                "partner",
                gettext("Partner: choose the partner this person works for (only a viewer has none)."),
            )
        return cleaned


class InviteForm(RoleFields):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={"invalid": _("E-mail address: enter an address like name@example.org.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        required=False,  # not sent: the inviter's own
        help_text=_("The e-mail is written in it, and the new account starts in it."),
    )
    field_order = ["email", "role", "partner", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language()

    def clean_language(self):
        return self.cleaned_data["language"] or translation.get_language()

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        pending = Invitation.objects.pending().filter(project=self.project, email=email).first()
        if pending is not None:
            raise forms.ValidationError(
                gettext(
                    "E-mail address: %(email)s was already invited on %(date)s; resend or revoke that "
                    "invitation in the list below."
                )
                % {
                    "email": email,
                    "date": date_format(timezone.localdate(pending.created_at), "SHORT_DATE_FORMAT"),
                }
            )
        if Membership.objects.filter(project=self.project, user__in=accounts_with_email(email)).exists():
            raise forms.ValidationError(
                gettext(
                    "E-mail address: %(email)s is already a member of %(project)s; change their role instead."
                )
                % {"email": email, "project": self.project.acronym}
            )
        if accounts_with_email(email).count() > 1:
            raise forms.ValidationError(
                gettext(
                    "E-mail address: several accounts have %(email)s, so the invitation could not tell "
                    "whose it is. Ask the administrator to give each account its own address."
                )
                % {"email": email}
            )
        return email


class MemberForm(RoleFields):
    """A member's role and partner; the project keeps at least one coordinator."""

    def __init__(self, *args, membership: Membership, **kwargs):
        self.membership = membership
        super().__init__(*args, project=membership.project, **kwargs)

    def clean_role(self):
        role = self.cleaned_data["role"]
        changed = Membership(role=role)
        if is_last_coordinator(self.membership) and not changed.is_coordinator:
            raise forms.ValidationError(
                gettext(
                    "Role: %(name)s is the only coordinator of %(project)s; "
                    "make someone else coordinator first."
                )
                % {"name": self.membership.user.get_username(), "project": self.project.acronym}
            )
        return role


class NewAccountForm(forms.Form):
    """The invited person's name and password; the user name is the invited address."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        bootstrap(self)

    def full_clean(self):
        super().full_clean()
        bootstrap(self)

    def clean_password2(self):
        one, two = self.cleaned_data.get("password1"), self.cleaned_data["password2"]
        if one and one != two:
            raise forms.ValidationError(gettext("Password again: the two passwords differ."))
        return two

    def clean(self):
        cleaned = super().clean()
        if get_user_model().objects.filter(username__iexact=self.email).exists():
            # An account switched off (active ones are asked to log in instead): not ours to revive.
            raise forms.ValidationError(
                gettext(
                    "An account with the address %(email)s exists but is switched off; ask the administrator."
                )
                % {"email": self.email}
            )
        password = cleaned.get("password1")
        if password:
            user = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error(
                    "password1", [gettext("Password: %(problem)s") % {"problem": m} for m in error.messages]
                )
        return cleaned
