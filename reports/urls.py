from django.urls import path

from reports import views

app_name = "reports"
KIND = "<str:kind>/<int:number>"
urlpatterns = [
    path("reports/", views.home, name="home"),
    path("projects/<slug:acronym>/reports/", views.index, name="index"),
    path(f"projects/<slug:acronym>/reports/{KIND}/preview/", views.preview, name="preview"),
    path(f"projects/<slug:acronym>/reports/{KIND}/export/<str:fmt>/", views.export_create, name="export"),
    path(f"projects/<slug:acronym>/reports/{KIND}/freeze/", views.freeze, name="freeze"),
    path("reports/exports/<uuid:pk>/", views.export_detail, name="export_detail"),
    path("reports/exports/<uuid:pk>/status/", views.export_status, name="export_status"),
    path("reports/exports/<uuid:pk>/download/", views.export_download, name="export_download"),
    path("reports/frozen/<int:pk>/compare/", views.frozen_compare, name="frozen_compare"),
    path("reports/frozen/<int:pk>/<str:fmt>/", views.frozen_download, name="frozen_download"),
]
