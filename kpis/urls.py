from django.urls import path

from kpis import views, views_dashboard, views_import, views_plan, views_search, views_targets

app_name = "kpis"
urlpatterns = [
    path("", views.home, name="home"),
    # Partner workspace (issue 3): global search and the plan (D3.2 Table 12)
    path("search/", views_search.search, name="search"),
    *views_plan.PLAN.urlpatterns("plan/"),
    # KPI dashboard, drill-down, timeline, targets and reported values (issue 4)
    path("dashboard/", views_dashboard.dashboard_index, name="dashboard_index"),
    path("projects/<slug:acronym>/dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("projects/<slug:acronym>/timeline/", views_dashboard.timeline, name="timeline"),
    path("projects/<slug:acronym>/kpi/<str:code>/", views_dashboard.indicator_detail, name="indicator"),
    path("projects/<slug:acronym>/kpi/<str:code>/targets/", views_targets.edit_targets, name="targets"),
    path("projects/<slug:acronym>/kpi/<str:code>/reported/", views_targets.edit_reported, name="reported"),
    # Spreadsheet import (issue 6)
    path("import/", views_import.import_index, name="import_index"),
    path("projects/<slug:acronym>/import/", views_import.import_start, name="import"),
    path(
        "projects/<slug:acronym>/import/participants/",
        views_import.import_participants,
        name="import_participants",
    ),
    path(
        "projects/<slug:acronym>/import/template/<slug:kind>.xlsx",
        views_import.import_template,
        name="import_template",
    ),
    path("projects/<slug:acronym>/imports/", views_import.import_list, name="import_list"),
    path("projects/<slug:acronym>/imports/<int:pk>/", views_import.import_run, name="import_run"),
    path(
        "projects/<slug:acronym>/imports/<int:pk>/columns/",
        views_import.import_columns,
        name="import_columns",
    ),
    path(
        "projects/<slug:acronym>/imports/<int:pk>/confirm/",
        views_import.import_confirm,
        name="import_confirm",
    ),
    path(
        "projects/<slug:acronym>/imports/<int:pk>/cancel/",
        views_import.import_cancel_view,
        name="import_cancel",
    ),
    path("projects/<slug:acronym>/imports/<int:pk>/undo/", views_import.import_undo_view, name="import_undo"),
    path(
        "projects/<slug:acronym>/imports/<int:pk>/status/",
        views_import.import_run_status,
        name="import_run_status",
    ),
]
