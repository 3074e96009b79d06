from django.urls import path

from accounts.people import views

app_name = "people"
urlpatterns = [
    path("projects/<slug:acronym>/people/", views.people, name="list"),
    path("projects/<slug:acronym>/people/invite/", views.invite, name="invite"),
    path("projects/<slug:acronym>/people/invitations/<int:pk>/resend/", views.resend, name="resend"),
    path("projects/<slug:acronym>/people/invitations/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("projects/<slug:acronym>/people/members/<int:pk>/", views.change, name="change"),
    path("projects/<slug:acronym>/people/members/<int:pk>/remove/", views.remove, name="remove"),
    # The invited person's link (the token is the whole credential; only its digest is stored).
    path("accounts/invitation/<str:token>/", views.accept, name="accept"),
]
