from django.urls import path

from kpis import api

app_name = "api"
urlpatterns = [
    path("projects/<slug:acronym>/kpis/", api.project_kpis, name="project_kpis"),
]
