from events.views import EVENTS

app_name = "events"
urlpatterns = EVENTS.urlpatterns("events/")
