from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    # One search box for every record kind and the organisation directory
    path("search/", views.search, name="search"),
]
