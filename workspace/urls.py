from django.urls import path

from workspace import views

app_name = "workspace"
urlpatterns = [
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
]
