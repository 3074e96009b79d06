from django.urls import path

from narrative import images, views, views_write

app_name = "narrative"
BASE = "projects/<slug:acronym>/report-texts/<int:number>/"
urlpatterns = [
    path(BASE, views.texts, name="texts"),
    path(f"{BASE}text/<str:key>/", views_write.text, name="text"),
    path(f"{BASE}text/<str:key>/<str:about>/<int:pk>/", views_write.text, name="text_about"),
    path("projects/<slug:acronym>/report-texts/image/<int:pk>/", images.image, name="image"),
    path(f"{BASE}contribution/<int:task>/<int:partner>/", views_write.contribution, name="contribution"),
]
