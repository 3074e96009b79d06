"""One search box for every record kind and the organisation directory, scoped to what the user sees."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from kpis.home import WORKSPACE_KINDS

PER_KIND = 20


@login_required
def search(request):
    text = " ".join(request.GET.get("q", "").split())[:100]
    groups = []
    if text:
        # One query per kind (seven in all), whatever the number of matches.
        for kind in WORKSPACE_KINDS:
            filterset = kind.filterset_class(
                {"q": text}, queryset=kind.visible(request.user), request=request
            )
            rows = list(filterset.qs.select_related("project")[: PER_KIND + 1])
            if rows:
                groups.append({"kind": kind, "rows": rows[:PER_KIND], "more": len(rows) > PER_KIND})
    return render(
        request,
        "kpis/search.html",
        {"q": text, "groups": groups, "found": sum(len(g["rows"]) for g in groups)},
    )
