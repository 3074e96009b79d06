"""Organisation pages (generic, from workspace) and the picker's two htmx endpoints."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from consortium.access import recording_membership
from consortium.models import Organisation, Project
from organisations.filters import OrganisationFilter
from organisations.forms import OrganisationForm, OrganisationPicker, QuickOrganisationForm
from organisations.lookups import matching_organisations, similar_organisations
from organisations.tables import OrganisationTable
from workspace.kinds import RecordKind

ORGANISATIONS = RecordKind(
    model=Organisation,
    slug="organisation",
    namespace="organisations",
    fields=[
        "name",
        "acronym",
        "type",
        "country",
        "scope",
        "sectors",
        "website",
        "description",
        "member_of",
        "owner",
    ],
    form=OrganisationForm,
    table_class=OrganisationTable,
    filterset_class=OrganisationFilter,
    intro=gettext_lazy(
        "The clusters, SMEs, intermediaries and others the consortium deals with; "
        "one entry per real organisation."
    ),
)


@login_required
def organisation_pick(request):
    """Type-ahead: the <option>s matching what was typed (the current choice is kept at the top)."""
    project = get_object_or_404(Project.objects.visible_to(request.user), acronym=request.GET.get("project"))
    field = request.GET.get("field", "organisation")
    matches = matching_organisations(project, request.GET.get(f"{field}__q", ""))
    current = request.GET.get(field) or ""
    if current.isdigit() and all(str(o.pk) != current for o in matches):
        matches = [*Organisation.objects.filter(project=project, pk=current), *matches]
    return render(
        request,
        "organisations/organisation_options.html",
        {"matches": matches, "current": current, "none_found": not matches},
    )


@login_required
@require_POST
def organisation_quick_add(request):
    """Add an organisation from inside a record form; re-render the picker with it selected.

    A similar organisation (same name ignoring case and accents, same country) is shown as a warning and
    the new one is only added once the user confirms it is a different one.
    """
    project = get_object_or_404(Project.objects.visible_to(request.user), acronym=request.POST.get("project"))
    membership = recording_membership(request.user, project)
    if membership is None:
        raise PermissionDenied(_("Your role lets you read the directory, not add to it."))
    field = request.POST.get("field", "organisation")
    data = {
        key.removeprefix(f"{field}__"): value
        for key, value in request.POST.items()
        if key.startswith(f"{field}__")
    }
    form = QuickOrganisationForm(data)
    widget = OrganisationPicker(project=project)
    value = request.POST.get(field) or ""
    extra = {
        "new_name": data.get("new_name", ""),
        "new_country": data.get("new_country", ""),
        "new_type": data.get("new_type", ""),
    }
    if not form.is_valid():
        extra["add_errors"] = [
            # Translators: a field of the "add a new organisation" panel, and what is wrong with it.
            _("%(field)s: %(errors)s") % {"field": form.fields[name].label, "errors": " ".join(errors)}
            for name, errors in form.errors.items()
        ]
    else:
        name, country = form.cleaned_data["new_name"].strip(), form.cleaned_data["new_country"]
        exact = Organisation.objects.filter(project=project, name__iexact=name).first()
        similar = similar_organisations(project, name, country)
        if exact:
            value, extra = (
                str(exact.pk),
                {
                    "added": None,
                    "add_errors": [
                        _("“%(organisation)s” was already in the directory: it is now selected.")
                        % {"organisation": exact}
                    ],
                },
            )
        elif similar and not form.cleaned_data["confirm"]:
            extra["similar"] = similar
        else:
            organisation = Organisation(
                project=project, name=name, country=country, type=form.cleaned_data["new_type"]
            )
            organisation.assign_keeper(membership)
            organisation.save()
            value, extra = str(organisation.pk), {"added": organisation}
    widget.choices = [
        ("", "---------"),
        *((o.pk, str(o)) for o in Organisation.objects.filter(project=project).order_by("name")),
    ]
    widget.extra_context = extra
    return HttpResponse(widget.render(field, value, attrs={"id": f"id_{field}"}))
