from django.urls import path

from notifications import views, views_calendar

app_name = "notifications"

urlpatterns = [
    # The bell's list, its unread count (loaded after the page, so no page pays for it), marking read.
    path("notifications/", views.notification_list, name="list"),
    path("notifications/count/", views.unread_count, name="count"),
    path("notifications/<int:pk>/open/", views.notification_open, name="open"),
    path("notifications/read-all/", views.read_all, name="read_all"),
    # Each person's choice per kind; the one-click link of every e-mail leads here.
    path("notifications/settings/", views.preferences, name="settings"),
    # The personal calendar feed: the page that makes and revokes its link, and the feed itself.
    path("notifications/calendar/", views_calendar.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views_calendar.feed, name="feed"),
]
