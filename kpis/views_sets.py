"""The coordinator's Indicators pages (issue 15 item 4): the project's sets and their indicators; a set added
from a shipped template or copied from another project the user coordinates; sets and indicators added,
changed and deleted. Who may: the project's coordinators and superusers (kpis.access.project_for_coordinator):
other members 403, anyone else 404, anonymous users the login page. Every change keeps its history.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from consortium.models import Project
from kpis import catalogue
from kpis.access import project_for_coordinator
from kpis.forms_sets import CopyForm, IndicatorForm, IndicatorSetForm, TemplateForm
from kpis.models import CountingRule, Indicator, IndicatorSet, ReportedValue


def _back(project):
    return redirect("kpis:set_list", project.acronym)


def _refused(form, error: ValidationError):
    """The catalogue's refusal on the form: on the code field when it names the code (already used)."""
    on_code = error.message_dict.get("code") if hasattr(error, "error_dict") else None
    form.add_error("code" if on_code else None, on_code or error.messages)


@login_required
@require_GET
def set_list(request, acronym):
    project = project_for_coordinator(request.user, acronym)
    indicators = Indicator.objects.select_related("counting_rule").order_by("position", "code")
    sets = list(
        IndicatorSet.objects.filter(project=project)
        .order_by("position", "code")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )
    return render(request, "kpis/sets/list.html", {"project": project, "sets": sets})


def _template_cards(project, forms_by_key):
    """Each shipped template with the indicators it brings and, for a counted one, its rule's sentence."""
    library = catalogue.rule_library()
    statements = {}
    cards = []
    for key, template in catalogue.templates().items():
        rows = []
        for row in template["indicators"]:
            name = row.get("rule")
            if name and name not in statements:
                rule = CountingRule(project=project, name=name, **catalogue.rule_values(library[name]))
                statements[name] = rule.compiled.statement
            rows.append({"code": row["code"], "title": row["title"], "statement": statements.get(name, "")})
        form = forms_by_key.get(key) or TemplateForm(
            initial={"template": key, "code": template["set"]["code"]}, templates={}
        )
        cards.append({"key": key, "template": template, "indicators": rows, "form": form})
    return cards


@login_required
@require_http_methods(["GET", "POST"])
def set_from_template(request, acronym):
    project = project_for_coordinator(request.user, acronym)
    templates = catalogue.templates()
    bound = {}
    if request.method == "POST":
        form = TemplateForm(request.POST, templates=templates)
        if form.is_valid():
            key, code = form.cleaned_data["template"], form.cleaned_data["code"].strip()
            try:
                indicator_set = catalogue.add_from_template(project, key, code)
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(
                    request,
                    _("Set %(set)s added from the template “%(template)s”.")
                    % {"set": indicator_set, "template": templates[key]["title"]},
                )
                return _back(project)
        bound[request.POST.get("template")] = form
    cards = _template_cards(project, bound)
    # A template that is not shipped has no card to show its error on: the page says it above them.
    unknown = next((f for key, f in bound.items() if key not in templates), None)
    return render(
        request, "kpis/sets/from_template.html", {"project": project, "cards": cards, "unknown": unknown}
    )


def _copyable_sets(user, project):
    """The sets of the other projects the user coordinates (every other project's, for a superuser)."""
    projects = Project.objects.coordinated_by(user).exclude(pk=project.pk)
    return IndicatorSet.objects.filter(project__in=projects)


@login_required
@require_http_methods(["GET", "POST"])
def set_copy(request, acronym):
    project = project_for_coordinator(request.user, acronym)
    copyable = _copyable_sets(request.user, project)
    form = None
    if request.method == "POST":
        form = CopyForm(request.POST)
        valid = form.is_valid()
        # A set of a project the user does not coordinate does not exist for them (404, never copied).
        source = get_object_or_404(
            copyable.select_related("project"), pk=form.cleaned_data.get("source") or 0
        )
        if valid:
            try:
                indicator_set = catalogue.copy_set(source, project, form.cleaned_data["code"].strip())
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(
                    request,
                    _("Set %(set)s copied from %(project)s, with its rules and targets.")
                    % {"set": indicator_set, "project": source.project.acronym},
                )
                return _back(project)
    sets = list(
        copyable.select_related("project")
        .annotate(n_indicators=Count("indicators"))
        .order_by("project__acronym", "position", "code")
    )
    groups = {}
    for indicator_set in sets:
        indicator_set.form = (
            form
            if form is not None and str(indicator_set.pk) == request.POST.get("source")
            else CopyForm(initial={"source": indicator_set.pk, "code": indicator_set.code})
        )
        groups.setdefault(indicator_set.project, []).append(indicator_set)
    return render(request, "kpis/sets/copy.html", {"project": project, "groups": list(groups.items())})


@login_required
@require_http_methods(["GET", "POST"])
def set_edit(request, acronym, pk=None):
    project = project_for_coordinator(request.user, acronym)
    indicator_set = get_object_or_404(IndicatorSet, project=project, pk=pk) if pk else None
    form = IndicatorSetForm(request.POST or None, instance=indicator_set, project=project)
    if request.method == "POST" and form.is_valid():
        if form.instance.pk is None:
            last = IndicatorSet.objects.filter(project=project).order_by("-position").first()
            form.instance.position = (last.position if last else 0) + 1
        saved = form.save()
        messages.success(request, _("Set %(set)s saved.") % {"set": saved})
        return _back(project)
    return render(
        request, "kpis/sets/set_form.html", {"project": project, "form": form, "indicator_set": indicator_set}
    )


def _blocking_values(indicators):
    """Values reported by hand (a number or a comment) that deleting these indicators would take off the
    dashboard and the reports: code -> the periods' numbers."""
    values = (
        ReportedValue.objects.filter(indicator__in=indicators)
        .exclude(value__isnull=True, comment="")
        .values_list("indicator__code", "period__number")
        .order_by("indicator__code", "period__number")
    )
    blocking = {}
    for code, number in values:
        blocking.setdefault(code, []).append(number)
    return blocking


def _delete(request, project, victim, indicators, template):
    blocking = _blocking_values(indicators)
    if request.method == "POST" and not blocking:
        with transaction.atomic():
            for indicator in indicators:  # one by one, so that history keeps each indicator's deletion
                indicator.delete()
            if isinstance(victim, IndicatorSet):
                victim.delete()
        messages.success(request, _("%(what)s deleted; its history is kept.") % {"what": victim})
        return _back(project)
    return render(
        request,
        template,
        {
            "project": project,
            "victim": victim,
            "is_set": isinstance(victim, IndicatorSet),
            "indicators": indicators,
            "blocking": blocking,
        },
        status=409 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_delete(request, acronym, pk):
    project = project_for_coordinator(request.user, acronym)
    indicator_set = get_object_or_404(IndicatorSet, project=project, pk=pk)
    indicators = list(indicator_set.indicators.order_by("position", "code"))
    return _delete(request, project, indicator_set, indicators, "kpis/sets/delete.html")


def _indicator(project, code):
    return get_object_or_404(
        Indicator.objects.filter(indicator_set__project=project).select_related("indicator_set__project"),
        code=code,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, acronym, code=None, pk=None):
    """An indicator of the set `pk` (new), or the indicator `code` (changed)."""
    project = project_for_coordinator(request.user, acronym)
    if code is None:
        indicator_set = get_object_or_404(IndicatorSet, project=project, pk=pk)
        last = indicator_set.indicators.order_by("-position").first()
        indicator = Indicator(indicator_set=indicator_set, position=(last.position if last else 0) + 1)
    else:
        indicator = _indicator(project, code)
        indicator_set = indicator.indicator_set
    indicator_set.project = project
    form = IndicatorForm(request.POST or None, instance=indicator, indicator_set=indicator_set)
    if request.method == "POST" and form.is_valid():
        orphaned = form.orphaned_subtypes()
        saved = form.save()
        messages.success(request, _("Indicator %(code)s saved.") % {"code": saved.code})
        if orphaned:
            messages.warning(
                request,
                _(
                    "The new rule of %(code)s does not give the sub-types %(names)s: their targets are "
                    "kept until you remove them on the targets page."
                )
                % {"code": saved.code, "names": ", ".join(orphaned)},
            )
            return redirect(reverse("kpis:targets", args=[project.acronym, saved.code]))
        return _back(project)
    return render(
        request,
        "kpis/sets/indicator_form.html",
        {"project": project, "form": form, "indicator": indicator, "indicator_set": indicator_set},
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request, acronym, code):
    project = project_for_coordinator(request.user, acronym)
    indicator = _indicator(project, code)
    return _delete(request, project, indicator, [indicator], "kpis/sets/delete.html")
