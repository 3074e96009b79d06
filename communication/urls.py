from communication.views import COMMUNICATION

app_name = "communication"
urlpatterns = COMMUNICATION.urlpatterns("dissemination/")
