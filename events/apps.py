from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from django.db.models.signals import post_save

        from consortium.models import Project
        from events import categories, setup_pages

        # Creating a project is the set-up app's (below this one): it learns of it by this signal only.
        post_save.connect(categories.on_project_saved, sender=Project, dispatch_uid="events.categories")
        setup_pages.register()
