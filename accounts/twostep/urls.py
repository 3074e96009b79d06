from django.urls import path

from accounts.twostep import views

app_name = "twostep"
urlpatterns = [
    path("", views.account, name="account"),
    path("set-up/", views.enrol, name="enrol"),
    path("verify/", views.verify, name="verify"),
]
