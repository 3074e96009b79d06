from django.apps import AppConfig


class ConsortiumConfig(AppConfig):
    name = "consortium"
    verbose_name = "Consortium"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from consortium.middleware import stamp_login

        # Login is the one moment a session's clock can start; Django announces it only by this signal.
        user_logged_in.connect(stamp_login, dispatch_uid="consortium.session_clock")
