"""The coordinator's pages: an indicator's targets and its reported values, each change kept in history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consortium.models import Partner
from kpis.access import project_for_coordinator
from kpis.forms import ReportedValueForm, TargetsForm
from kpis.models import Indicator, IndicatorTarget, ReportedValue


def _indicator(project, code):
    return get_object_or_404(
        Indicator.objects.filter(indicator_set__project=project).select_related(
            "indicator_set", "counting_rule"
        ),
        code=code,
    )


@login_required
def edit_targets(request, acronym, code):
    project = project_for_coordinator(request.user, acronym)
    indicator = _indicator(project, code)
    partners = list(Partner.objects.filter(project=project).order_by("number"))
    form = TargetsForm(request.POST or None, indicator=indicator, partners=partners)
    if request.method == "POST" and form.is_valid():
        _save_targets(indicator, partners, form)
        for mismatch in form.mismatches():  # saved anyway: the coordinator ticked "the parts do not add up"
            messages.warning(request, mismatch)
        messages.success(request, _("Targets of %(code)s saved.") % {"code": indicator.code})
        return redirect(reverse("kpis:indicator", args=[project.acronym, indicator.code]))
    history = sorted(
        [*indicator.history.select_related("history_user"), *_target_history(indicator)],
        key=lambda h: h.history_date,
        reverse=True,
    )
    return render(
        request,
        "kpis/targets_form.html",
        {"project": project, "indicator": indicator, "form": form, "history": history},
    )


def _target_history(indicator):
    return IndicatorTarget.history.filter(indicator_id=indicator.pk).select_related("history_user", "partner")


@transaction.atomic
def _save_targets(indicator, partners, form):
    data = form.cleaned_data
    if (indicator.target, indicator.target_text) != (data["target"], data["target_text"]):
        indicator.target, indicator.target_text = data["target"], data["target_text"]
        indicator.save()
    parts = {(t.partner_id, t.subtype): t for t in indicator.targets.all()}
    wanted = {(p.pk, ""): (data.get(f"partner_{p.pk}"), "") for p in partners}
    wanted |= {(None, key): (value, label) for key, value, label in form.subtypes_to_save()}
    for (partner_id, subtype), (value, label) in wanted.items():
        part = parts.get((partner_id, subtype))
        if value is None:
            if part is not None:
                part.delete()  # simple-history keeps a "deleted" row
        elif part is None:
            IndicatorTarget(
                indicator=indicator, partner_id=partner_id, subtype=subtype, subtype_label=label, value=value
            ).save()
        elif part.value != value:
            part.value = value
            part.save()


@login_required
def edit_reported(request, acronym, code):
    project = project_for_coordinator(request.user, acronym)
    indicator = _indicator(project, code)
    periods = project.periods.order_by("number")
    initial = {"period": request.GET.get("period") or periods.last()}
    form = ReportedValueForm(request.POST or None, periods=periods, initial=initial)
    if indicator.mode != Indicator.Mode.REPORTED:
        messages.error(
            request,
            _("%(code)s is counted from records; only reported indicators take values.")
            % {"code": indicator.code},
        )
        return redirect(reverse("kpis:indicator", args=[project.acronym, indicator.code]))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            value = ReportedValue.objects.filter(indicator=indicator, period=data["period"]).first()
            value = value or ReportedValue(indicator=indicator, period=data["period"])
            value.value, value.comment = data["value"], data["comment"]
            value.save()
        messages.success(
            request,
            _("%(code)s: %(value)s saved for P%(number)s.")
            % {"code": indicator.code, "value": data["value"], "number": data["period"].number},
        )
        return redirect(
            reverse("kpis:indicator", args=[project.acronym, indicator.code])
            + f"?period={data['period'].number}"
        )
    values = list(
        ReportedValue.objects.filter(indicator=indicator).select_related("period").order_by("period__number")
    )
    history = ReportedValue.history.filter(indicator_id=indicator.pk).select_related("history_user", "period")
    return render(
        request,
        "kpis/reported_form.html",
        {"project": project, "indicator": indicator, "form": form, "values": values, "history": history},
    )
