from missions.views import MISSIONS

app_name = "missions"
urlpatterns = MISSIONS.urlpatterns("missions/")
