from django.urls import path

from setup import views
from setup.kinds import KINDS

app_name = "setup"
urlpatterns = [
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<slug:acronym>/setup/", views.index, name="index"),
    path("projects/<slug:acronym>/setup/frame/", views.frame, name="frame"),
    path("projects/<slug:acronym>/setup/periods/fit/", views.period_fit, name="period_fit"),
]
for kind in KINDS:
    prefix, extra = f"projects/<slug:acronym>/setup/{kind.slug}/", {"kind": kind.name}
    urlpatterns += [
        path(prefix, views.row_list, extra, name=f"{kind.name}_list"),
        path(f"{prefix}add/", views.row_add, extra, name=f"{kind.name}_add"),
        path(f"{prefix}<int:pk>/", views.row_edit, extra, name=f"{kind.name}_edit"),
        path(f"{prefix}<int:pk>/delete/", views.row_delete, extra, name=f"{kind.name}_delete"),
    ]
