from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The receivers of things that happen, and the deploy check of SITE_URL.
        from notifications import checks, events  # noqa: F401
