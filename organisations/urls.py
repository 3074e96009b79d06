from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    *views.ORGANISATIONS.urlpatterns("organisations/"),
    path("organisations/pick/", views.organisation_pick, name="organisation_pick"),
    path("organisations/quick-add/", views.organisation_quick_add, name="organisation_quick_add"),
]
