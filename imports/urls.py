from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    # Spreadsheet import (issue 6)
    path("import/", views.import_index, name="import_index"),
    path("projects/<slug:acronym>/import/", views.import_start, name="import"),
    path(
        "projects/<slug:acronym>/import/participants/",
        views.import_participants,
        name="import_participants",
    ),
    path(
        "projects/<slug:acronym>/import/template/<slug:kind>.xlsx",
        views.import_template,
        name="import_template",
    ),
    path("projects/<slug:acronym>/imports/", views.import_list, name="import_list"),
    path("projects/<slug:acronym>/imports/<int:pk>/", views.import_run, name="import_run"),
    path(
        "projects/<slug:acronym>/imports/<int:pk>/columns/",
        views.import_columns,
        name="import_columns",
    ),
    path(
        "projects/<slug:acronym>/imports/<int:pk>/confirm/",
        views.import_confirm,
        name="import_confirm",
    ),
    path(
        "projects/<slug:acronym>/imports/<int:pk>/cancel/",
        views.import_cancel_view,
        name="import_cancel",
    ),
    path("projects/<slug:acronym>/imports/<int:pk>/undo/", views.import_undo_view, name="import_undo"),
    path(
        "projects/<slug:acronym>/imports/<int:pk>/status/",
        views.import_run_status,
        name="import_run_status",
    ),
]
