from django.urls import path

from imports import setup_views, views

PROJECT = "projects/<slug:acronym>/"
RUN = f"{PROJECT}imports/<int:pk>/"  # one import run: its steps, its progress, its undo

app_name = "imports"
urlpatterns = [
    # Spreadsheet import (issue 6)
    path("import/", views.import_index, name="import_index"),
    path(f"{PROJECT}import/", views.import_start, name="import"),
    path(f"{PROJECT}import/participants/", views.import_participants, name="import_participants"),
    path(f"{PROJECT}import/template/<slug:kind>.xlsx", views.import_template, name="import_template"),
    path(f"{PROJECT}imports/", views.import_list, name="import_list"),
    path(RUN, views.import_run, name="import_run"),
    path(f"{RUN}columns/", views.import_columns, name="import_columns"),
    path(f"{RUN}confirm/", views.import_confirm, name="import_confirm"),
    path(f"{RUN}cancel/", views.import_cancel_view, name="import_cancel"),
    path(f"{RUN}undo/", views.import_undo_view, name="import_undo"),
    path(f"{RUN}status/", views.import_run_status, name="import_run_status"),
    # The set-up workbook (issue 15 item 6)
    path(f"{PROJECT}import/setup/", setup_views.setup_book, name="setup_book"),
    path(f"{PROJECT}import/setup/<int:pk>/", setup_views.setup_book_run, name="setup_book_run"),
    path(
        f"{PROJECT}import/setup/template.xlsx",
        setup_views.setup_book_template_view,
        name="setup_book_template",
    ),
]
